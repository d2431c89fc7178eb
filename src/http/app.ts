import { Hono, type Context } from 'hono'
import { drainAfter } from './drain.js'
import { RequestIncoming } from './node-incoming.js'
import { adminRoutes } from './admin/routes.js'
import { createStreamHub, type StreamHub } from './admin/events.js'
import { createCors, type CorsSetting } from './cors.js'
import type { Sessions } from '../core/session.js'
import type { CoverageUniverse } from '../core/coverage.js'
import type { ScenarioCatalog } from '../scenarios/catalog.js'
import { after } from '../core/steps.js'
import { copyRecord } from '../core/data.js'
import { handleRequest, type Handled, type MountedVendor } from '../pipeline/handle-request.js'
import type { Reply } from '../vendor/types.js'

export interface AppOptions {
  mounted: MountedVendor[]
  sessions: Sessions
  strict: boolean
  catalog: ScenarioCatalog
  adminToken?: string
  /** Which browser origins may call: every one (the default), none (false), or a list. */
  cors?: CorsSetting
  /** Where the admin event streams are kept; `streams.closeAll()` ends them at shutdown. */
  streams?: StreamHub
  /** jobfake's seed, which mocked dynamic answers are seeded from. Default 1. */
  seed?: number
  /** What the coverage report covers: the fake's own, so that it is made once (coverageUniverse). */
  universe?: () => CoverageUniverse[]
}

/** Raised for a reset-connection fault when there is no socket to destroy (in-process requests). */
export class ConnectionReset extends TypeError {
  constructor() {
    super('[jobfake] The connection was reset by a scenario fault (ECONNRESET).')
    this.name = 'ConnectionReset'
  }
}

/**
 * What a client could exercise, per vendor: declared statuses of each operation, and job states.
 * Made when first asked for (a coverage report): a deferred document is compiled then.
 */
export function coverageUniverse(mounted: MountedVendor[]): () => CoverageUniverse[] {
  let universe: CoverageUniverse[] | undefined
  return () => (universe ??= mounted.map(universeOf))
}

function universeOf({ vendor, compiled, bound }: MountedVendor): CoverageUniverse {
  return {
    vendor: vendor.name,
    operations: compiled.operations.map((op) => ({
      id: op.id,
      statuses: Object.keys(op.responses).filter((s) => /^\d{3}$/.test(s)),
      ...(bound.has(op.id) ? {} : { mocked: true }),
    })),
    states: [
      ...new Set(
        Object.values(vendor.jobs).flatMap(({ machine }) => Object.keys(machine.root.states)),
      ),
    ],
  }
}

/**
 * Turns a reply into a Response with an honest Content-Type and Content-Length. Headers stay a
 * plain object, which lets @hono/node-server write the response without building fetch Headers.
 * `serialised`: the JSON body as the pipeline already wrote it out.
 */
export function toResponse(
  reply: Reply,
  extra?: Record<string, string>,
  serialised?: string,
): Response {
  // Not a spread: content-length (and content-type) are added to it (see copyRecord).
  const headers: Record<string, string> = reply.headers ? copyRecord(reply.headers) : {}
  if (extra) Object.assign(headers, extra)
  if (reply.body === undefined) {
    headers['content-length'] = '0'
    return new Response(null, { status: reply.status, headers })
  }
  const text = serialised ?? (reply.type ? String(reply.body) : JSON.stringify(reply.body))
  // A problem+json body keeps the type its vendor gave it.
  headers['content-type'] = reply.type ?? headers['content-type'] ?? 'application/json'
  headers['content-length'] = String(Buffer.byteLength(text))
  return new Response(text, { status: reply.status, headers })
}

/**
 * Composes jobfake's HTTP app. A vendor request goes, in order, through:
 * 0. CORS: a preflight is answered here, before anything else;
 * 1. the vendor mount (its prefix; the vendor's own paths below it);
 * 2. the session, from X-Jobfake-Session;
 * 3. routing by the spec's paths, the scenario, then its faults;
 * 4. auth emulation (the spec's security schemes, the vendor's rules and error body);
 * 5. the body (limited) and request validation against the spec operation;
 * 6. the vendor route (an event for a job's machine, or a read), whose presenter builds the body;
 * 7. response validation (recorded; a 500 in --strict), on every way out;
 * 8. the session's `request` event: the journal, coverage, event streams and console log
 *    subscribe; the answer gets its CORS headers.
 * The admin API is a sub-app at /__admin, behind its guard.
 *
 * @example
 * const app = createApp({ mounted, sessions, strict: false })
 * await app.request('/__admin/health')
 */
export function createApp(options: AppOptions): Hono {
  const { mounted, sessions, strict, catalog, adminToken } = options
  const app = new Hono()
  const universe = options.universe ?? coverageUniverse(mounted)
  const cors = createCors(options.cors)
  const vendors = mounted.map((m) => m.vendor)
  const streams = options.streams ?? createStreamHub()
  const pipeline = { sessions, catalog, strict, seed: options.seed ?? 1 }

  if (cors) {
    // Only OPTIONS requests pay for this; a bare OPTIONS (no preflight) goes on to the vendor.
    app.options('*', async (c, next) => cors.preflight(c.req) ?? next())
    // Admin answers and jobfake's own 404s get their CORS headers here; vendor answers in serve.
    app.use('/__admin/*', async (c, next) => {
      await next()
      const headers = cors.headers(c.req.header('origin'))
      if (headers)
        for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value)
    })
  }

  app.route(
    '/__admin',
    adminRoutes({ token: adminToken, sessions, catalog, universe, vendors, streams }),
  )

  const respond = (c: Context, incoming: RequestIncoming, handled: Handled) => {
    // A reset fault: drop the socket without answering, as a dying server would.
    if (handled.reset) {
      const socket = (c.env as { incoming?: { socket?: { destroy(): void } } } | undefined)
        ?.incoming?.socket
      if (!socket) throw new ConnectionReset()
      socket.destroy()
      return new Response(null, { status: 204 })
    }
    const origin = cors?.headers(incoming.header('origin'))
    const response = toResponse(handled.reply, origin, handled.text)
    // Answered before the body was read (a 413, a 405): the client still gets the answer. A
    // request without a body has nothing to drain, even when node has not yet seen its end.
    const node = incoming.node
    if (incoming.hasBody && node?.complete === false && typeof node.resume === 'function')
      drainAfter(node)
    return response
  }

  for (const mount of mounted) {
    const { vendor } = mount
    // Not async: a request that waits for nothing (most do) is answered before this returns, and
    // @hono/node-server writes it out at once, skipping its promise path (issue 18).
    const serve = (c: Context) => {
      const incoming = new RequestIncoming(c, vendor.mount)
      return after(handleRequest(incoming, mount, pipeline), (handled) =>
        respond(c, incoming, handled),
      )
    }
    app.all(vendor.mount, serve)
    app.all(`${vendor.mount}/*`, serve)
  }

  app.notFound((c) => {
    const headers = cors?.headers(c.req.header('origin'))
    if (headers) for (const [name, value] of Object.entries(headers)) c.header(name, value)
    return c.json(
      {
        error: 'not_found',
        message: `[jobfake] Nothing is mounted at ${c.req.path}. Vendors: ${mounted.map((m) => m.vendor.mount).join(', ')}; admin API: /__admin.`,
      },
      404,
    )
  })
  app.onError((error, c) => {
    if (error instanceof ConnectionReset) throw error
    return c.json({ error: 'internal', message: `[jobfake] ${error.message}` }, 500)
  })
  return app
}
