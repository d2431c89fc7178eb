import type { AnyStateMachine } from 'xstate'
import type { Vendor } from '../vendor/types.js'
import type { EngineClock } from './clock.js'
import type { SessionEvents } from './events.js'
import type { IdGenerator } from './ids.js'
import { createJobTable, type JobTable, type JobTableOptions } from './jobs.js'
import { RecordHost, Records, SeedRecords, type RecordTable } from './records.js'
import { VendorScope, type ScopeHost, type VendorTables } from './scope.js'
import { Kinds, Tables } from './tables.js'

/** What a vendor's tables need of their session. */
export interface VendorHost extends ScopeHost {
  readonly clock: EngineClock
  readonly events: SessionEvents
  /** Told after every change of a job table. */
  readonly changed: () => void
}

interface Shared {
  jobs: Kinds
  records: Kinds
  /** What sessions' seeds put in each record table (see SeedRecords). */
  seeds: Map<string, SeedRecords>
}

// The kinds of each vendor's tables and what its seed puts, shared by every session.
const shared = new WeakMap<Vendor, Shared>()
const sharedOf = (vendor: Vendor) => {
  let known = shared.get(vendor)
  if (!known) {
    const records = new Kinds([...new Set(vendor.records)])
    known = { jobs: new Kinds(Object.keys(vendor.jobs)), records, seeds: new Map() }
    shared.set(vendor, known)
  }
  return known
}

class JobTables extends Tables<JobTable<AnyStateMachine>> {
  constructor(private state: VendorState) {
    super(sharedOf(state.vendor).jobs)
  }
  protected make(kind: string) {
    return this.state.jobTable(kind)
  }
}

class RecordTables extends Tables<RecordTable<unknown>> {
  constructor(private state: VendorState) {
    super(sharedOf(state.vendor).records)
  }
  protected make(kind: string) {
    return this.state.recordTable(kind)
  }
}

/**
 * One vendor's tables in one session, each made when first asked for; and the context its
 * routes, periodic tasks and job watchers get. Its seed runs through `seed`, so that what it
 * puts is shared with every other session whose seed put the same.
 *
 * @example
 * const own = new VendorState(vendor, session)
 * own.seed(session.clock.now(), createIds(1, 'seed'))
 */
export class VendorState implements VendorTables {
  readonly jobs: Tables<JobTable<AnyStateMachine>>
  readonly records: Tables<RecordTable<unknown>>
  readonly ctx: VendorScope
  private host: RecordHost

  constructor(
    readonly vendor: Vendor,
    private session: VendorHost,
  ) {
    this.jobs = new JobTables(this)
    this.records = new RecordTables(this)
    this.host = new RecordHost(vendor.name, session.events, session.clock.now)
    this.ctx = new VendorScope(this, session)
  }

  /** Runs the vendor's seed as of `at` (when its session started), with ids of its own. */
  seed(at: number, ids: IdGenerator): void {
    const { seed } = this.vendor
    if (!seed) return
    this.host.seeding = true
    try {
      this.ctx.seeding(at, ids, () => seed(this.ctx))
    } finally {
      this.host.seeding = false
    }
  }

  jobTable(kind: string): JobTable<AnyStateMachine> {
    const { machine, phase, watch } = this.vendor.jobs[kind]!
    return createJobTable<AnyStateMachine>({
      kind,
      machine,
      clock: this.session.clock,
      vendor: this.vendor.name,
      events: this.session.events,
      phase,
      onChange: this.session.changed,
      watch: watch as JobTableOptions<AnyStateMachine>['watch'],
      context: this.ctx,
    })
  }

  recordTable(kind: string): RecordTable<unknown> {
    const table = new Records<unknown>(kind, this.host)
    // Made during the seed: what the seed puts is checked against other sessions' seeds.
    if (this.host.seeding) {
      const { seeds } = sharedOf(this.vendor)
      let seed = seeds.get(kind)
      if (!seed) seeds.set(kind, (seed = new SeedRecords()))
      table.seedFrom(seed)
    }
    return table
  }

  /** Lets go of every job (their timers with them). */
  dispose(): void {
    for (const table of this.jobs.made()) table.dispose()
  }
}
