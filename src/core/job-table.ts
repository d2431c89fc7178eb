import type { AnyMachineSnapshot, AnyStateMachine, EventObject } from 'xstate'
import type { EngineClock, TimerTask } from './clock.js'
import type { SessionEvents } from './events.js'
import type { Job, JobTableOptions, StoredJob } from './jobs.js'
import { createStepper, stepperFor, type StepEffects, type Stepper } from './stepper.js'
import type { Timer } from './heap.js'
import { appended, firstHistory } from './history.js'
import { idOf, LiveJob, nameOf, NONE, statesOf, topPhase, topState } from './live-job.js'

/**
 * The jobs of one kind in one session (see createJobTable). A class, so that the hundreds of
 * tables of a server's sessions share their methods; timers fire with the job they are about.
 */
export class JobTableImpl {
  readonly kind: string
  readonly states: string[]
  private clock: EngineClock
  private vendor: string
  private events: SessionEvents | undefined
  private onChange: (() => void) | undefined
  private phase: (snapshot: AnyMachineSnapshot) => string
  private stepper: Stepper
  private to: string
  // Empty tables share one empty Map (never written to): a session has many that stay empty.
  private jobs = NONE as Map<string, Job>
  private live = NONE as Map<string, LiveJob>
  private watcher: ((job: Job, context: never) => void) | undefined
  private context: unknown
  private listeners: Set<(job: Job) => void> | undefined
  private queue: Array<LiveJob | EventObject> | undefined
  private stepping = false

  constructor(options: JobTableOptions<AnyStateMachine>) {
    const { kind, machine, clock, vendor = '', events, onChange, phase, watch } = options
    this.kind = kind
    this.states = statesOf(machine)
    this.watcher = watch as ((job: Job, context: never) => void) | undefined
    this.clock = clock
    this.vendor = vendor
    this.events = events
    this.onChange = onChange
    this.phase = phase ?? topPhase
    this.stepper =
      options.memo === false ? createStepper(machine, { memo: false }) : stepperFor(machine)
    this.to = nameOf(vendor, kind)
    this.context = options.context
    clock.handle(this.to, this)
  }

  /** A timer of a job fired (the clock calls this): its event goes to the job it names. */
  fire(task: TimerTask, target?: unknown): void {
    // Timers set here carry their job; one restored from a snapshot names it.
    const entry =
      target instanceof LiveJob && !target.gone ? target : this.live.get(String(task.job))
    entry?.take(task.key as string)
    this.deliver(entry, task.event as EventObject)
  }

  start(id: string, input: unknown, timeline: Array<{ at: number; event: string }> = []): Job {
    const { snapshot, effects } = this.stepper.initial(input)
    const at = this.clock.now()
    const state = topState(snapshot.value)
    const job: Job = {
      id,
      kind: this.kind,
      createdAt: at,
      state,
      context: snapshot.context,
      done: false,
      revision: 1,
      updatedAt: at,
      history: firstHistory(this.phase(snapshot), at),
    }
    const entry = new LiveJob(job, snapshot)
    const replaced = this.live.get(id)
    if (replaced) replaced.gone = true
    this.own().jobs.set(id, job)
    this.live.set(id, entry)
    this.onChange?.()
    this.events?.emit({
      type: 'job',
      vendor: this.vendor,
      kind: this.kind,
      id,
      from: null,
      to: state,
      at,
    })
    this.apply(entry, snapshot, effects)
    timeline.forEach(({ at: offset, event }, n) => {
      const task: TimerTask = { to: this.to, job: id, key: `timeline:${n}`, event: { type: event } }
      if (this.live.has(id))
        entry.set(`timeline:${n}`, this.clock.scheduleTimer(task, offset, entry))
    })
    return job
  }

  get(id: string): Job | undefined {
    return this.jobs.get(id)
  }

  all(): Job[] {
    return [...this.jobs.values()]
  }

  size(): number {
    return this.jobs.size
  }

  active(): number {
    return this.live.size
  }

  can(id: string, event: EventObject): boolean {
    return this.live.get(id)?.snapshot.can(event) ?? false
  }

  accepts(id: string): string[] {
    const snapshot = this.live.get(id)?.snapshot
    if (!snapshot) return []
    const types = new Set<string>()
    for (const node of snapshot._nodes)
      for (const type of node.ownEvents) if (!type.startsWith('xstate.')) types.add(type)
    return [...types].filter((type) => snapshot.can({ type })).sort()
  }

  send(id: string, event: EventObject): boolean {
    if (!this.can(id, event)) return false
    this.deliver(this.live.get(id), event)
    return true
  }

  remove(id: string): boolean {
    const entry = this.live.get(id)
    if (entry) this.let(entry)
    this.onChange?.()
    return this.jobs.delete(id)
  }

