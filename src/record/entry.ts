import type { Cookie, Entry, Header } from 'har-format'
import { REDACTED, redactPairs } from './redact.js'

/** The request as the proxy forwarded it. */
export interface Forwarded {
  method: string
  url: string
  headers: Array<[string, string]>
  body: Buffer
}

/** The answer as the proxy sent it back. */
export interface Exchange {
  status: number
  statusText: string
  headers: Array<[string, string]>
  content: Buffer
  timings?: { wait: number; receive: number }
}

interface Context {
  /** Epoch ms at which the request arrived. */
  started: number
  options: {
    secrets: { headers: ReadonlySet<string>; query: ReadonlySet<string> }
    keepSecrets?: boolean
  }
}

const pairs = (list: Array<[string, string]>): Header[] =>
  list.map(([name, value]) => ({ name, value }))

const cookiesOf = (headers: Array<[string, string]>, name: string): Cookie[] =>
  headers
    .filter(([n]) => n.toLowerCase() === name)
    .flatMap(([, value]) =>
      (name === 'cookie' ? value.split(';') : [value.split(';')[0]!]).map((part) => {
        const at = part.indexOf('=')
        return { name: part.slice(0, at).trim(), value: part.slice(at + 1).trim() }
      }),
    )
    .filter((c) => c.name !== '')

// JSON and text are kept as text; anything else as base64, as HAR allows.
const isText = (type: string) => /json|text|xml|x-www-form-urlencoded|^$/.test(type)
const typeOf = (headers: Array<[string, string]>) =>
  headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1] ?? ''

/**
 * One request and its answer as a HAR 1.2 entry. Credentials — the secret headers, their query
 * parameters, every cookie value — are replaced by REDACTED unless `keepSecrets`.
 *
 * @example
 * entryOf(forwarded, exchange, { started: Date.parse(...), options: { secrets } })
 */
export function entryOf(
  request: Forwarded,
  answer: Exchange,
  { started, options }: Context,
): Entry {
  const keep = options.keepSecrets === true
  const url = new URL(request.url)
  for (const name of [...url.searchParams.keys()])
    if (!keep && options.secrets.query.has(name.toLowerCase())) url.searchParams.set(name, REDACTED)
  const hide = <T extends { name: string; value: string }>(
    list: T[],
    secret: { has(name: string): boolean },
  ) => (keep ? list : redactPairs(list, secret))
  // A cookie's value is a credential more often than not: every one is hidden.
  const everyName = { has: () => true }
  const requestType = typeOf(request.headers)
  const answerType = typeOf(answer.headers)
  const textual = isText(answerType)
  const wait = answer.timings?.wait ?? 0
  const receive = answer.timings?.receive ?? 0
  return {
    startedDateTime: new Date(started).toISOString(),
    time: wait + receive,
    request: {
      method: request.method,
      url: url.toString(),
      httpVersion: 'HTTP/1.1',
      cookies: hide(cookiesOf(request.headers, 'cookie'), everyName),
      headers: hide(pairs(request.headers), options.secrets.headers),
      queryString: hide(
        [...url.searchParams].map(([name, value]) => ({ name, value })),
        options.secrets.query,
      ),
      ...(request.body.length > 0
        ? { postData: { mimeType: requestType, text: request.body.toString('utf8') } }
        : {}),
      headersSize: -1,
      bodySize: request.body.length,
    },
    response: {
      status: answer.status,
      statusText: answer.statusText,
      httpVersion: 'HTTP/1.1',
      cookies: hide(cookiesOf(answer.headers, 'set-cookie'), everyName),
      headers: hide(pairs(answer.headers), options.secrets.headers),
      content: {
        size: answer.content.length,
        mimeType: answerType,
        text: answer.content.toString(textual ? 'utf8' : 'base64'),
        ...(textual ? {} : { encoding: 'base64' }),
      },
      redirectURL: answer.headers.find(([n]) => n.toLowerCase() === 'location')?.[1] ?? '',
      headersSize: -1,
      bodySize: answer.content.length,
    },
    cache: {},
    timings: { send: 0, wait, receive },
  }
}
