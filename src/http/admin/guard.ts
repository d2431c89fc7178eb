import type { Context, MiddlewareHandler } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { bearerToken, sameSecret } from '../../vendor/secrets.js'

export interface GuardOptions {
  /** The admin token (`--admin-token`); without one, only loopback clients are answered. */
  token?: string
  /** Where the admin API is mounted. Default "/__admin". */
  prefix?: string
}

const COOKIE = 'jobfake_admin'

/**
 * Whether a peer address is this machine: 127.0.0.0/8, ::1, or 127.x mapped into IPv6.
 *
 * @example
 * isLoopback('::ffff:127.0.0.1') // true
 */
export const isLoopback = (address: string) =>
  address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.')

/** The client's address, or undefined for a request made in-process (no socket at all). */
const peerOf = (c: Context): string | undefined =>
  (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket
    ?.remoteAddress

const refuse = (c: Context, status: 401 | 403, message: string) =>
  c.json({ error: status === 401 ? 'unauthorized' : 'forbidden', message }, status)

/**
 * Guards the admin API, after counterfact's idea (a token, else loopback only). `/health` is
 * open in every mode, for health checks. With a token, every other route needs it as
 * `Authorization: Bearer`; the event stream may take it as `?token=` (EventSource sends no
 * headers), and the UI takes it once as `?token=`, kept in a cookie scoped to the UI's own files.
 * Without a token, clients that are not on loopback get 403; in-process requests count as local.
 *
 * @example
 * admin.use('*', adminGuard({ token: process.env.JOBFAKE_ADMIN_TOKEN }))
 */
export function adminGuard({ token, prefix = '/__admin' }: GuardOptions): MiddlewareHandler {
  return async function guard(c, next) {
    const route = c.req.path.slice(prefix.length)
    if (route === '/health') return next()
    if (!token) {
      const peer = peerOf(c)
      if (peer !== undefined && !isLoopback(peer))
        return refuse(
          c,
          403,
          `[jobfake] The admin API answers this machine only (you are ${peer}). Start jobfake with --admin-token <token> (or JOBFAKE_ADMIN_TOKEN) and send "Authorization: Bearer <token>".`,
        )
      return next()
    }
    const ui = route === '/ui' || route.startsWith('/ui/')
    const query = ui || route === '/events' ? c.req.query('token') : undefined
    const given = bearerToken(c.req.header('authorization')) ?? query
    if (given !== undefined && sameSecret(given, token)) {
      await next()
      // The page's own modules and styles are fetched without the query: the cookie carries it.
      if (ui && query !== undefined)
        setCookie(c, COOKIE, token, { path: `${prefix}/ui/`, httpOnly: true, sameSite: 'Strict' })
      return
    }
    const cookie = ui ? getCookie(c, COOKIE) : undefined
    if (given === undefined && cookie !== undefined && sameSecret(cookie, token)) return next()
    return refuse(
      c,
      401,
      `[jobfake] The admin API needs "Authorization: Bearer <admin token>" (set by --admin-token or JOBFAKE_ADMIN_TOKEN); the UI takes it once as ${prefix}/ui/?token=<admin token>.`,
    )
  }
}
