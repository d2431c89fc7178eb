import type { Entry, Har } from 'har-format'
import type { CompiledSpec } from '../spec/compile.js'

/** One recorded request, routed to its operation by the spec. */
export interface Routed {
  operation: string
  params: Record<string, string>
  /** When it was sent and when its answer was in, epoch ms. */
  sent: number
  answered: number
  status: number
  body: unknown
  headers: Record<string, string>
}

const parse = (text: string | undefined) => {
  if (!text) return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

const bodyOf = ({ response: { content } }: Entry) =>
  parse(
    content.encoding === 'base64'
      ? Buffer.from(content.text ?? '', 'base64').toString('utf8')
      : content.text,
  )

/**
 * Routes a recording's requests by the spec, in the order they were sent. The recorded URL holds
 * whatever base the service had (`/airweave`, `/api/v1`, none): the spec's path is found as the
 * longest tail of the URL's path that it routes. Requests it cannot route are counted, not kept.
 *
 * @example
 * const { routed, unrouted } = routeHar(har, await projectSpec(airweave))
 */
export function routeHar(har: Har, spec: CompiledSpec): { routed: Routed[]; unrouted: number } {
  const routed: Routed[] = []
  let unrouted = 0
  const entries = [...har.log.entries].sort(
    (a, b) => Date.parse(a.startedDateTime) - Date.parse(b.startedDateTime),
  )
  for (const entry of entries) {
    const segments = new URL(entry.request.url).pathname.split('/').slice(1)
    const method = entry.request.method.toUpperCase()
    let found: Routed | undefined
    for (let i = 0; i < segments.length && !found; i++) {
      const match = spec.route(method, `/${segments.slice(i).join('/')}`)
      if (match.kind !== 'operation') continue
      const sent = Date.parse(entry.startedDateTime)
      found = {
        operation: match.operation.id,
        params: match.params,
        sent,
        answered: sent + Math.max(0, entry.time),
        status: entry.response.status,
        body: bodyOf(entry),
        headers: Object.fromEntries(
          entry.response.headers.map((h) => [h.name.toLowerCase(), h.value]),
        ),
      }
    }
    if (found) routed.push(found)
    else unrouted++
  }
  return { routed, unrouted }
}
