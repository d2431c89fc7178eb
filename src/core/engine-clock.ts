import type {
  ClockMode,
  ClockOptions,
  ClockSnapshot,
  EngineClock,
  TaskHandler,
  TimerTask,
} from './clock.js'
import { DEAD, KEYED, Timer, TimerQueue, type Due } from './heap.js'

/**
 * Manual clocks start here unless told otherwise, so that responses are byte-identical run to run.
 */
export const MANUAL_EPOCH = Date.UTC(2026, 0, 1)

const MAX_REAL_DELAY = 2 ** 31 - 1

/** The last moment a JavaScript Date can show: the clock goes no further. */
const MAX_TIME = 8.64e15

/**
 * The engine clock (see createClock). A class, not a closure per method: every session holds one.
 *
 * @example
 * const clock: EngineClock = new Clock({ mode: { kind: 'manual' } })
 */
export class Clock implements EngineClock {
  readonly mode: ClockMode
  private factor: number
  private start: number | undefined
  private onAdvance: ClockOptions['onAdvance']
  private originAt: number
  private realOrigin = Date.now()
  private offset = 0
  private nextId = 1
  private queue = new TimerQueue()
  /** The timers that can be cleared by id (see scheduleTimer for the others). */
  private keyed: Map<number, Timer> | undefined
  private closures = 0
  private handlers = new Map<string, TaskHandler>()
  private lastTo: string | undefined
  private lastHandler: TaskHandler | undefined
  private wake: ReturnType<typeof setTimeout> | undefined
  private firing = false
  private advancing: Promise<void> | undefined

  constructor({ mode = { kind: 'real' }, start, onAdvance }: ClockOptions) {
    this.mode = mode
    this.factor = mode.kind === 'manual' ? 0 : mode.kind === 'scaled' ? mode.factor : 1
    this.start = start
    this.onAdvance = onAdvance
    this.originAt = start ?? (mode.kind === 'manual' ? MANUAL_EPOCH : Date.now())
  }

  // Bound, as it is handed around on its own (`now: clock.now`). A manual clock reads no wall
  // time: an advance asks it thousands of times.
  readonly now = (): number =>
    this.factor === 0
      ? this.originAt + this.offset
      : this.originAt + this.offset + Math.floor((Date.now() - this.realOrigin) * this.factor)

  origin(): number {
    return this.originAt
  }

  setTimeout(fn: () => void, ms: number): number {
    this.closures++
    return this.add(new Timer(this.nextId++, this.now() + Math.max(0, ms), undefined, fn))
  }

  waiting(): number {
    return this.closures
  }

  schedule(task: TimerTask, ms: number, target?: unknown): number {
    return this.add(new Timer(this.nextId++, this.now() + Math.max(0, ms), task, undefined, target))
  }

  scheduleTimer(task: TimerTask, ms: number, target?: unknown): Timer {
    const timer = new Timer(this.nextId++, this.now() + Math.max(0, ms), task, undefined, target)
    this.queue.add(timer)
    this.arm()
    return timer
  }

  cancel(timer: Timer): void {
    if (timer.live !== DEAD) this.drop(timer)
  }

  handle(to: string, run: TaskHandler): void {
    this.handlers.set(to, run)
    this.lastTo = undefined
  }

  clearTimeout(id: unknown): void {
    const timer = typeof id === 'number' ? this.keyed?.get(id) : undefined
    if (timer) this.drop(timer)
  }

  advance(ms: number): number {
    const target = this.targetOf(ms)
    this.step(target, Infinity)
    this.onAdvance?.(this.now(), ms)
    return this.now()
  }

  async advanceInSlices(ms: number, sliceMs = 20): Promise<number> {
    // One advance at a time: a second waits for the first, then goes on from where it ended.
    const previous = this.advancing
    let done!: () => void
    this.advancing = new Promise<void>((resolve) => (done = resolve))
    try {
      await previous
      const target = this.targetOf(ms)
      while (!this.step(target, sliceMs)) await new Promise<void>((r) => setImmediate(r))
      this.onAdvance?.(this.now(), ms)
      return this.now()
    } finally {
      done()
    }
  }

  snapshot(): ClockSnapshot {
    const timers = [...this.queue.pending()]
      .filter((t) => t.task)
      .sort((a, b) => a.due - b.due || a.id - b.id)
    return {
      origin: this.originAt,
      now: this.now(),
      nextId: this.nextId,
      timers: timers.map(({ id, due, task }) => ({ id, due, task: task! })),
    }
  }

