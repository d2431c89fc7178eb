import { realDelay, type EngineClock } from '../core/clock.js'

// A session's clock stands for the session here: vendor code knows its session only as
// `ctx.clock`, and the admin API finds the same object on the session.
const running = new WeakMap<EngineClock, Set<Promise<void>>>()
const tails = new WeakMap<EngineClock, Map<string, Promise<void>>>()

/**
 * Runs `work` after the work queued before it under the same key (one subscription's
 * deliveries), so a receiver gets one session's attempts in the order their timers fired.
 */
export function enqueue(clock: EngineClock, key: string, work: () => Promise<void>): void {
  let queues = tails.get(clock)
  if (!queues) tails.set(clock, (queues = new Map()))
  const run = (queues.get(key) ?? Promise.resolve()).then(work).catch(() => undefined)
  queues.set(key, run)
  let set = running.get(clock)
  if (!set) running.set(clock, (set = new Set()))
  set.add(run)
  void run.finally(() => {
    set.delete(run)
    if (queues.get(key) === run) queues.delete(key)
  })
}

/**
 * Resolves once every delivery under way in the session has been made and recorded, or after
 * `timeoutMs` of real time, whichever comes first: answers whether all were.
 *
 * @example
 * fake.clock.advance('5s')
 * await deliveriesSettled(fake.session().clock)
 */
export async function deliveriesSettled(clock: EngineClock, timeoutMs = Infinity) {
  const set = running.get(clock)
  const stop = new AbortController()
  const timedOut =
    timeoutMs === Infinity
      ? new Promise<void>(() => {})
      : realDelay(timeoutMs, stop.signal, { keepAlive: false })
  let late = false
  void timedOut.then(() => (late = true))
  try {
    while (set && set.size > 0 && !late) await Promise.race([Promise.all([...set]), timedOut])
    return !set || set.size === 0
  } finally {
    stop.abort()
  }
}
