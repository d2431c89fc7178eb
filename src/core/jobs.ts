import type { AnyMachineSnapshot, AnyStateMachine, ContextFrom, EventFromLogic, EventObject, InputFrom } from 'xstate'
import type { EngineClock } from './clock.js'
import { createStepper, type StepEffects } from './stepper.js'

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

/** A job's machine state while it can still change: its snapshot and its pending delayed events. */
interface Live {
  snapshot: AnyMachineSnapshot
  timers: Map<string, number>
}

/**
 * Creates a job table. Each job's machine is stepped on the engine clock (see createStepper);
 * at a final state its timers are gone and only the plain job record stays.
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
  const live = new Map<string, Live>()
  const listeners = new Set<(job: Job<Ctx>) => void>()
  const stepper = createStepper(machine, clock)
  const queue: Array<[string, EventObject]> = []
  let stepping = false

  const apply = (job: Job<Ctx>, state: Live, snapshot: AnyMachineSnapshot, effects: StepEffects) => {
    for (const id of effects.cancel) {
      clock.clearTimeout(state.timers.get(id))
      state.timers.delete(id)
    }
    for (const { id, event, delay } of effects.schedule) {
      state.timers.set(id, clock.setTimeout(() => (state.timers.delete(id), deliver(job.id, event)), delay))
    }
    const changed = snapshot !== state.snapshot
    state.snapshot = snapshot
    if (!changed) return
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
      for (const timer of state.timers.values()) clock.clearTimeout(timer)
      live.delete(job.id)
    }
    for (const listener of listeners) listener(job)
  }

  // Events are processed one at a time, in order, even when one is sent while another is stepping.
  const deliver = (id: string, event: EventObject) => {
    queue.push([id, event])
    if (stepping) return
    stepping = true
    try {
      for (let item = queue.shift(); item; item = queue.shift()) {
        const state = live.get(item[0])
        const job = jobs.get(item[0])
        if (state && job) apply(job, state, ...stepper.next(state.snapshot, item[1]))
      }
    } finally {
      stepping = false
    }
  }

  const can = (id: string, event: EventObject) => live.get(id)?.snapshot.can(event) ?? false

  return {
    kind,
    states: Object.keys(machine.root.states),
    start(id, input, timeline = []) {
      const [snapshot, effects] = stepper.initial(input)
      const at = clock.now()
      const state = phase(snapshot)
      const job: Job<Ctx> = {
        id,
        kind,
        createdAt: at,
        state,
        context: snapshot.context as Ctx,
        done: false,
        revision: 1,
        updatedAt: at,
        history: [{ state, at }],
      }
      const entry: Live = { snapshot, timers: new Map() }
      jobs.set(id, job)
      live.set(id, entry)
      apply(job, entry, snapshot, effects)
      for (const { at: offset, event } of timeline) clock.setTimeout(() => deliver(id, { type: event }), offset)
      return job
    },
    get: (id) => jobs.get(id),
    all: () => [...jobs.values()],
    can: (id, event) => can(id, event as EventObject),
    send(id, event) {
      if (!can(id, event as EventObject)) return false
      deliver(id, event as EventObject)
      return true
    },
    remove(id) {
      for (const timer of live.get(id)?.timers.values() ?? []) clock.clearTimeout(timer)
      live.delete(id)
      return jobs.delete(id)
    },
    watch(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    size: () => jobs.size,
    dispose() {
      for (const state of live.values()) for (const timer of state.timers.values()) clock.clearTimeout(timer)
      live.clear()
      jobs.clear()
      listeners.clear()
    },
  }
}