  restore(snapshot: ClockSnapshot): void {
    this.clear()
    if (this.factor === 0) {
      this.originAt = snapshot.origin
      this.setNow(snapshot.now)
    }
    this.nextId = Math.max(this.nextId, snapshot.nextId)
    for (const { id, due, task } of snapshot.timers) this.add(new Timer(id, due, task))
    this.arm()
  }

  reset(): void {
    this.clear()
    this.offset = 0
    this.realOrigin = Date.now()
    // A wall clock restarts from the present: a frontend should not see time run backwards.
    if (this.factor !== 0 && this.start === undefined) this.originAt = this.realOrigin
    this.arm()
  }

  dispose(): void {
    this.clear()
    if (this.wake) clearTimeout(this.wake)
    this.wake = undefined
  }

  private setNow(t: number) {
    this.offset = t - this.originAt - Math.floor((Date.now() - this.realOrigin) * this.factor)
  }

  private clear() {
    this.queue.clear()
    this.keyed = undefined
    this.closures = 0
  }

  private add(timer: Timer): number {
    this.queue.add(timer)
    timer.live = KEYED
    ;(this.keyed ??= new Map()).set(timer.id, timer)
    this.arm()
    return timer.id
  }

  private drop(timer: Timer) {
    if (timer.live === KEYED) this.keyed!.delete(timer.id)
    timer.live = DEAD
    if (timer.fn) this.closures--
  }

  private fire(timer: Timer) {
    this.drop(timer)
    if (timer.fn) return timer.fn()
    const task = timer.task!
    // Timers that fire together are mostly sent to one handler: it is looked up once for them.
    if (task.to !== this.lastTo) {
      this.lastTo = task.to
      this.lastHandler = this.handlers.get(task.to)
    }
    const handler = this.lastHandler
    if (typeof handler === 'function') handler(task, timer.target)
    else handler?.fire(task, timer.target)
  }

  // Real and scaled clocks keep one wall-clock timer, armed for the earliest engine timer.
  private arm() {
    if (this.factor === 0 || this.firing) return
    if (this.wake) clearTimeout(this.wake)
    this.wake = undefined
    const top = this.queue.top()
    if (!top) return
    const delay = Math.ceil((top.at - this.now()) / this.factor)
    this.wake = setTimeout(() => this.runDue(), Math.min(MAX_REAL_DELAY, Math.max(0, delay)))
    this.wake.unref?.()
  }

  private targetOf(ms: number) {
    if (!(ms >= 0))
      throw new RangeError(`[jobfake] The clock cannot go back in time (by ${ms} ms).`)
    if (this.now() + ms > MAX_TIME) {
      throw new RangeError(
        `[jobfake] The clock cannot pass ${new Date(MAX_TIME).toISOString()} (the last time a date can show); advance by less than ${MAX_TIME - this.now()} ms.`,
      )
    }
    return this.now() + ms
  }

  // Fires the timers due by `target` in order; stops after `sliceMs` of real time. True when done.
  private step(target: number, sliceMs: number): boolean {
    const until = sliceMs === Infinity ? Infinity : performance.now() + sliceMs
    this.firing = true
    try {
      for (let due = this.queue.top(); due && due.at <= target; due = this.queue.top()) {
        if (due.at > this.now()) this.setNow(due.at)
        if (!this.fireDue(due, until)) return false
      }
      if (target > this.now()) this.setNow(target)
      return true
    } finally {
      this.firing = false
      this.arm()
    }
  }

  /**
   * Fires the timers of one due time, in order; those set meanwhile for the same time join the
   * end and fire too. False when `until` (real time) passed first.
   */
  private fireDue(due: Due, until: number): boolean {
    const { timers } = due
    while (due.next < timers.length) {
      const timer = timers[due.next]!
      timers[due.next++] = undefined
      if (timer.live === DEAD) continue
      this.fire(timer)
      if (until !== Infinity && performance.now() > until) return false
    }
    return true
  }

  private runDue() {
    this.firing = true
    try {
      for (let due = this.queue.top(); due && due.at <= this.now(); due = this.queue.top())
        this.fireDue(due, Infinity)
    } finally {
      this.firing = false
      this.arm()
    }
  }
}
