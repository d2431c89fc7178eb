import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import type { Hono } from 'hono'
import { coverageUniverse, createApp } from './http/app.js'
import { createCoverage, type CoverageReport } from './core/coverage.js'
import { listJobs } from './http/admin/views.js'
import { parseClockMode, type ClockMode } from './core/clock.js'
import { parseDuration } from './core/duration.js'
import type { JournalEntry, JournalFilter } from './core/journal.js'
import { createSessions } from './core/session.js'
import type { MountedVendor } from './pipeline/handle-request.js'
import { createCatalog } from './scenarios/catalog.js'
import { loadScenarios } from './scenarios/load.js'
import { compileSpec, warmUp } from './spec/compile.js'
import { vendors as allVendors } from './vendors/index.js'
import type { Vendor } from './vendor/types.js'

export interface FakeOptions {
  /** "manual" (the default for the library), "real", "scaled:<factor>", or a ClockMode. */
  clock?: string | ClockMode
  /** Seeds ids: the same seed and requests give byte-identical responses. Default 1. */
  seed?: number
  /** Answer 500 when a response would break the spec. Default false (violations are recorded). */
  strict?: boolean
  /** Folder of the OpenAPI documents; default the `specs/` shipped with jobfake. */
  specsDir?: string
  /** Serve specs whose `$ref`s point nowhere, skipping what cannot be validated. */
  lenient?: boolean
  /** Protects the admin API with `Authorization: Bearer <token>`. */
  adminToken?: string
  /** How many requests each session's journal keeps. Default 10,000. */
  journalSize?: number
  /** Where the clock starts (epoch ms or ISO 8601); default a fixed date in manual mode, else now. */
  start?: number | string
  /** Folder of scenario files (`<vendor>/<name>.yaml`); default the `scenarios/` shipped with jobfake. */
  scenariosDir?: string
  /** Default scenarios, as `<vendor>/<name>`; every other vendor runs `happy`. */
  scenario?: string[]
  /** Which vendors to mount; default all. */
  vendors?: Vendor[]
}

export const DEFAULT_SPECS_DIR = fileURLToPath(new URL('../specs/', import.meta.url))
export const DEFAULT_SCENARIOS_DIR = fileURLToPath(new URL('../scenarios/', import.meta.url))

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
  const vendors = options.vendors ?? allVendors
  const specsDir = options.specsDir ?? DEFAULT_SPECS_DIR
  const mounted: MountedVendor[] = await Promise.all(
    vendors.map(async (vendor) => ({
      vendor,
      compiled: await compileSpec(join(specsDir, vendor.spec), { lenient: options.lenient }),
    })),
  )
  const loaded = loadScenarios(
    options.scenariosDir ?? DEFAULT_SCENARIOS_DIR,
    mounted.map(({ vendor, compiled }) => ({
      vendor: vendor.name,
      vocabulary: vendor.scenarios,
      operations: compiled.operations.map((op) => op.id),
    })),
  )
  if (loaded.problems.length > 0) throw new Error(loaded.problems.join('\n'))
  const catalog = createCatalog(loaded, vendors.map((v) => v.name), options.scenario)
  const clock = typeof options.clock === 'object' ? options.clock : parseClockMode(options.clock ?? 'manual')
  const start = typeof options.start === 'string' ? Date.parse(options.start) : options.start
  if (start !== undefined && Number.isNaN(start)) throw new Error(`[jobfake] Unknown start time "${options.start}". Use ISO 8601.`)
  const sessions = createSessions({
    vendors,
    clock,
    start,
    seed: options.seed ?? 1,
    journalSize: options.journalSize ?? 10_000,
    scenarios: catalog.defaults,
  })
  warmUp(mounted.map((m) => m.compiled))
  const total = createCoverage()
  const app = createApp({
    mounted,
    sessions,
    catalog,
    strict: options.strict ?? false,
    adminToken: options.adminToken,
    onRecord: (entry) => total.record(entry),
  })
  const main = () => sessions.get('default')
  return {
    app,
    fetch: async (request) => app.fetch(request),
    request: async (path, init) => app.request(path, init),
    clock: {
      advance(by) {
        const ms = parseDuration(by)
        if (ms === undefined) throw new Error(`[jobfake] "${by}" is not a duration. Use "90s", "2m30s", "PT2M30S" or milliseconds.`)
        return main().clock.advance(ms)
      },
      now: () => main().clock.now(),
    },
    jobs: (vendor) => listJobs(main(), vendor),
    journal: (filter) => main().journal.list(filter),
    violations: () => main().journal.list({ violations: true }),
    coverage: () => main().coverage.report(coverageUniverse(mounted, main())),
    report: () => total.report(coverageUniverse(mounted, main())),
    reset: () => main().reset(),
    async close() {
      sessions.dispose()
    },
  }
}

export { startFake, type StartOptions, type RunningFake } from './http/server.js'
export type { Vendor } from './vendor/types.js'
export type { ClockMode } from './core/clock.js'
