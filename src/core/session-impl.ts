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
import { Kinds, Tables } from './tables.js'
import { VendorState, type VendorHost } from './vendor-state.js'

// The vendors' names, in order, shared by the sessions of one fake.
const vendorKinds = new WeakMap<SessionOptions['vendors'], Kinds>()

/**
 * A session's vendors, each opened the first time it is asked for: a session mostly talks to one
 * vendor, and the other three vendors' tables, seeds and tasks were a third of an empty session's
 * heap (issue 18). A seed runs as of the session's start with ids of its own (`openVendor`), and
 * none starts a job, so a vendor opened late holds what it would have held from the start.
 */
class SessionVendors extends Tables<VendorState> {
  constructor(
    private session: SessionImpl,
    vendors: SessionOptions['vendors'],
  ) {
    let kinds = vendorKinds.get(vendors)
    if (!kinds) vendorKinds.set(vendors, (kinds = new Kinds(vendors.map((v) => v.name))))
    super(kinds)
  }
  protected make(name: string) {
    return this.session.openVendor(name)
  }
}

/** When a periodic task of `ms` next fires: on the multiples of `ms` from the clock's origin. */
function nextTick(clock: EngineClock, ms: number): number {
  const origin = clock.origin()
  return origin + ms * (Math.floor((clock.now() - origin) / ms) + 1)
}

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
  vendors: Tables<VendorState>
  readonly records: Map<string, RecordTable<unknown>>
  scenarios: Map<string, string>
  busy = 0
  version = 0
  /** Grows the version: told by job tables after every change. */
  readonly changed = () => void this.version++
  private idGenerator: IdGenerator
  private faultState: FaultState | undefined
  private seq = 0
  /** When the session started, or was last reset: its vendors are seeded as of then. */
  private openedAt: number
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
    this.openedAt = this.clock.now()
    this.vendors = new SessionVendors(this, options.vendors)
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
    // Numbered in place, not copied: the entry was made for this by the request's pipeline.
    const recorded = entry as Recorded
    recorded.seq = ++this.seq
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
    this.openedAt = this.clock.now()
    this.vendors = new SessionVendors(this, this.options.vendors)
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
      clock.scheduleTimer({ to }, nextTick(clock, task.ms) - clock.now())
    }
  }

  /** Opens a vendor: its tables, its periodic tasks on the session clock, then its seed. */
  openVendor(name: string): VendorState {
    const { clock } = this
    const vendor = this.options.vendors.find((v) => v.name === name)!
    const own = new VendorState(vendor, this)
    const { ctx } = own
    for (const [task, { ms, run, idle }] of Object.entries(vendor.every ?? {})) {
      const to = `every:${vendor.name}/${task}`
      clock.handle(to, (data) => {
        if (idle?.(ctx)) return this.sleep(to, vendor.name, ms)
        clock.scheduleTimer(data, ms)
        run(ctx)
      })
      clock.scheduleTimer({ to }, nextTick(clock, ms) - clock.now())
    }
    // Its own ids, so that what it puts does not depend on which vendor was asked for first.
    own.seed(this.openedAt, createIds(this.options.seed, `${this.name}\0seed:${name}`))
    return own
  }

  private close() {
    for (const own of this.vendors.made()) own.dispose()
    this.asleep = undefined
  }
}
