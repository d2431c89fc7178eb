import type { FaultState } from '../scenarios/faults.js'
import type { Scenario } from '../scenarios/scenario.js'
import { createClock, type EngineClock } from './clock.js'
import { createCoverage, type Coverage } from './coverage.js'
import { SessionEvents, type SessionEvent } from './events.js'
import { LazyFaults } from './faults.js'
import { createIds, type IdGenerator } from './ids.js'
import type { StoredJob } from './jobs.js'
import { createJournal, type Journal, type Recorded } from './journal.js'
import { RecordHost, Records, type RecordTable } from './records.js'
import { VendorScope, type Tracker } from './scope.js'
import type { Session, SessionOptions, SessionSnapshot } from './session.js'
import { VendorState, type VendorHost } from './vendor-state.js'

/**
 * A session (see createSession). A class, and lazy where it can be, because a server holds
 * thousands: what every session's seed puts is shared until a session changes it, and the
 * structures a session may never use (fault counters, its journal's ring) wait for first use.
 */
export class SessionImpl implements Session, VendorHost {
  readonly events: SessionEvents
  readonly clock: EngineClock
  readonly journal: Journal
  readonly coverage: Coverage
  readonly vendors = new Map<string, VendorState>()
  readonly records: Map<string, RecordTable<unknown>>
  scenarios: Map<string, string>
  busy = 0
  version = 0
  /** Grows the version: told by job tables after every change. */
  readonly changed = () => void this.version++
  private idGenerator: IdGenerator
  private faultState: FaultState | undefined
  private seq = 0
  /** Periodic tasks asleep until one of their vendor's jobs starts; they wake on their next tick. */
  private asleep: Map<string, { vendor: string; ms: number }> | undefined

  constructor(
    readonly name: string,
    private options: SessionOptions,
  ) {
    // The session hears its own events first, before any subscriber.
    this.events = new SessionEvents((event) => this.hear(event))
    this.clock = createClock({
      mode: options.clock,
      start: options.start,
      onAdvance: (now, by) => this.events.emit({ type: 'clock', now, by }),
    })
    this.journal = createJournal(options.journalSize)
    this.coverage = createCoverage()
    this.idGenerator = createIds(options.seed, name)
    const host = new RecordHost('jobfake', this.events, this.clock.now)
    this.records = new Map((options.records ?? []).map((kind) => [kind, new Records(kind, host)]))
    this.scenarios = new Map(options.catalog.defaults)
    this.open()
  }

  get ids(): IdGenerator {
    return this.idGenerator
  }

  get faults(): FaultState {
    return (this.faultState ??= new LazyFaults())
  }
  set faults(state: FaultState) {
    this.faultState = state
  }

  scenario(vendor: string, chosen?: string): Scenario {
    const { catalog } = this.options
    return (
      (chosen === undefined ? undefined : catalog.get(vendor, chosen)) ??
      catalog.get(vendor, this.scenarios.get(vendor)!)!
    )
  }

  scope(vendor: string, tracker?: Tracker): VendorScope {
    return new VendorScope(this.vendors.get(vendor)!, this, tracker)
  }

  record(entry: Omit<Recorded, 'seq'>): Recorded {
    const recorded = { seq: ++this.seq, ...entry }
    this.events.emit({ type: 'request', entry: recorded })
    return recorded
  }

  reset(): void {
    this.close()
    for (const table of this.records.values()) table.clear()
    this.clock.reset()
    this.idGenerator = createIds(this.options.seed, this.name)
    this.journal.clear()
    this.coverage.clear()
    this.scenarios = new Map(this.options.catalog.defaults)
    this.faultState = undefined
    this.open()
    this.events.emit({ type: 'reset', at: this.clock.now() })
  }

