import { Hono, type Context } from 'hono'
import { adminRoutes } from './admin/routes.js'
import type { Recorded } from '../core/journal.js'
import type { Session, Sessions } from '../core/session.js'
import type { CoverageUniverse } from '../core/coverage.js'
import type { ScenarioCatalog } from '../scenarios/catalog.js'
import { handleRequest, type Incoming, type MountedVendor } from '../pipeline/handle-request.js'
import type { Reply } from '../vendor/types.js'

export interface AppOptions {
  mounted: MountedVendor[]
  sessions: Sessions
  strict: boolean
  catalog: ScenarioCatalog
  adminToken?: string
  /** Called with every journal entry of every session (the fake-wide coverage report listens). */
  onRecord?: (entry: Recorded) => void
}

/** Raised for a reset-connection fault when there is no socket to destroy (in-process requests). */
export class ConnectionReset extends TypeError {
  constructor() {
    super('[jobfake] The connection was reset by a scenario fault (ECONNRESET).')
    this.name = 'ConnectionReset'
  }
}

const SESSION_NAME = /^[\w.:@-]{1,128}$/

/** The session a request names in X-Jobfake-Session ("default" when absent), or null when malformed. */
export function sessionName(c: Context): string | null {
  const name = c.req.header('x-jobfake-session') ?? 'default'
  return SESSION_NAME.test(name) ? name : null
}

/** What a client could exercise, per vendor: declared statuses of each operation, and job states. */
export function coverageUniverse(mounted: MountedVendor[], session: Session): CoverageUniverse[] {
  return mounted.map(({ vendor, compiled }) => ({
    vendor: vendor.name,
    operations: compiled.operations.map((op) => ({ id: op.id, statuses: Object.keys(op.responses).filter((s) => /^\d{3}$/.test(s)) })),
    states: [...new Set(session.vendors.get(vendor.name)?.tables.flatMap((t) => t.states) ?? [])],
  }))
}

/**
 * Turns a reply into a Response with an honest Content-Type and Content-Length. Headers stay a
 * plain object, which lets @hono/node-server write the response without building fetch Headers.
 */
export function toResponse(reply: Reply): Response {
  if (reply.body === undefined) {
    return new Response(null, { status: reply.status, headers: { ...reply.headers, 'content-length': '0' } })
  }
  const text = JSON.stringify(reply.body)
  const headers: Record<string, string> = reply.headers ? { ...reply.headers } : {}
  headers['content-type'] = 'application/json'
  headers['content-length'] = String(Buffer.byteLength(text))
  return new Response(text, { status: reply.status, headers })
}

type NodeHeaders = Record<string, string | string[] | undefined>

/** The request as the pipeline reads it: from node's IncomingMessage when served on a port. */
function incomingOf(c: Context, mount: string): Incoming {
  // The raw path, still percent-encoded: the spec router decodes each parameter once itself.
  const url = c.req.url
  const q = url.indexOf('?')
  const start = url.indexOf('/', url.indexOf('://') + 3)
  const rawPath = url.slice(start, q === -1 ? undefined : q)
  const nodeHeaders = (c.env as { incoming?: { headers: NodeHeaders } } | undefined)?.incoming?.headers
  const header = nodeHeaders
    ? (name: string) => {
        const value = nodeHeaders[name]
        return Array.isArray(value) ? value.join(', ') : value
      }
    : (name: string) => c.req.header(name)
  return {
    method: c.req.method,
    path: rawPath.slice(mount.length) || '/',
    search: q === -1 ? '' : url.slice(q + 1),
    header,
    hasBody: nodeHeaders
      ? Number(header('content-length') ?? 0) > 0 || header('transfer-encoding') !== undefined
      : c.req.raw.body !== null,
    text: () => c.req.text(),
    get signal() {
      return c.req.raw.signal
    },
  }
}

/**
 * Composes jobfake's HTTP app. A vendor request goes, in order, through:
 * 1. the vendor mount (its prefix; the vendor's own paths below it);
 * 2. the session, from X-Jobfake-Session;
 * 3. routing by the spec's paths, then auth emulation (the vendor's scheme and error body);
 * 4. request validation against the spec operation;
 * 5. the vendor route (an event for a job's actor, or a read), whose presenter builds the body;
 * 6. response validation (recorded; a 500 in --strict);
 * 7. the journal.
 * The admin API is a sub-app at /__admin.
 *
 * @example
 * const app = createApp({ mounted, sessions, strict: false })
 * await app.request('/__admin/health')
 */
export function createApp({ mounted, sessions, strict, catalog, adminToken, onRecord }: AppOptions): Hono {
  const app = new Hono()

  app.route(
    '/__admin',
    adminRoutes({
      token: adminToken,
      session: (c) => sessions.get(sessionName(c) ?? 'default'),
      catalog,
      universe: (session) => coverageUniverse(mounted, session),
    }),
  )

  for (const mount of mounted) {
    const { vendor } = mount
    const serve = async (c: Context) => {
      const name = sessionName(c)
      if (name === null) {
        const violations = [{ in: 'header' as const, name: 'x-jobfake-session', message: 'must be 1–128 letters, digits or ._:@-' }]
        return toResponse(vendor.problem({ kind: 'invalid-request', violations }))
      }
      const session = sessions.get(name)
      const incoming = incomingOf(c, vendor.mount)
      const { path } = incoming
      const handled = await handleRequest(incoming, session, mount, { strict, catalog })
      const entry = session.journal.record({
        time: session.clock.now(),
        session: name,
        vendor: vendor.name,
        method: c.req.method,
        path,
        operation: handled.operation,
        status: handled.reply.status,
        state: handled.reply.state,
        violations: handled.violations,
      })
      session.coverage.record(entry)
      onRecord?.(entry)
      // A reset fault: drop the socket without answering, as a dying server would.
      if (handled.reset) {
        const socket = (c.env as { incoming?: { socket?: { destroy(): void } } } | undefined)?.incoming?.socket
        if (!socket) throw new ConnectionReset()
        socket.destroy()
        return new Response(null, { status: 204 })
      }
      return toResponse(handled.reply)
    }
    app.all(vendor.mount, serve)
    app.all(`${vendor.mount}/*`, serve)
  }

  app.notFound((c) =>
    c.json(
      {
        error: 'not_found',
        message: `[jobfake] Nothing is mounted at ${c.req.path}. Vendors: ${mounted.map((m) => m.vendor.mount).join(', ')}; admin API: /__admin.`,
      },
      404,
    ),
  )
  app.onError((error, c) => {
    if (error instanceof ConnectionReset) throw error
    return c.json({ error: 'internal', message: `[jobfake] ${error.message}` }, 500)
  })
  return app
}
