import { ATTEMPT_TIMEOUT_MS } from './schedule.js'

/** What a receiver did with one POST. */
export interface PostResult {
  ok: boolean
  /** The receiver's status; 0 when none came. */
  code: number
  response: string | null
  error?: string
  /** The receiver asked for no more retries (`webhook-delivery: abort-message`, as Svix honours). */
  abort: boolean
}

/** Marks jobfake's own deliveries, so that jobfake can refuse them (see `refuseOwnDeliveries`). */
export const DELIVERY_HEADER = 'x-jobfake-webhook'

const RESPONSE_LIMIT = 1024

// The first KB of the body, as Svix keeps it; the rest is never read.
async function firstKb(response: Response): Promise<string> {
  const reader = response.body?.getReader()
  if (!reader) return ''
  const chunks: Uint8Array[] = []
  let size = 0
  while (size < RESPONSE_LIMIT) {
    const { done, value } = await reader.read()
    if (done) break
    chunks.push(value)
    size += value.length
  }
  void reader.cancel().catch(() => undefined)
  return Buffer.concat(chunks).subarray(0, RESPONSE_LIMIT).toString('utf8')
}

/**
 * POSTs a signed body to a URL: real network I/O with a bounded timeout, never thrown. A 2xx is
 * a success; anything else (a redirect too, which is not followed) is a failure, as with Svix.
 *
 * @example
 * const result = await postSigned(url, headers, body) // { ok: true, code: 204, … }
 */
export async function postSigned(
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs = ATTEMPT_TIMEOUT_MS,
): Promise<PostResult> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'jobfake-webhooks', ...headers },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    })
    const text = await firstKb(response).catch(() => '')
    const ok = response.status >= 200 && response.status < 300
    return {
      ok,
      code: response.status,
      response: text,
      ...(!ok && { error: `HTTP ${response.status}` }),
      abort: response.headers.get('webhook-delivery') === 'abort-message',
    }
  } catch (error) {
    const code = ((error as Error).cause as { code?: string } | undefined)?.code
    const name = (error as Error).name
    const why = code ?? (name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : name)
    return { ok: false, code: 0, response: null, error: why, abort: false }
  }
}
