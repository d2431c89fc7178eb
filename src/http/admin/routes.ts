import { Hono, type Context } from 'hono'
import { parseDuration } from '../../core/duration.js'
import type { JournalFilter } from '../../core/journal.js'
import type { Sessions } from '../../core/session.js'
import type { CoverageUniverse } from '../../core/coverage.js'
import { matches } from '../../core/journal.js'
import { realDelay } from '../../core/clock.js'
import { sessionNameOf } from '../../pipeline/handle-request.js'
import type { ScenarioCatalog } from '../../scenarios/catalog.js'
import { sameSecret, bearerToken } from '../../vendor/secrets.js'
import { describeClock, listJobs } from './views.js'

declare module 'hono' {
  interface ContextVariableMap {
    /** The session an admin call names in X-Jobfake-Session (checked, not yet created). */
    sessionName: string
  }
}

export interface AdminOptions {
  sessions: Sessions
  catalog: ScenarioCatalog
  /** What a client could exercise, for the coverage report. */
  universe: CoverageUniverse[]
  /** When set, every admin call needs `Authorization: Bearer <token>`. */
  token?: string
}

const adminError = (c: Context, status: 400 | 401 | 404 | 409, message: string) =>
  c.json(
    { error: status === 401 ? 'unauthorized' : 'bad_request', message: `[jobfake] ${message}` },
    status,
  )

function journalFilter(query: Record<string, string>): JournalFilter | string {
  const filter: JournalFilter = {}
  if (query.vendor) filter.vendor = query.vendor
  if (query.operation) filter.operation = query.operation
  if (query.status) {
    const status = Number(query.status)
    if (!Number.isInteger(status)) return `status must be a whole number (got "${query.status}").`
    filter.status = status
  }
  if (query.violations !== undefined) filter.violations = query.violations !== 'false'
  return filter
}

/**
 * The admin API, a hono sub-app mounted at `/__admin`. Every call is scoped to the session
 * of its X-Jobfake-Session header.
 *
 * @example
 * app.route('/__admin', adminRoutes({ session: (c) => sessions.get(nameOf(c)) }))
 */
export function adminRoutes({ sessions, catalog, universe, token }: AdminOptions): Hono {
  const admin = new Hono()
  const session = (c: Context) => sessions.get(c.get('sessionName'))

  admin.use('*', async (c, next) => {
    if (token && !sameSecret(bearerToken(c.req.header('authorization')) ?? '', token)) {
      return adminError(
        c,
        401,
        'The admin API needs "Authorization: Bearer <admin token>" (set by --admin-token).',
      )
    }
    // A malformed name must not fall back to "default": a reset would wipe somebody else's session.
    const name = sessionNameOf(c.req.header('x-jobfake-session'))
    if (name === null)
      return adminError(
        c,
        400,
        'X-Jobfake-Session must be 1–128 letters, digits or ._:@- (or absent, for "default").',
      )
    c.set('sessionName', name)
    await next()
  })

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
    clock.advance(by)
    return c.json(describeClock(clock))
  })

  admin.get('/fixtures', (c) => {
    const fixtures: Record<string, unknown> = {}
    for (const [name, { vendor }] of session(c).vendors) fixtures[name] = vendor.fixtures
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
    return c.json(listJobs(current, vendor))
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
    session(c).scenarios.set(vendor, name)
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
    const journal = session(c).journal
    // Waits in real time: it waits on a client, not on the fake's own clock.
    const found = journal.list(filter).find((e) => e.seq > since)
    if (found) return c.json({ matched: true, entry: found })
    const stop = new AbortController()
    const entry = await new Promise<unknown>((resolve) => {
      const unlisten = journal.listen(
        (e) => e.seq > since && matches(e, filter) && (unlisten(), stop.abort(), resolve(e)),
      )
      realDelay(timeout, stop.signal).then(() => (unlisten(), resolve(null)))
      c.req.raw.signal.addEventListener('abort', () => (unlisten(), stop.abort(), resolve(null)), {
        once: true,
      })
    })
    return c.json({ matched: entry !== null, entry })
  })

  admin.get('/coverage', (c) => {
    const current = session(c)
    return c.json(current.coverage.report(universe))
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
