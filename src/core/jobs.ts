import type {
  AnyMachineSnapshot,
  AnyStateMachine,
  ContextFrom,
  EventFromLogic,
  InputFrom,
} from 'xstate'
import type { EngineClock } from './clock.js'
import type { SessionEvents } from './events.js'
import { JobTableImpl } from './job-table.js'

export { topState } from './live-job.js'

/** One entry of a job's history: the state (or finer phase) it entered, at clock time. */
export interface Transition {
  readonly state: string
  readonly at: number
}

/** What the rest of jobfake sees of a job: plain values, kept current by its table. */
export interface Job<TContext = unknown> {
  readonly id: string
  readonly kind: string
  readonly createdAt: number
  /** The machine's top-level state: what the wire, coverage and events speak of. */
  state: string
  context: TContext
  /** True once the machine reached a final state: the job never changes again. */
  done: boolean
  /** Grows by one with every change, for ETags and optimistic concurrency. */
  revision: number
  updatedAt: number
  /**
   * Phases entered, with clock times (the phase defaults to the top-level state). Read-only: jobs
   * that entered the same phases at the same times share one (core/history.ts).
   */
  history: readonly Transition[]
}

/** A job as data: the record, and while it can still change, its machine snapshot and timers. */
export interface StoredJob {
  job: Job
  live?: { snapshot: unknown; timers: Record<string, number> }
}

/** A table of the jobs of one kind in one session, each driven by one machine. */
export interface JobTable<M extends AnyStateMachine> {
  readonly kind: string
  /** The machine's top-level states: what coverage counts. */
  readonly states: string[]
  /** Starts a job; `timeline` events are sent to it at offsets from now (scenario timelines). */
  start(
    id: string,
    input: InputFrom<M>,
    timeline?: Array<{ at: number; event: string }>,
  ): Job<ContextFrom<M>>
  get(id: string): Job<ContextFrom<M>> | undefined
  /** Every job, oldest first. */
  all(): Job<ContextFrom<M>>[]
  /** Whether the job would take the event now; false for an unknown or finished job. */
  can(id: string, event: EventFromLogic<M>): boolean
  /** The event types the job takes now (none once it is done). */
  accepts(id: string): string[]
  /** Sends the event when the job takes it; answers whether it did. */
  send(id: string, event: EventFromLogic<M>): boolean
  /** Stops the job and forgets it with its history and every timer it had, timeline included. */
  remove(id: string): boolean
  /** Calls `listener` after each change of any job in the table; returns the unsubscribe. */
  watch(listener: (job: Job<ContextFrom<M>>) => void): () => void
  size(): number
  /** How many jobs can still change. */
  active(): number
  snapshot(): StoredJob[]
  restore(stored: StoredJob[]): void
  dispose(): void
}

export interface JobTableOptions<M extends AnyStateMachine> {
  kind: string
  machine: M
  clock: EngineClock
  /** The vendor the table belongs to: names its events and its timers. */
  vendor?: string
  /** Where job transitions are told (`job` events). */
  events?: SessionEvents
  /** Names the phase a snapshot is in; a new history entry is written whenever it changes. */
  phase?: (snapshot: AnyMachineSnapshot) => string
  /** Told after every change of the table: a job started, stepped or removed. */
  onChange?: () => void
  /**
   * Told after each change of any job, with `context`, before the listeners added with `watch`
   * (its kind's own: one function and its context, rather than a closure per table).
   */
  watch?: (job: Job<ContextFrom<M>>, context: never) => void
  context?: unknown
  /** False: step with plain xstate, no memoised transitions (to compare the two). */
  memo?: boolean
}

/**
 * Creates a job table. Each job's machine is stepped on the engine clock (see createStepper);
 * its delayed events are data timers, so the table can be written out and read back.
 *
 * @example
 * const syncs = createJobTable({ kind: 'sync-job', machine, clock })
 * syncs.start(ids.uuid(), { sourceConnectionId })
 */
export function createJobTable<M extends AnyStateMachine>(
  options: JobTableOptions<M>,
): JobTable<M> {
  return new JobTableImpl(options) as unknown as JobTable<M>
}
