import type { Hono } from 'hono'
import { coverageUniverse, createApp } from './http/app.js'
import { createStreamHub } from './http/admin/events.js'
import type { CorsSetting } from './http/cors.js'
import { createRequestLog, type LogMode } from './http/log.js'
import { createCoverage, type CoverageReport } from './core/coverage.js'
import { listJobs } from './http/admin/views.js'
import { parseClockMode, type ClockMode } from './core/clock.js'
import { parseDuration } from './core/duration.js'
import type { JournalEntry, JournalFilter } from './core/journal.js'
import { createSessions, type Session } from './core/session.js'
import { loadProject, type ProjectOptions } from './project.js'
import { warmers, warmUp } from './spec/compile.js'
import { warmMocks } from './mock/prism.js'
import { DeferredMount, type MountedVendor } from './pipeline/mounted.js'
import { attachWebhooks, JOBFAKE_WEBHOOK_RECORDS } from './webhooks/jobfake.js'

export { DEFAULT_SCENARIOS_DIR, DEFAULT_SPECS_DIR } from './project.js'

/** Everything `loadProject` takes (specs, scenarios, vendors, lenient, default scenarios), and: */
export interface FakeOptions extends Omit<ProjectOptions, 'mode'> {
  /** "manual" (the default for the library), "real", "scaled:<factor>", or a ClockMode. */
  clock?: string | ClockMode
  /** Seeds ids: the same seed and requests give byte-identical responses. Default 1. */
  seed?: number
  /** Answer 500 when a response would break the spec. Default false (violations are recorded). */
  strict?: boolean
  /**
   * Protects the admin API with `Authorization: Bearer <token>`; without one, it answers loopback
   * clients (and in-process requests) only.
   */
  adminToken?: string
  /** Which browser origins may call: every one, reflected (`true`, the default), none, or a list. */
  cors?: CorsSetting
  /** One console line per request: "pretty", "json", or "off" (the default for the library). */
  log?: LogMode
  /** How many requests each session's journal keeps. Default 10,000. */
  journalSize?: number
  /** At most this many sessions are held; more evict the least recently used idle one. Default 1,000. */
  maxSessions?: number
  /** Frees sessions nobody used for this long (real time): "30m", "PT1H" or ms. Default never. */
  sessionIdle?: string | number
  /** Keeps every session in this file across restarts (a write-ahead log; see the README). */
  stateFile?: string
  /**
   * Where the clock starts (epoch ms or ISO 8601); default a fixed date in manual mode, else now.
   */
  start?: number | string
}

/** An in-process fake: the app, its sessions, and the helpers tests use on the default session. */
export interface Fake {
  app: Hono
  /** Sends a request to the fake without a port. */
  fetch(request: Request): Promise<Response>
  /** `fetch` with a path: `fake.request('/airweave/source-connections/…/jobs', { headers })`. */
  request(path: string, init?: RequestInit): Promise<Response>
  clock: { advance(by: string | number): number; now(): number }
  jobs(vendor?: string): ReturnType<typeof listJobs>
  journal(filter?: JournalFilter): JournalEntry[]
  /** Journal entries of the default session that broke the spec. */
  violations(): JournalEntry[]
  /** Operation × status × state coverage of the default session. */
  coverage(): CoverageReport
  /** Coverage of every session since the fake started, resets included: what `--report` writes. */
  report(): CoverageReport
  reset(): void
  /** The session named (default "default"), created if need be: for snapshots and advanced use. */
  session(name?: string): Session
  close(): Promise<void>
}

/**
 * Builds an in-process fake with every vendor mounted. Specs are loaded and validators
 * compiled here, once.
 *
 * @example
 * const fake = await createFake({ clock: 'manual', seed: 7 })
 * const res = await fake.request('/__admin/fixtures')
 */
