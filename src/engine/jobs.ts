import {
  createActor,
  type Actor,
  type AnyStateMachine,
  type ContextFrom,
  type EventFromLogic,
  type AnyMachineSnapshot,
  type InputFrom,
} from 'xstate'
import type { EngineClock } from './clock.js'

/** One entry of a job's history: the state (or finer phase) it entered, at clock time. */
export interface Transition {
  state: string
  at: number
}

/** What the rest of jobfake sees of a job: plain values, kept current by its table. */
export interface Job<TContext = unknown> {
  readonly id: string
  readonly kind: string
  readonly createdAt: number
  state: string
  context: TContext
  /** True once the machine reached a final state: the job never changes again. */
  done: boolean
  /** Grows by one with every change, for ETags and optimistic concurrency. */
  revision: number
  updatedAt: number
  history: Transition[]
}

/** A table of the jobs of one kind in one session, each driven by an actor of one machine. */
export interface JobTable<M extends AnyStateMachine> {
  readonly kind: string
  /** The machine's top-level states: what coverage counts. */
  readonly states: string[]
  /** Starts a job; `timeline` events are sent to it at offsets from now (scenario timelines). */
  start(id: string, input: InputFrom<M>, timeline?: Array<{ at: number; event: string }>): Job<ContextFrom<M>>
  get(id: string): Job<ContextFrom<M>> | undefined
  /** Every job, oldest first. */
  all(): Job<ContextFrom<M>>[]
  /** Whether the job would take the event now; false for an unknown or finished job. */
  can(id: string, event: EventFromLogic<M>): boolean
  /** Sends the event when the job takes it; answers whether it did. */
  send(id: string, event: EventFromLogic<M>): boolean
  /** Stops the job and forgets it with its history. */
  remove(id: string): boolean
  /** Calls `listener` after each change of any job in the table; returns the unsubscribe. */
  watch(listener: (job: Job<ContextFrom<M>>) => void): () => void
  size(): number
  dispose(): void
}

export interface JobTableOptions<M extends AnyStateMachine> {
  kind: string
  machine: M
  clock: EngineClock
  /**
   * Names the phase a snapshot is in; a new history entry is written whenever it changes.
   * Defaults to the state value ("running", "a.b" for nested states).
   */
  phase?: (snapshot: AnyMachineSnapshot) => string
}

export const stateName = (value: unknown): string =>
  typeof value === 'string'
    ? value
    : Object.entries(value as Record<string, unknown>)
        .map(([key, inner]) => `${key}.${stateName(inner)}`)
        .join(',')

/**
 * Creates a job table. Actors live only while their job can change: at a final state the
 * actor stops and the plain job record stays (an actor holds ~4 KB, see DESIGN.md).
 *
 * @example
 * const syncs = createJobTable({ kind: 'sync-job', machine, clock })
 * syncs.start(ids.uuid(), { sourceConnectionId })
 */
export function createJobTable<M extends AnyStateMachine>({
  kind,
  machine,
  clock,
  phase = (snapshot) => stateName(snapshot.value),
}: JobTableOptions<M>): JobTable<M> {
  type Ctx = ContextFrom<M>
  const jobs = new Map<string, Job<Ctx>>()
  const actors = new Map<string, Actor<M>>()
  const listeners = new Set<(job: Job<Ctx>) => void>()

  const record = (job: Job<Ctx>, snapshot: AnyMachineSnapshot) => {
    const at = clock.now()
    const next = phase(snapshot)
    job.context = snapshot.context as Ctx
    job.revision += 1
    job.updatedAt = at
    if (next !== job.state) {
      job.state = next
      job.history.push({ state: next, at })
    }
    if (snapshot.status !== 'active') {
      job.done = true
      actors.get(job.id)?.stop()
      actors.delete(job.id)
    }
    for (const listener of listeners) listener(job)
  }

  return {
    kind,
    states: Object.keys(machine.root.states),
    start(id, input, timeline = []) {
      const actor = createActor(machine, { clock, input, id } as never) as Actor<M>
      const first = actor.getSnapshot() as AnyMachineSnapshot
      const at = clock.now()
      const state = phase(first)
      const job: Job<Ctx> = {
        id,
        kind,
        createdAt: at,
        state,
        context: first.context as Ctx,
        done: false,
        revision: 1,
        updatedAt: at,
        history: [{ state, at }],
      }
      jobs.set(id, job)
      actors.set(id, actor)
      let previous = first
      actor.subscribe({
        next: (snapshot) => {
          if (snapshot === previous) return
          previous = snapshot as AnyMachineSnapshot
          record(job, previous)
        },
        error: () => {
          job.done = true
          actors.delete(id)
        },
      })
      actor.start()
      for (const { at, event } of timeline) {
        clock.setTimeout(() => actors.get(id)?.send({ type: event } as EventFromLogic<M>), at)
      }
      return job
    },
    get: (id) => jobs.get(id),
    all: () => [...jobs.values()],
    can(id, event) {
      const snapshot = actors.get(id)?.getSnapshot() as AnyMachineSnapshot | undefined
      return snapshot ? snapshot.can(event) : false
    },
    send(id, event) {
      const actor = actors.get(id)
      if (!actor || !(actor.getSnapshot() as AnyMachineSnapshot).can(event)) return false
      actor.send(event)
      return true
    },
    remove(id) {
      actors.get(id)?.stop()
      actors.delete(id)
      return jobs.delete(id)
    },
    watch(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    size: () => jobs.size,
    dispose() {
      for (const actor of actors.values()) actor.stop()
      actors.clear()
      jobs.clear()
      listeners.clear()
    },
  }
}
