import { TimerHeap, type Timer } from './heap.js'

/**
 * How a session's time moves: not at all unless advanced, with the wall clock, or faster than it.
 */
export type ClockMode = { kind: 'manual' } | { kind: 'real' } | { kind: 'scaled'; factor: number }

/**
 * A timer kept as data, so that a session can be written out with its pending work: `to` names
 * the handler (registered with `handle`) that runs it, the rest is the handler's.
 */
export interface TimerTask {
  to: string
  [key: string]: unknown
}

/** The clock as data: its time, its data timers (closures are not kept) and its next timer id. */
export interface ClockSnapshot {
  /** When the clock started (since its last reset): periodic tasks keep their phase from it. */
  origin: number
  now: number
  nextId: number
  timers: Array<{ id: number; due: number; task: TimerTask }>
}

/**
 * The one source of time in jobfake. It is shaped like xstate's `Clock`, so actors take it as
 * `createActor(machine, { clock })`, plus `now()` and `advance()`.
 */
export interface EngineClock {
  readonly mode: ClockMode
  now(): number
  /** When the clock started, or was last reset. */
  origin(): number
  /** A closure timer: for waits that last no longer than a request (long polls, latency). */
  setTimeout(fn: () => void, ms: number): number
  /**
   * How many closure timers are pending: requests waiting on this clock (a long poll, a latency
   * fault). A driver of a manual clock advances it only while something waits on it.
   */
  waiting(): number
  /** A data timer: runs `task` through the handler it names, in `ms`. */
  schedule(task: TimerTask, ms: number): number
  /** Registers the handler for tasks sent `to` a name (a job table, a periodic task). */
  handle(to: string, run: (task: TimerTask) => void): void
  clearTimeout(id: unknown): void
  snapshot(): ClockSnapshot
  /** Brings back data timers and, under a manual clock, the time; real time stays real. */
  restore(snapshot: ClockSnapshot): void
  /** Fires every timer due within `ms`, each at its own due time, in order; returns the new now. */
  advance(ms: number): number
  /**
   * The same, yielding to the event loop every `sliceMs` of real work (default 20), so that a long
   * advance blocks no other request; advances queue behind each other.
   */
  advanceInSlices(ms: number, sliceMs?: number): Promise<number>
  /** Drops every timer and moves back to the start: the only way back in time. */
  reset(): void
  /** Drops every timer and stops the wall-clock timer that drives real and scaled modes. */
  dispose(): void
}

export interface ClockOptions {
  mode?: ClockMode
  /**
   * Epoch milliseconds at which the clock starts; the wall clock when omitted, except in manual
   * mode.
   */
  start?: number
  /** Told after every advance: the new time and the span. */
  onAdvance?: (now: number, by: number) => void
}

/**
 * Manual clocks start here unless told otherwise, so that responses are byte-identical run to run.
 */
export const MANUAL_EPOCH = Date.UTC(2026, 0, 1)

const MAX_REAL_DELAY = 2 ** 31 - 1

/** The last moment a JavaScript Date can show: the clock goes no further. */
const MAX_TIME = 8.64e15

/**
 * Creates a clock. Unlike xstate's SimulatedClock, `advance` steps `now` to each timer's due
 * time before firing it, so timers set while firing are honoured in order (see DESIGN.md).
 *
 * @example
 * const clock = createClock({ mode: { kind: 'manual' } })
 * clock.setTimeout(() => console.log(clock.now()), 5_000)
 * clock.advance(60_000) // logs start + 5000
 */
