/**
 * Which browser origins may call jobfake: `true` (the default) every origin, reflected; `false`
 * none (no CORS headers, preflights go to the vendor like any request); or a list of origins.
 */
export type CorsSetting = boolean | string[]

/** What a browser may read of an answer beyond the safelisted headers. */
export const EXPOSED_HEADERS = [
  'ETag',
  'Retry-After',
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
  'Allow',
  'Location',
].join(', ')

const METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS'

/** The parts of a request CORS looks at. */
export interface CorsRequest {
  method: string
  header(name: string): string | undefined
}

export interface CorsPolicy {
  /** The headers to add to an answer for a request from `origin`; none when it is not allowed. */
  headers(origin: string | undefined): Record<string, string> | undefined
  /**
   * The answer to a preflight (OPTIONS with Origin and Access-Control-Request-Method), before any
   * routing; undefined for every other request.
   */
  preflight(request: CorsRequest): Response | undefined
}

const normal = (origin: string) => origin.replace(/\/+$/, '').toLowerCase()

/**
 * Reads `--cors`: "on", "off", or origins separated by commas.
 *
 * @example
 * parseCors('http://localhost:3000,http://127.0.0.1:5173') // ['http://localhost:3000', …]
 */
export function parseCors(text: string): CorsSetting {
  if (text === 'on') return true
  if (text === 'off') return false
  const origins = text.split(',').map((s) => s.trim())
  for (const origin of origins) {
    if (!/^https?:\/\/[^/\s]+\/?$/i.test(origin) && origin !== 'null')
      throw new Error(
        `[jobfake] --cors takes "off", "on" or origins such as http://localhost:3000,https://app.example.com (got "${origin}").`,
      )
  }
  return origins.map(normal)
}

/**
 * The CORS policy of the whole server. Hand-written rather than hono's middleware: vendor answers
 * keep plain-object headers on the hot path, a bare OPTIONS still reaches the vendor's own 405,
 * and Chrome's private-network preflight is answered.
 *
 * @example
 * const cors = createCors(['http://localhost:3000'])
 * cors?.headers('http://localhost:3000') // { 'access-control-allow-origin': …, … }
 */
export function createCors(setting: CorsSetting = true): CorsPolicy | undefined {
  if (setting === false) return undefined
  const allowed = setting === true ? undefined : new Set(setting.map(normal))
  const allows = (origin: string) => !allowed || allowed.has('*') || allowed.has(normal(origin))
  const headers = (origin: string | undefined) =>
    origin && allows(origin)
      ? {
          'access-control-allow-origin': origin,
          'access-control-allow-credentials': 'true',
          'access-control-expose-headers': EXPOSED_HEADERS,
          vary: 'Origin',
        }
      : undefined
  return {
    headers,
    preflight(request) {
      const header = (name: string) => request.header(name)
      const origin = header('origin')
      if (request.method !== 'OPTIONS' || !origin || !header('access-control-request-method'))
        return
      if (!allows(origin)) {
        const message = `[jobfake] Origin ${origin} may not call jobfake (--cors ${[...allowed!].join(',')}). Add it to --cors, or use --cors on.`
        return Response.json({ error: 'forbidden', message }, { status: 403 })
      }
      const answer: Record<string, string> = {
        'access-control-allow-origin': origin,
        'access-control-allow-credentials': 'true',
        'access-control-allow-methods': METHODS,
        'access-control-max-age': '600',
        vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
        'content-length': '0',
      }
      const asked = header('access-control-request-headers')
      if (asked) answer['access-control-allow-headers'] = asked
      // A page on a public origin calling jobfake on localhost (Chrome's Private Network Access).
      if (header('access-control-request-private-network') === 'true')
        answer['access-control-allow-private-network'] = 'true'
      return new Response(null, { status: 204, headers: answer })
    },
  }
}