export async function createFake(options: FakeOptions = {}): Promise<Fake> {
  const { mounted, catalog } = await loadProject(options)
  const clock =
    typeof options.clock === 'object' ? options.clock : parseClockMode(options.clock ?? 'manual')
  const start = typeof options.start === 'string' ? Date.parse(options.start) : options.start
  if (start !== undefined && Number.isNaN(start))
    throw new Error(`[jobfake] Unknown start time "${options.start}". Use ISO 8601.`)
  const idleMs = options.sessionIdle === undefined ? undefined : parseDuration(options.sessionIdle)
  if (idleMs === undefined && options.sessionIdle !== undefined) {
    throw new Error(
      `[jobfake] Session idle time "${options.sessionIdle}" is not a duration. Use "30m", "PT1H" or milliseconds.`,
    )
  }
  const total = createCoverage()
  const log = createRequestLog({
    mode: options.log ?? 'off',
    mounts: new Map(mounted.map((m) => [m.vendor.name, m.vendor.mount])),
  })
  const sessions = createSessions(
    {
      vendors: mounted.map((m) => m.vendor),
      catalog,
      clock,
      start,
      seed: options.seed ?? 1,
      journalSize: options.journalSize ?? 10_000,
      records: JOBFAKE_WEBHOOK_RECORDS,
      maxSessions: options.maxSessions,
      idleMs,
      store: options.stateFile
        ? (await import('./store/state-file.js')).openStateFile(options.stateFile)
        : undefined,
    },
    // The fake-wide report hears every session's requests, resets included.
    (session) => {
      session.events.on('request', ({ entry }) => total.record(entry))
      log?.listen(session)
      attachWebhooks(session)
    },
  )
  // Deferred documents are compiled first, when the process is idle, then their validators. A
  // document checked before does not fail to compile, but if it did (another jobfake's checks),
  // the server stays up. A vendor's own document has operations that prism answers.
  const deferred = mounted.filter((m) => m instanceof DeferredMount)
  const ready = mounted.filter((m) => !(m instanceof DeferredMount))
  const load = (m: DeferredMount) => () => {
    try {
      return warmers([m.load().compiled])
    } catch (error) {
      console.error((error as Error).message)
    }
  }
  warmUp(
    ready.map((m) => m.compiled),
    { first: deferred.map(load) },
  )
  const mocks = (m: MountedVendor) => m.compiled.operations.some((op) => !m.bound.has(op.id))
  if (deferred.some((m) => m.document) || ready.some(mocks)) warmMocks()
  const universe = coverageUniverse(mounted)
  const streams = createStreamHub()
  const app = createApp({
    mounted,
    sessions,
    catalog,
    strict: options.strict ?? false,
    adminToken: options.adminToken,
    cors: options.cors ?? true,
    streams,
    seed: options.seed ?? 1,
    universe,
  })
  const main = () => sessions.get('default')
  return {
    app,
    fetch: async (request) => app.fetch(request),
    request: async (path, init) => app.request(path, init),
    clock: {
      advance(by) {
        const ms = parseDuration(by)
        if (ms === undefined)
          throw new Error(
            `[jobfake] "${by}" is not a duration. Use "90s", "2m30s", "PT2M30S" or milliseconds.`,
          )
        return main().clock.advance(ms)
      },
      now: () => main().clock.now(),
    },
    jobs: (vendor) => listJobs(main(), vendor),
    journal: (filter) => main().journal.list(filter),
    violations: () => main().journal.list({ violations: true }),
    coverage: () => main().coverage.report(universe()),
    report: () => total.report(universe()),
    reset: () => main().reset(),
    session: (name = 'default') => sessions.get(name),
    async close() {
      // Event streams end at once: they must not hold up shutdown.
      streams.closeAll()
      sessions.dispose()
      await log?.flush()
    },
  }
}

export { startFake, type StartOptions, type RunningFake } from './http/server.js'
export type { Vendor } from './vendor/types.js'
export type { SessionSnapshot } from './core/session.js'
export { defineVendor } from './vendor/define.js'
export type { ClockMode } from './core/clock.js'