export function createClock({
  mode = { kind: 'real' },
  start,
  onAdvance,
}: ClockOptions = {}): EngineClock {
  const factor = mode.kind === 'manual' ? 0 : mode.kind === 'scaled' ? mode.factor : 1
  let origin = start ?? (mode.kind === 'manual' ? MANUAL_EPOCH : Date.now())
  let realOrigin = Date.now()
  let offset = 0
  let nextId = 1
  const heap = new TimerHeap()
  const live = new Map<number, Timer>()
  const handlers = new Map<string, (task: TimerTask) => void>()
  let wake: ReturnType<typeof setTimeout> | undefined
  let firing = false

  const now = () => origin + offset + Math.floor((Date.now() - realOrigin) * factor)
  const setNow = (t: number) => {
    offset = t - origin - Math.floor((Date.now() - realOrigin) * factor)
  }

  const nextLive = (): Timer | undefined => {
    for (let top = heap.peek(); top; top = heap.peek()) {
      if (live.has(top.id)) return top
      heap.pop()
    }
    return undefined
  }

  const fire = (timer: Timer) => {
    heap.pop()
    live.delete(timer.id)
    if (timer.fn) timer.fn()
    else handlers.get(timer.task!.to)?.(timer.task!)
  }

  const add = (timer: Timer) => {
    heap.push(timer)
    live.set(timer.id, timer)
    arm()
    return timer.id
  }

  // Real and scaled clocks keep one wall-clock timer, armed for the earliest engine timer.
  const arm = () => {
    if (factor === 0 || firing) return
    if (wake) clearTimeout(wake)
    wake = undefined
    const top = nextLive()
    if (!top) return
    const delay = Math.min(MAX_REAL_DELAY, Math.max(0, Math.ceil((top.due - now()) / factor)))
    wake = setTimeout(runDue, delay)
    wake.unref?.()
  }

  const targetOf = (ms: number) => {
    if (!(ms >= 0))
      throw new RangeError(`[jobfake] The clock cannot go back in time (by ${ms} ms).`)
    if (now() + ms > MAX_TIME) {
      throw new RangeError(
        `[jobfake] The clock cannot pass ${new Date(MAX_TIME).toISOString()} (the last time a date can show); advance by less than ${MAX_TIME - now()} ms.`,
      )
    }
    return now() + ms
  }

  // Fires the timers due by `target` in order; stops after `sliceMs` of real time. True when done.
  const step = (target: number, sliceMs: number): boolean => {
    const until = sliceMs === Infinity ? Infinity : performance.now() + sliceMs
    firing = true
    try {
      for (let top = nextLive(); top && top.due <= target; top = nextLive()) {
        if (top.due > now()) setNow(top.due)
        fire(top)
        if (performance.now() > until) return false
      }
      if (target > now()) setNow(target)
      return true
    } finally {
      firing = false
      arm()
    }
  }
  let queue: Promise<void> = Promise.resolve()

  const runDue = () => {
    firing = true
    try {
      for (let top = nextLive(); top && top.due <= now(); top = nextLive()) fire(top)
    } finally {
      firing = false
      arm()
    }
  }

  return {
    mode,
    now,
    origin: () => origin,
    setTimeout: (fn, ms) => add({ id: nextId++, due: now() + Math.max(0, ms), fn }),
    waiting() {
      let n = 0
      for (const timer of live.values()) if (timer.fn) n++
      return n
    },
    schedule: (task, ms) => add({ id: nextId++, due: now() + Math.max(0, ms), task }),
    handle(to, run) {
      handlers.set(to, run)
    },
    clearTimeout(id) {
      if (typeof id === 'number') live.delete(id)
    },
    advance(ms) {
      const target = targetOf(ms)
      step(target, Infinity)
      onAdvance?.(now(), ms)
      return now()
    },
    async advanceInSlices(ms, sliceMs = 20) {
      // One advance at a time: a second waits for the first, then goes on from where it ended.
      const previous = queue
      let done!: () => void
      queue = new Promise<void>((resolve) => (done = resolve))
      try {
        await previous
        const target = targetOf(ms)
        while (!step(target, sliceMs)) await new Promise<void>((resolve) => setImmediate(resolve))
        onAdvance?.(now(), ms)
        return now()
      } finally {
        done()
      }
    },
    snapshot() {
      const timers = [...live.values()]
        .filter((t) => t.task)
        .sort((a, b) => a.due - b.due || a.id - b.id)
      return {
        origin,
        now: now(),
        nextId,
        timers: timers.map(({ id, due, task }) => ({ id, due, task: task! })),
      }
    },
    restore(snapshot) {
      heap.clear()
      live.clear()
      if (factor === 0) {
        origin = snapshot.origin
        setNow(snapshot.now)
      }
      nextId = Math.max(nextId, snapshot.nextId)
      for (const { id, due, task } of snapshot.timers) {
        const timer = { id, due, task }
        heap.push(timer)
        live.set(id, timer)
      }
      arm()
    },
    reset() {
      heap.clear()
      live.clear()
      offset = 0
      realOrigin = Date.now()
      // A wall clock restarts from the present: a frontend should not see time run backwards.
      if (factor !== 0 && start === undefined) origin = realOrigin
      arm()
    },
    dispose() {
      heap.clear()
      live.clear()
      if (wake) clearTimeout(wake)
      wake = undefined
    },
  }
}

export { idle, parseClockMode, realDelay, realEvery, sleepOn, wallNow } from './real-time.js'