  watch(listener: (job: Job) => void): () => void {
    const listeners = (this.listeners ??= new Set())
    listeners.add(listener)
    return () => listeners.delete(listener)
  }

  snapshot(): StoredJob[] {
    return [...this.jobs.values()].map((job) => {
      const entry = this.live.get(job.id)
      if (!entry) return { job }
      const timers = Object.fromEntries(entry.entries().map(([key, t]) => [key, idOf(t)]))
      return { job, live: { snapshot: this.stepper.persist(entry.snapshot), timers } }
    })
  }

  restore(stored: StoredJob[]): void {
    for (const entry of [...this.live.values()]) this.let(entry)
    this.jobs.clear()
    for (const { job, live: saved } of stored) {
      const copy = structuredClone(job)
      this.own().jobs.set(copy.id, copy)
      if (!saved) continue
      const snapshot = this.stepper.restore(saved.snapshot)
      copy.context = snapshot.context
      const entry = new LiveJob(copy, snapshot)
      for (const [key, timer] of Object.entries(saved.timers)) entry.set(key, timer)
      this.live.set(copy.id, entry)
    }
  }

  dispose(): void {
    for (const entry of [...this.live.values()]) this.let(entry)
    this.jobs.clear()
    this.listeners?.clear()
  }

  // A timer set here, or (restored from a snapshot) known by its id only.
  private cancel(timer: Timer | number | undefined) {
    if (typeof timer === 'number') this.clock.clearTimeout(timer)
    else if (timer) this.clock.cancel(timer)
  }

  /** The table's own Maps, made on its first job. */
  private own() {
    if (this.jobs === NONE) {
      this.jobs = new Map()
      this.live = new Map()
    }
    return this
  }

  /** Lets a live job go: its timers are cleared, and it changes no more. */
  private let(entry: LiveJob) {
    const timers = entry.clear()
    for (let i = 0; i < timers.length; i++) this.cancel(timers[i])
    entry.gone = true
    if (this.live.get(entry.job.id) === entry) this.live.delete(entry.job.id)
  }

  // Events are processed one at a time, in order, even when one is sent while another is stepping.
  private deliver(entry: LiveJob | undefined, event: EventObject) {
    if (!entry) return
    const queue = (this.queue ??= [])
    if (this.stepping || queue.length > 0) queue.push(entry, event)
    if (this.stepping) return
    this.stepping = true
    let taken = 0
    try {
      // Mostly nothing else is queued: the event goes straight to its job.
      if (queue.length === 0) this.step(entry, event)
      while (taken < queue.length) {
        const queued = queue[taken] as LiveJob
        const next = queue[taken + 1] as EventObject
        taken += 2
        this.step(queued, next)
      }
    } finally {
      // Taken before it is stepped: what a failed step leaves queued goes with the next event.
      queue.splice(0, taken)
      this.stepping = false
    }
  }

  private step(entry: LiveJob, event: EventObject) {
    // A job let go meanwhile: the event goes to whatever job has its id now, if any.
    const target = entry.gone ? this.live.get(entry.job.id) : entry
    if (!target) return
    const step = this.stepper.next(target.snapshot, event, target.last)
    target.last = step.outcome
    this.apply(target, step.snapshot, step.effects)
  }

  private apply(entry: LiveJob, snapshot: AnyMachineSnapshot, effects: StepEffects) {
    const { clock } = this
    // Indexed loops: this runs for every step, often before the JIT has had a look at it.
    const { cancel, schedule } = effects
    for (let i = 0; i < cancel.length; i++) this.cancel(entry.take(cancel[i]!))
    for (let i = 0; i < schedule.length; i++) {
      const { id, event, delay } = schedule[i]!
      // Tasks are never changed: one a step before, for the same delayed event, serves again.
      let task = entry.task
      if (task?.key !== id || task.event !== event)
        entry.task = task = { to: this.to, job: entry.job.id, key: id, event }
      entry.set(id, clock.scheduleTimer(task, delay, entry))
    }
    if (snapshot === entry.snapshot) return
    entry.snapshot = snapshot
    this.onChange?.()
    const at = clock.now()
    const changed = entry.job
    const from = changed.state
    changed.context = snapshot.context
    changed.revision += 1
    changed.updatedAt = at
    changed.state = topState(snapshot.value)
    const next = this.phase(snapshot)
    const { history } = changed
    if (next !== history[history.length - 1]!.state) changed.history = appended(history, next, at)
    if (snapshot.status !== 'active') {
      changed.done = true
      this.let(entry)
    }
    if (from !== changed.state)
      this.events?.emit({
        type: 'job',
        vendor: this.vendor,
        kind: this.kind,
        id: changed.id,
        from,
        to: changed.state,
        at,
      })
    this.watcher?.(changed, this.context as never)
    this.listeners?.forEach((listener) => listener(changed))
  }
}
