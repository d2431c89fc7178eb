import type { Attempt, Failing } from './types.js'

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/**
 * Svix's retry schedule (docs.svix.com/retries): the first attempt at once, then each retry this
 * long after the attempt before it failed. Eight attempts in all, about 27.5 hours.
 */
export const RETRY_SCHEDULE_MS = [
  0,
  5 * SECOND,
  5 * MINUTE,
  30 * MINUTE,
  2 * HOUR,
  5 * HOUR,
  10 * HOUR,
  10 * HOUR,
]

/**
 * How long jobfake waits for a receiver, in real time. Svix allows 15 s; jobfake bounds a clock
 * advance's wait with less, and a slow receiver is a failed attempt either way.
 */
export const ATTEMPT_TIMEOUT_MS = 5_000

/** Svix's rule of disabling failing endpoints (docs.svix.com/retries), as numbers. */
export const FAILING = {
  /** Failures count together within this span... */
  windowMs: DAY,
  /** ...when the first and last of them are at least this far apart: the clock starts. */
  spreadMs: 12 * HOUR,
  /** Once it has run this long with no success, the endpoint is disabled. */
  disableAfterMs: 5 * DAY,
}

// One failure time per 10 minutes is enough to tell a 12-hour spread, and keeps the list short.
const THIN_MS = 10 * MINUTE

/**
 * Notes a failed attempt at `at` (clock time): answers the new state and whether the endpoint is
 * now to be disabled.
 *
 * @example
 * const { failing, disable } = noteFailure(endpoint.failing, clock.now())
 */
export function noteFailure(
  before: Failing | null,
  at: number,
): { failing: Failing; disable: boolean } {
  const recent = (before?.recent ?? []).filter((t) => t >= at - FAILING.windowMs)
  let since = before?.since ?? null
  if (since === null && recent.some((t) => at - t >= FAILING.spreadMs)) since = at
  const last = recent[recent.length - 1]
  if (last === undefined || at - last >= THIN_MS) recent.push(at)
  return {
    failing: { recent, since },
    disable: since !== null && at - since >= FAILING.disableAfterMs,
  }
}

/**
 * A subscription's health from its attempts, newest first (jobfake's reading of the document's
 * words): none yet is unknown, no failure healthy, the last three failed failing, else degraded.
 *
 * @example
 * healthOf([{ status: 'failed' }, { status: 'success' }]) // 'degraded'
 */
export function healthOf(newestFirst: Array<Pick<Attempt, 'status'>>, disabledForFailing = false) {
  if (disabledForFailing) return 'failing'
  if (newestFirst.length === 0) return 'unknown'
  if (newestFirst.every((a) => a.status === 'success')) return 'healthy'
  const last = newestFirst.slice(0, 3)
  return last.length === 3 && last.every((a) => a.status === 'failed') ? 'failing' : 'degraded'
}
