import type { AnyStateMachine } from 'xstate'
import { createFaultState, type FaultState } from '../scenarios/faults.js'
import type { ScenarioCatalog } from '../scenarios/catalog.js'
import type { Scenario } from '../scenarios/scenario.js'
import type { Vendor } from '../vendor/types.js'
import { createClock, type ClockMode, type ClockSnapshot, type EngineClock } from './clock.js'
import { createCoverage, type Coverage } from './coverage.js'
import { SessionEvents } from './events.js'
import { createIds, type IdGenerator } from './ids.js'
import { createJobTable, type StoredJob } from './jobs.js'
import { createJournal, type Journal, type Recorded } from './journal.js'
import { createRecordTable, type RecordTable } from './records.js'
import { VendorScope, type Tracker, type VendorTables } from './scope.js'

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
  /** Each vendor's tables, by vendor name. */
  readonly vendors: Map<string, VendorTables>
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
  /** Numbers a request's journal entry and tells every subscriber (journal, coverage, ...). */
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
  const { vendors, catalog } = options
  const events = new SessionEvents()
  const clock = createClock({
    mode: options.clock,
    start: options.start,
    onAdvance: (now, by) => events.emit({ type: 'clock', now, by }),
  })
  const journal = createJournal(options.journalSize)
  const coverage = createCoverage()
  events.on('request', ({ entry }) => (journal.push(entry), coverage.record(entry)))
  const changed = () => void session.version++
  events.on('record', changed)
  events.on('reset', changed)
  events.on('clock', changed)
  let ids = createIds(options.seed, name)
  let seq = 0
  const tables = new Map<string, VendorTables>()
  const ownRecords = new Map<string, RecordTable<unknown>>(
    (options.records ?? []).map((kind) => [
      kind,
      createRecordTable({ kind, vendor: 'jobfake', events, now: clock.now }),
    ]),
  )
  // Periodic tasks asleep until one of their vendor's jobs starts; they wake on their next tick.
  const asleep = new Map<string, { vendor: string; ms: number }>()
  events.on('job', ({ vendor, from }) => {
    if (from !== null || asleep.size === 0) return
    for (const [to, task] of asleep) {
      if (task.vendor !== vendor) continue
      asleep.delete(to)
      const origin = clock.origin()
      const next = origin + task.ms * (Math.floor((clock.now() - origin) / task.ms) + 1)
      clock.schedule({ to }, next - clock.now())
    }
  })

  const scenario = (vendor: string, chosen?: string): Scenario =>
    (chosen === undefined ? undefined : catalog.get(vendor, chosen)) ??
    catalog.get(vendor, session.scenarios.get(vendor)!)!
  const host = {
    clock,
    get ids() {
      return ids
    },
    scenario,
  }

  const open = () => {
    for (const vendor of vendors) {
      const own: VendorTables = { vendor, jobs: new Map(), records: new Map() }
      for (const kind of vendor.records)
        own.records.set(
          kind,
          createRecordTable({ kind, vendor: vendor.name, events, now: clock.now }),
        )
      tables.set(vendor.name, own)
      const ctx = new VendorScope(own, host)
      for (const [kind, { machine, phase, watch }] of Object.entries(vendor.jobs)) {
        const table = createJobTable<AnyStateMachine>({
          kind,
          machine,
          clock,
          vendor: vendor.name,
          events,
          phase,
          onChange: changed,
        })
        if (watch) table.watch((job) => watch(job as never, ctx))
        own.jobs.set(kind, table)
      }
      for (const [task, { ms, run, idle }] of Object.entries(vendor.every ?? {})) {
        const to = `every:${vendor.name}/${task}`
        clock.handle(to, (data) => {
          if (idle?.(ctx)) return void asleep.set(to, { vendor: vendor.name, ms })
          clock.schedule(data, ms)
          run(ctx)
        })
        clock.schedule({ to }, ms)
      }
      vendor.seed?.(ctx)
    }
  }
  const close = () => {
    for (const own of tables.values()) for (const table of own.jobs.values()) table.dispose()
    tables.clear()
    asleep.clear()
  }

  const session: Session = {
    name,
    clock,
    get ids() {
      return ids
    },
    events,
    journal,
    coverage,
    vendors: tables,
    records: ownRecords,
    scenarios: new Map(catalog.defaults),
    faults: createFaultState(),
    busy: 0,
    version: 0,
    scope: (vendor, tracker) => new VendorScope(tables.get(vendor)!, host, tracker),
    record(entry) {
      const recorded = { seq: ++seq, ...entry }
      events.emit({ type: 'request', entry: recorded })
      return recorded
    },
    reset() {
      close()
      for (const table of ownRecords.values()) table.clear()
      clock.reset()
      ids = createIds(options.seed, name)
      journal.clear()
      coverage.clear()
      session.scenarios = new Map(catalog.defaults)
      session.faults = createFaultState()
      open()
      events.emit({ type: 'reset', at: clock.now() })
    },
    snapshot() {
      const out: SessionSnapshot['vendors'] = {}
      for (const [vendor, own] of tables) {
        const jobs: Record<string, StoredJob[]> = {}
        const records: Record<string, Array<[string, unknown]>> = {}
        for (const [kind, table] of own.jobs) jobs[kind] = structuredClone(table.snapshot())
        for (const [kind, table] of own.records) records[kind] = table.snapshot()
        out[vendor] = { jobs, records }
      }
      return {
        format: 'jobfake-session/1',
        name,
        clock: clock.snapshot(),
        ids: ids.state(),
        scenarios: [...session.scenarios],
        faults: {
          calls: [...session.faults.calls],
          buckets: structuredClone([...session.faults.buckets]),
        },
        vendors: out,
        records: Object.fromEntries([...ownRecords].map(([kind, t]) => [kind, t.snapshot()])),
      }
    },
    restore(snapshot) {
      if (snapshot?.format !== 'jobfake-session/1')
        throw new Error('[jobfake] Not a jobfake session snapshot (format jobfake-session/1).')
      // Tables first, while their old timers are still theirs to clear; then the clock's timers.
      for (const [vendor, own] of tables) {
        const saved = snapshot.vendors[vendor]
        for (const [kind, table] of own.jobs) table.restore(saved?.jobs[kind] ?? [])
        for (const [kind, table] of own.records) table.restore(saved?.records[kind] ?? [])
      }
      for (const [kind, table] of ownRecords) table.restore(snapshot.records?.[kind] ?? [])
      clock.restore(snapshot.clock)
      // A periodic task with no timer in the snapshot was asleep.
      asleep.clear()
      const pending = new Set(snapshot.clock.timers.map((t) => t.task.to))
      for (const vendor of vendors) {
        for (const [task, { ms, idle }] of Object.entries(vendor.every ?? {})) {
          const to = `every:${vendor.name}/${task}`
          if (idle && !pending.has(to)) asleep.set(to, { vendor: vendor.name, ms })
        }
      }
      ids = createIds(options.seed, name, snapshot.ids)
      journal.clear()
      coverage.clear()
      session.scenarios = new Map(snapshot.scenarios)
      session.faults = {
        calls: new Map(snapshot.faults.calls),
        buckets: new Map(structuredClone(snapshot.faults.buckets)),
      }
    },
    dispose() {
      close()
      clock.dispose()
    },
  }
  open()
  return session
}

export { createSessions, type Sessions, type SessionsOptions } from './sessions.js'
