import type { ClockMode, EngineClock } from './clock.js'

/**
 * Waits in real time, whatever the session clock does: for admin long-polls that wait on a
 * client rather than on the fake's own time. Kept here so that no other file touches timers.
 */
export function realDelay(
  ms: number,
  signal?: AbortSignal,
  { keepAlive = true } = {},
): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms)
    if (!keepAlive) timer.unref()
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true })
  })
}

/** Runs `fn` every `ms` of real time, without keeping the process alive; returns the stop. */
export function realEvery(ms: number, fn: () => void): () => void {
  const timer = setInterval(fn, ms)
  timer.unref()
  return () => clearInterval(timer)
}

/** Wall-clock milliseconds, for measuring how long work took (never for a job's time). */
export const wallNow = () => performance.now()

/**
 * Reads a clock mode as the CLI takes it: "real", "manual" or "scaled:<factor>".
 *
 * @example
 * parseClockMode('scaled:60') // { kind: 'scaled', factor: 60 }
 */
export function parseClockMode(text: string): ClockMode {
  if (text === 'real' || text === 'manual') return { kind: text }
  const scaled = /^scaled:(\d+(?:\.\d+)?)$/.exec(text)
  if (scaled && Number(scaled[1]) > 0) return { kind: 'scaled', factor: Number(scaled[1]) }
  throw new Error(
    `[jobfake] Unknown clock "${text}". Use real, manual, or scaled:<factor> such as scaled:60.`,
  )
}

/**
 * Waits `ms` of session time: with a manual clock, until the clock is advanced that far.
 * Resolves early, with false, when the signal aborts.
 */
export function sleepOn(clock: EngineClock, ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const id = clock.setTimeout(() => resolve(true), ms)
    signal?.addEventListener('abort', () => (clock.clearTimeout(id), resolve(false)), {
      once: true,
    })
  })
}

/** Runs `fn` on a later turn of the event loop, without keeping the process alive for it. */
export function idle(fn: () => void): void {
  setImmediate(fn).unref()
}
