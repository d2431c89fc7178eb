import { Hono, type Context } from 'hono'
import { parseDuration } from '../../core/duration.js'
import type { Sessions } from '../../core/session.js'
import type { CoverageUniverse } from '../../core/coverage.js'
import { sessionNameOf } from '../../pipeline/handle-request.js'
import type { ScenarioCatalog } from '../../scenarios/catalog.js'
import type { Vendor } from '../../vendor/types.js'
import { eventStream, type StreamHub } from './events.js'
import { adminGuard } from './guard.js'
import { eventOf, findJob, nextTimers, refusal, viewJob, viewJobs } from './jobs.js'
import { journalFilter, waitForEntry } from './journal.js'
import { describeMachines } from './machines.js'
import { uiAsset } from './ui.js'
import { describeClock, listSessions } from './views.js'
import { refuseOwnDeliveries, settleDeliveries, webhookRoutes } from './webhooks.js'

declare module 'hono' {
  interface ContextVariableMap {
    /** The session an admin call names in X-Jobfake-Session (checked, not yet created). */
    sessionName: string
  }
}

export interface AdminOptions {
  sessions: Sessions
  catalog: ScenarioCatalog
  /** What a client could exercise, for the coverage report (made when first asked for). */
  universe: () => CoverageUniverse[]
  /** The vendors mounted: their machines are what `GET /machines` draws. */
  vendors: Vendor[]
  /** Where open event streams are kept, so that shutdown can end them. */
  streams: StreamHub
  /** When set, every admin call but `/health` needs `Authorization: Bearer <token>`. */
  token?: string
}

const CODES = {
  400: 'bad_request',
  401: 'unauthorized',
  404: 'not_found',
  409: 'conflict',
} as const

const adminError = (
  c: Context,
  status: keyof typeof CODES,
  message: string,
  extra?: Record<string, unknown>,
) => c.json({ error: CODES[status], message: `[jobfake] ${message}`, ...extra }, status)

/**
 * The admin API, a hono sub-app mounted at `/__admin`, behind its guard (a token, else loopback
 * only). Every call is scoped to the session of its X-Jobfake-Session header (`?session=` for
 * the event stream, which EventSource opens without headers).
 *
 * @example
 * app.route('/__admin', adminRoutes({ sessions, catalog, universe, vendors, streams }))
 */
