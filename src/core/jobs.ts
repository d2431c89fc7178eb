import type {
  AnyMachineSnapshot,
  AnyStateMachine,
  ContextFrom,
  EventFromLogic,
  EventObject,
  InputFrom,
} from 'xstate'
import type { EngineClock, TimerTask } from './clock.js'
import type { SessionEvents } from './events.js'
import { stepperFor, type StepEffects } from './stepper.js'

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
  /** The machine's top-level state: what the wire, coverage and events speak of. */
  state: string
  context: TContext
  /** True once the machine reached a final state: the job never changes again. */
  done: boolean
  /** Grows by one with every change, for ETags and optimistic concurrency. */
  revision: number
  updatedAt: number
  /** Phases entered, with clock times (the phase defaults to the top-level state). */
  history: Transition[]
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
}

/** The top-level state of a state value: "running", or "RUNNING" for `{ RUNNING: 'stopping' }`. */
export const topState = (value: unknown): string =>
  typeof value === 'string' ? value : Object.keys(value as object)[0]!

interface Live {
  snapshot: AnyMachineSnapshot
  /** Clock timer ids by key: the machine's delayed-event ids, and `timeline:<n>`. */
  timers: Map<string, number>
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
  const {
    kind,
    machine,
    clock,
    vendor = '',
    events,
    onChange,
    phase = (s) => topState(s.value),
  } = options
  type Ctx = ContextFrom<M>
  const jobs = new Map<string, Job<Ctx>>()
  const live = new Map<string, Live>()
  const listeners = new Set<(job: Job<Ctx>) => void>()
  const stepper = stepperFor(machine)
  const to = `jobs:${vendor}/${kind}`
  const queue: Array<[string, EventObject]> = []
  let stepping = false

  const stopTimers = (state: Live) => {
    for (const timer of state.timers.values()) clock.clearTimeout(timer)
    state.timers.clear()
  }

  const apply = (
    job: Job<Ctx>,
    state: Live,
    snapshot: AnyMachineSnapshot,
    effects: StepEffects,
  ) => {
    for (const id of effects.cancel) {
      clock.clearTimeout(state.timers.get(id))
      state.timers.delete(id)
    }
    for (const { id, event, delay } of effects.schedule) {
      state.timers.set(id, clock.schedule({ to, job: job.id, key: id, event }, delay))
    }
    if (snapshot === state.snapshot) return
    state.snapshot = snapshot
    onChange?.()
    const at = clock.now()
    const from = job.state
    job.context = snapshot.context as Ctx
    job.revision += 1
    job.updatedAt = at
    job.state = topState(snapshot.value)
    const next = phase(snapshot)
    if (next !== job.history[job.history.length - 1]!.state) job.history.push({ state: next, at })
    if (snapshot.status !== 'active') {
      job.done = true
      stopTimers(state)
      live.delete(job.id)
    }
    if (from !== job.state)
      events?.emit({ type: 'job', vendor, kind, id: job.id, from, to: job.state, at })
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

  clock.handle(to, (task) => {
    live.get(String(task.job))?.timers.delete(String(task.key))
    deliver(String(task.job), task.event as EventObject)
  })

  const can = (id: string, event: EventObject) => live.get(id)?.snapshot.can(event) ?? false

  return {
    kind,
    states: Object.keys(machine.root.states),
    start(id, input, timeline = []) {
      const [snapshot, effects] = stepper.initial(input)
      const at = clock.now()
      const state = topState(snapshot.value)
      const job: Job<Ctx> = {
        id,
        kind,
        createdAt: at,
        state,
        context: snapshot.context as Ctx,
        done: false,
        revision: 1,
        updatedAt: at,
        history: [{ state: phase(snapshot), at }],
      }
      const entry: Live = { snapshot, timers: new Map() }
      jobs.set(id, job)
      live.set(id, entry)
      onChange?.()
      events?.emit({ type: 'job', vendor, kind, id, from: null, to: state, at })
      apply(job, entry, snapshot, effects)
      timeline.forEach(({ at: offset, event }, n) => {
        const task: TimerTask = { to, job: id, key: `timeline:${n}`, event: { type: event } }
        if (live.has(id)) entry.timers.set(`timeline:${n}`, clock.schedule(task, offset))
      })
      return job
    },
    get: (id) => jobs.get(id),
    all: () => [...jobs.values()],
    can: (id, event) => can(id, event as EventObject),
    accepts(id) {
      const snapshot = live.get(id)?.snapshot
      if (!snapshot) return []
      const types = new Set<string>()
      for (const node of snapshot._nodes)
        for (const type of node.ownEvents) if (!type.startsWith('xstate.')) types.add(type)
      return [...types].filter((type) => snapshot.can({ type })).sort()
    },
    send(id, event) {
      if (!can(id, event as EventObject)) return false
      deliver(id, event as EventObject)
      return true
    },
    remove(id) {
      const state = live.get(id)
      if (state) stopTimers(state)
      live.delete(id)
      onChange?.()
      return jobs.delete(id)
    },
    watch(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    size: () => jobs.size,
    active: () => live.size,
    snapshot: () =>
      [...jobs.values()].map((job) => {
        const state = live.get(job.id)
        if (!state) return { job }
        return {
          job,
          live: {
            snapshot: stepper.persist(state.snapshot),
            timers: Object.fromEntries(state.timers),
          },
        }
      }),
    restore(stored) {
      for (const state of live.values()) stopTimers(state)
      live.clear()
      jobs.clear()
      for (const { job, live: saved } of stored) {
        const copy = structuredClone(job) as Job<Ctx>
        jobs.set(copy.id, copy)
        if (!saved) continue
        const snapshot = stepper.restore(saved.snapshot)
        copy.context = snapshot.context as Ctx
        live.set(copy.id, { snapshot, timers: new Map(Object.entries(saved.timers)) })
      }
    },
    dispose() {
      for (const state of live.values()) stopTimers(state)
      live.clear()
      jobs.clear()
      listeners.clear()
    },
  }
}
