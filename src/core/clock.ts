import { Clock, MANUAL_EPOCH } from './engine-clock.js'
import type { Timer } from './heap.js'

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

/** Runs the tasks sent to one name: a function, or an object whose `fire` does (no closure). */
export type TaskHandler =
  ((task: TimerTask, target?: unknown) => void) | { fire(task: TimerTask, target?: unknown): void }

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
  /**
   * A data timer: runs `task` through the handler it names, in `ms`. The handler is also given
   * `target`, which is not data (a snapshot keeps only the task): a restored timer has none.
   */
  schedule(task: TimerTask, ms: number, target?: unknown): number
  /** Registers the handler for tasks sent `to` a name (a job table, a periodic task). */
  handle(to: string, run: TaskHandler): void
  clearTimeout(id: unknown): void
  /**
   * A data timer (as `schedule`) that is cleared only through the Timer itself (`cancel`), so
   * that the clock keeps no index of it by id: a job table's, which holds its timers anyway.
   */
  scheduleTimer(task: TimerTask, ms: number, target?: unknown): Timer
  cancel(timer: Timer): void
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
 * Creates a clock. Unlike xstate's SimulatedClock, `advance` steps `now` to each timer's due
 * time before firing it, so timers set while firing are honoured in order (see DESIGN.md).
 *
 * @example
 * const clock = createClock({ mode: { kind: 'manual' } })
 * clock.setTimeout(() => console.log(clock.now()), 5_000)
 * clock.advance(60_000) // logs start + 5000
 */
export function createClock(options: ClockOptions = {}): EngineClock {
  return new Clock(options)
}

export { MANUAL_EPOCH }
export { idle, parseClockMode, realDelay, realEvery, sleepOn, wallNow } from './real-time.js'