  snapshot(): SessionSnapshot {
    const out: SessionSnapshot['vendors'] = {}
    for (const [vendor, own] of this.vendors) {
      const jobs: Record<string, StoredJob[]> = {}
      const records: Record<string, Array<[string, unknown]>> = {}
      for (const [kind, table] of own.jobs) jobs[kind] = structuredClone(table.snapshot())
      for (const [kind, table] of own.records) records[kind] = table.snapshot()
      out[vendor] = { jobs, records }
    }
    return {
      format: 'jobfake-session/1',
      name: this.name,
      clock: this.clock.snapshot(),
      ids: this.idGenerator.state(),
      scenarios: [...this.scenarios],
      faults: LazyFaults.snapshot(this.faultState),
      vendors: out,
      records: Object.fromEntries([...this.records].map(([kind, t]) => [kind, t.snapshot()])),
    }
  }

  restore(snapshot: SessionSnapshot): void {
    if (snapshot?.format !== 'jobfake-session/1')
      throw new Error('[jobfake] Not a jobfake session snapshot (format jobfake-session/1).')
    // Tables first, while their old timers are still theirs to clear; then the clock's timers.
    for (const [vendor, own] of this.vendors) {
      const saved = snapshot.vendors[vendor]
      for (const [kind, table] of own.jobs) table.restore(saved?.jobs[kind] ?? [])
      for (const [kind, table] of own.records) table.restore(saved?.records[kind] ?? [])
    }
    for (const [kind, table] of this.records) table.restore(snapshot.records?.[kind] ?? [])
    this.clock.restore(snapshot.clock)
    // A periodic task with no timer in the snapshot was asleep.
    this.asleep = undefined
    const pending = new Set(snapshot.clock.timers.map((t) => t.task.to))
    for (const vendor of this.options.vendors) {
      for (const [task, { ms, idle }] of Object.entries(vendor.every ?? {})) {
        const to = `every:${vendor.name}/${task}`
        if (idle && !pending.has(to)) this.sleep(to, vendor.name, ms)
      }
    }
    this.idGenerator = createIds(this.options.seed, this.name, snapshot.ids)
    this.journal.clear()
    this.coverage.clear()
    this.scenarios = new Map(snapshot.scenarios)
    this.faultState = new LazyFaults({
      calls: new Map(snapshot.faults.calls),
      buckets: new Map(structuredClone(snapshot.faults.buckets)),
    })
  }

  dispose(): void {
    this.close()
    this.clock.dispose()
  }

  private hear(event: SessionEvent) {
    switch (event.type) {
      case 'request':
        this.journal.push(event.entry)
        this.coverage.record(event.entry)
        return
      case 'job':
        if (event.from === null) this.wake(event.vendor)
        return
      case 'record':
      case 'reset':
      case 'clock':
        // Grows with every change of the session's state: a request that moved it is persisted.
        this.version++
    }
  }

  private sleep(to: string, vendor: string, ms: number) {
    ;(this.asleep ??= new Map()).set(to, { vendor, ms })
  }

  private wake(vendor: string) {
    const { asleep, clock } = this
    if (!asleep || asleep.size === 0) return
    for (const [to, task] of asleep) {
      if (task.vendor !== vendor) continue
      asleep.delete(to)
      const origin = clock.origin()
      const next = origin + task.ms * (Math.floor((clock.now() - origin) / task.ms) + 1)
      clock.scheduleTimer({ to }, next - clock.now())
    }
  }

  // Vendor tables are made afresh here and on every reset, from the vendors' declarations.
  private open() {
    const { clock } = this
    for (const vendor of this.options.vendors) {
      const own = new VendorState(vendor, this)
      this.vendors.set(vendor.name, own)
      const { ctx } = own
      for (const [task, { ms, run, idle }] of Object.entries(vendor.every ?? {})) {
        const to = `every:${vendor.name}/${task}`
        clock.handle(to, (data) => {
          if (idle?.(ctx)) return this.sleep(to, vendor.name, ms)
          clock.scheduleTimer(data, ms)
          run(ctx)
        })
        clock.scheduleTimer({ to }, ms)
      }
      own.seed()
    }
  }

  private close() {
    for (const own of this.vendors.values()) own.dispose()
    this.vendors.clear()
    this.asleep = undefined
  }
}