export function adminRoutes(options: AdminOptions): Hono {
  const { sessions, catalog, universe, vendors, streams, token } = options
  const admin = new Hono()
  const session = (c: Context) => sessions.get(c.get('sessionName'))
  let machines: ReturnType<typeof describeMachines> | undefined

  admin.use('*', adminGuard({ token }))
  admin.use('*', refuseOwnDeliveries)
  admin.use('*', async (c, next) => {
    const query = c.req.path === '/__admin/events' ? c.req.query('session') : undefined
    // A malformed name must not fall back to "default": a reset would wipe somebody else's session.
    const name = sessionNameOf(c.req.header('x-jobfake-session') ?? query)
    if (name === null)
      return adminError(
        c,
        400,
        'X-Jobfake-Session must be 1–128 letters, digits or ._:@- (or absent, for "default").',
      )
    c.set('sessionName', name)
    // An admin call that changed a session (reset, clock, scenario, an event sent to a job) is
    // durable, with --state-file, before its answer goes out.
    const held = sessions.peek(name)
    const version = held?.version
    await next()
    const after = sessions.peek(name)
    if (after && after.version !== version) await sessions.commit(after)
  })
  admin.use('/clock/advance', settleDeliveries(sessions))
  admin.route('/webhooks', webhookRoutes({ sessions }))

  admin.get('/health', (c) => c.json({ status: 'ok' }))

  admin.post('/reset', (c) => {
    session(c).reset()
    return c.body(null, 204)
  })

  admin.get('/clock', (c) => c.json(describeClock(session(c).clock)))

  admin.post('/clock/advance', async (c) => {
    let body: unknown
    try {
      body = await c.req.json()
    } catch {
      return adminError(
        c,
        400,
        'POST /__admin/clock/advance takes a JSON body such as {"by": "3m"}.',
      )
    }
    const by = parseDuration((body as { by?: unknown } | null)?.by)
    if (by === undefined) {
      return adminError(
        c,
        400,
        `"by" must be a duration such as "90s", "2m30s", "PT2M30S" or a number of milliseconds (got ${JSON.stringify((body as { by?: unknown } | null)?.by)}).`,
      )
    }
    const clock = session(c).clock
    try {
      // In slices: a long advance lets every other request (and SIGTERM) through meanwhile.
      await clock.advanceInSlices(by)
    } catch (error) {
      if (error instanceof RangeError)
        return adminError(c, 400, error.message.replace(/^\[jobfake\] /, ''))
      throw error
    }
    return c.json(describeClock(clock))
  })

  admin.get('/fixtures', (c) => {
    const fixtures: Record<string, unknown> = {}
    // The vendors' own declarations: reading them opens no session's vendors.
    for (const vendor of vendors) fixtures[vendor.name] = vendor.fixtures
    return c.json(fixtures)
  })

  admin.get('/jobs', (c) => {
    const vendor = c.req.query('vendor')
    const current = session(c)
    if (vendor && !current.vendors.has(vendor)) {
      return adminError(
        c,
        400,
        `Unknown vendor "${vendor}". Use one of: ${[...current.vendors.keys()].join(', ')}.`,
      )
    }
    return c.json(viewJobs(current, vendor))
  })

  admin.get('/jobs/:id', (c) => {
    const current = session(c)
    const found = findJob(current, c.req.param('id'), c.req.query('vendor'))
    if (!found) return adminError(c, 404, `No job "${c.req.param('id')}" in this session.`)
    return c.json(viewJob(found, nextTimers(current)))
  })

  admin.post('/jobs/:id/events', async (c) => {
    const current = session(c)
    const found = findJob(current, c.req.param('id'), c.req.query('vendor'))
    if (!found) return adminError(c, 404, `No job "${c.req.param('id')}" in this session.`)
    const event = eventOf(await c.req.json().catch(() => undefined))
    if (typeof event === 'string') return adminError(c, 400, event)
    if (!found.table.send(found.job.id, event)) {
      const { message, ...refused } = refusal(found, event)
      return adminError(c, 409, message, refused)
    }
    return c.json(viewJob(found, nextTimers(current)))
  })

  admin.get('/machines', (c) => c.json((machines ??= describeMachines(vendors))))

  admin.get('/sessions', (c) => c.json(listSessions(sessions)))

  admin.get('/events', (c) =>
    eventStream(session(c), {
      hub: streams,
      lastEventId: c.req.header('last-event-id') ?? c.req.query('lastEventId'),
      signal: c.req.raw.signal,
    }),
  )

  admin.get('/ui', (c) => c.redirect(`/__admin/ui/${new URL(c.req.url).search}`, 301))
  admin.get('/ui/', (c) => uiAsset('index.html') ?? adminError(c, 404, 'The UI is not built.'))
  admin.get('/ui/:file', (c) => {
    const file = c.req.param('file')
    return uiAsset(file) ?? adminError(c, 404, `The UI has no file "${file}".`)
  })

  admin.get('/scenarios', (c) => {
    const current = session(c)
    const out: Record<string, unknown> = {}
    for (const vendor of current.vendors.keys()) {
      out[vendor] = {
        active: current.scenarios.get(vendor),
        available: catalog.list(vendor).map((s) => ({ name: s.name, description: s.description })),
      }
    }
    return c.json(out)
  })

  admin.put('/scenarios/:vendor', async (c) => {
    const vendor = c.req.param('vendor')
    const name = ((await c.req.json().catch(() => ({}))) as { name?: unknown }).name
    if (typeof name !== 'string')
      return adminError(c, 400, 'PUT /__admin/scenarios/<vendor> takes {"name": "<scenario>"}.')
    if (!catalog.get(vendor, name)) return adminError(c, 400, catalog.unknown(vendor, name))
    const current = session(c)
    current.scenarios.set(vendor, name)
    current.version++
    return c.json({ vendor, active: name })
  })

  admin.get('/journal', (c) => {
    const filter = journalFilter(c.req.query())
    if (typeof filter === 'string') return adminError(c, 400, filter)
    return c.json(session(c).journal.list(filter))
  })

  admin.post('/journal/wait', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as Record<string, unknown>
    const filter = journalFilter(
      Object.fromEntries(
        Object.entries(body)
          .filter(([k]) => k !== 'timeout' && k !== 'since')
          .map(([k, v]) => [k, String(v)]),
      ),
    )
    if (typeof filter === 'string') return adminError(c, 400, filter)
    const timeout = parseDuration(body.timeout ?? '10s')
    if (timeout === undefined || timeout > 60_000)
      return adminError(c, 400, '"timeout" must be a duration up to 60s (default 10s).')
    const since = Number(body.since ?? 0)
    const entry = await waitForEntry(session(c), filter, since, timeout, c.req.raw.signal)
    return c.json({ matched: entry !== null, entry })
  })

  admin.get('/coverage', (c) => {
    const current = session(c)
    return c.json(current.coverage.report(universe()))
  })

  // A catch-all route, not notFound(): a mounted sub-app's notFound is never consulted.
  admin.all('*', (c) =>
    adminError(
      c,
      404,
      `No admin route ${c.req.method} ${c.req.path}. See the README for the admin API.`,
    ),
  )
  return admin
}
