import type { FaultState } from '../scenarios/faults.js'
import type { ScenarioCatalog } from '../scenarios/catalog.js'
import type { Vendor } from '../vendor/types.js'
import type { ClockMode, ClockSnapshot, EngineClock } from './clock.js'
import type { Coverage } from './coverage.js'
import type { SessionEvents } from './events.js'
import type { IdGenerator } from './ids.js'
import type { StoredJob } from './jobs.js'
import type { Journal, Recorded } from './journal.js'
import type { RecordTable } from './records.js'
import type { MadeOnUse } from './tables.js'
import type { Tracker, VendorScope, VendorTables } from './scope.js'
import { SessionImpl } from './session-impl.js'

/** A session as data: everything it holds but its journal and coverage. */
export interface SessionSnapshot {
  format: 'jobfake-session/1'
  name: string
  clock: ClockSnapshot
  ids: number[]
  scenarios: Array<[string, string]>
  faults: {
    calls: Array<[string, number]>
    buckets: Array<[string, { tokens: number; at: number }]>
  }
  vendors: Record<
    string,
    { jobs: Record<string, StoredJob[]>; records: Record<string, Array<[string, unknown]>> }
  >
  /** The session's own records, beside its vendors' (jobfake's own webhooks). */
  records?: Record<string, Array<[string, unknown]>>
}

/** Everything one test run sees: its own clock, ids, jobs, records, journal and events. */
export interface Session {
  readonly name: string
  readonly clock: EngineClock
  readonly ids: IdGenerator
  readonly events: SessionEvents
  readonly journal: Journal
  readonly coverage: Coverage
  /**
   * Each vendor's tables, by vendor name. A vendor is opened (its seed run) the first time it is
   * asked for; iterating opens every vendor.
   */
  readonly vendors: MadeOnUse<VendorTables>
  /** The session's own record tables (not a vendor's), by kind: see `SessionOptions.records`. */
  readonly records: Map<string, RecordTable<unknown>>
  /** The scenario each vendor runs in this session, by name. */
  scenarios: Map<string, string>
  faults: FaultState
  /** Requests (and long polls) in flight: a busy session is never evicted. */
  busy: number
  /** Grows with every change of the session's state: a request that moved it must be persisted. */
  version: number
  /** A context for one vendor; with a tracker, it notes the jobs a request looks at. */
  scope(vendor: string, tracker?: Tracker): VendorScope
  /**
   * Numbers a request's journal entry (in place: it becomes the Recorded) and tells every
   * subscriber (journal, coverage, ...).
   */
  record(entry: Omit<Recorded, 'seq'>): Recorded
  /**
   * A new start: jobs, records, journal, coverage, faults and scenario choices cleared, ids re-
   * seeded, clock to its start.
   */
  reset(): void
  snapshot(): SessionSnapshot
  /** Replaces the session's state with a snapshot's; the journal and coverage start empty. */
  restore(snapshot: SessionSnapshot): void
  dispose(): void
}

export interface SessionOptions {
  vendors: Vendor[]
  catalog: ScenarioCatalog
  clock: ClockMode
  /** Epoch ms the clock starts at; by default the wall clock, or a fixed date in manual mode. */
  start?: number
  seed: number
  journalSize: number
  /** Record kinds the session keeps for jobfake itself (its webhooks), kept as a vendor's are. */
  records?: string[]
}

/**
 * Creates a session. Vendor tables are made afresh here and on every reset, from the vendors'
 * declarations, so a reset really is a new start: no job, record, timer or id survives it.
 *
 * @example
 * const options = { vendors, catalog, clock: { kind: 'manual' }, seed: 1, journalSize: 100 }
 * const session = createSession('ci-42', options)
 */
export function createSession(name: string, options: SessionOptions): Session {
  return new SessionImpl(name, options)
}

export { createSessions, type Sessions, type SessionsOptions } from './sessions.js'
