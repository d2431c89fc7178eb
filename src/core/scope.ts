import type { AnyStateMachine, ContextFrom, EventFromLogic, InputFrom } from 'xstate'
import type { Scenario } from '../scenarios/scenario.js'
import { profileOf, type Profile } from '../vendor/profile.js'
import type { Vendor, VendorContext } from '../vendor/types.js'
import type { EngineClock } from './clock.js'
import type { IdGenerator } from './ids.js'
import type { Job, JobTable } from './jobs.js'
import type { RecordTable } from './records.js'

/** One vendor's tables in one session. */
export interface VendorTables {
  vendor: Vendor
  jobs: ReadonlyMap<string, JobTable<AnyStateMachine>>
  records: ReadonlyMap<string, RecordTable<unknown>>
}

/** What a scope needs of its session. */
export interface ScopeHost {
  readonly clock: EngineClock
  readonly ids: IdGenerator
  scenario(vendor: string, name?: string): Scenario
}

/** Notes the jobs one request looks at: coverage reads the state of the last one. */
export interface Tracker {
  last?: Job
}

/**
 * A job table seen through one request: lookups, starts and events note the job they reach,
 * so coverage knows which job state a request exercised.
 */
class TrackedJobs<M extends AnyStateMachine> {
  constructor(
    private table: JobTable<M>,
    private tracker: Tracker,
  ) {}
  private note<J extends Job | undefined>(job: J): J {
    if (job) this.tracker.last = job
    return job
  }
  get kind() {
    return this.table.kind
  }
  get states() {
    return this.table.states
  }
  start(id: string, input: InputFrom<M>, timeline?: Array<{ at: number; event: string }>) {
    return this.note(this.table.start(id, input, timeline))
  }
  get(id: string) {
    return this.note(this.table.get(id))
  }
  send(id: string, event: EventFromLogic<M>) {
    this.note(this.table.get(id))
    return this.table.send(id, event)
  }
  all = () => this.table.all()
  can = (id: string, event: EventFromLogic<M>) => this.table.can(id, event)
  accepts = (id: string) => this.table.accepts(id)
  remove = (id: string) => this.table.remove(id)
  watch = (listener: (job: Job<ContextFrom<M>>) => void) => this.table.watch(listener)
  size = () => this.table.size()
  active = () => this.table.active()
  snapshot = () => this.table.snapshot()
  restore: JobTable<M>['restore'] = (stored) => this.table.restore(stored)
  dispose = () => this.table.dispose()
}

/**
 * The VendorContext a route, periodic task or reaction gets: its vendor's tables in its session,
 * the session's clock and ids, and scenarios resolved by name. A request's scope tracks jobs.
 *
 * @example
 * const ctx = new VendorScope(tables, session, { })
 * ctx.jobs('sync-job').get(id)
 */
export class VendorScope implements VendorContext {
  /** While a seed runs: the time and ids it sees (see `seeding`). */
  private seed: { at: number; ids: IdGenerator } | undefined

  constructor(
    private tables: VendorTables,
    private host: ScopeHost,
    private tracker?: Tracker,
  ) {}

  get vendor() {
    return this.tables.vendor.name
  }
  get clock() {
    return this.host.clock
  }
  get ids() {
    return this.seed?.ids ?? this.host.ids
  }
  now() {
    return this.seed?.at ?? this.host.clock.now()
  }

  /**
   * Runs `fn` (a vendor's seed) as of `at`, drawing from `ids`: a vendor opened after its session
   * started puts what it would have put at the start, whatever was asked before.
   */
  seeding(at: number, ids: IdGenerator, fn: () => void): void {
    this.seed = { at, ids }
    try {
      fn()
    } finally {
      this.seed = undefined
    }
  }

  jobs<M extends AnyStateMachine>(kind: string): JobTable<M> {
    const table = this.tables.jobs.get(kind) as JobTable<M> | undefined
    if (!table) throw new Error(`[jobfake] Vendor ${this.vendor} declares no job kind "${kind}".`)
    return this.tracker ? (new TrackedJobs(table, this.tracker) as unknown as JobTable<M>) : table
  }

  records<T>(kind: string): RecordTable<T> {
    const table = this.tables.records.get(kind) as RecordTable<T> | undefined
    if (!table)
      throw new Error(`[jobfake] Vendor ${this.vendor} declares no record kind "${kind}".`)
    return table
  }

  start<M extends AnyStateMachine>(
    kind: string,
    id: string,
    input: Omit<InputFrom<M>, 'profile'>,
    scenario: Scenario,
  ) {
    const full = { ...input, profile: this.profile(scenario) } as InputFrom<M>
    return this.jobs<M>(kind).start(id, full, scenario.timeline) as Job<ContextFrom<M>>
  }

  scenario(name?: string): Scenario {
    return this.host.scenario(this.vendor, name)
  }

  profile(scenario: Scenario): Profile {
    return profileOf(scenario, this.tables.vendor.scenarios)
  }
}
