import type { Fault } from './scenario.js'

/** A session's memory of faults: calls counted and token buckets, per scenario fault. */
export interface FaultState {
  calls: Map<string, number>
  buckets: Map<string, { tokens: number; at: number }>
}

export const createFaultState = (): FaultState => ({ calls: new Map(), buckets: new Map() })

/** What the faults of a scenario do to one request. */
export interface FaultDecision {
  latencyMs: number
  reset: boolean
  error?: { status: number; message?: string }
  rateLimited?: { retryAfterSeconds: number; limit: number }
}

const hits = (fault: { nth?: number; every?: number }, count: number) =>
  fault.nth !== undefined
    ? count === fault.nth
    : fault.every !== undefined
      ? count % fault.every === 0
      : true

/**
 * Decides which faults strike a request, before anything changes. Counting is per fault, over
 * the calls it applies to; token buckets refill on the session clock.
 *
 * @example
 * decideFaults(scenario.faults, ['sourceConnections.run'], state, 'happy', clock.now(), ids.random)
 */
export function decideFaults(
  faults: Fault[],
  /** The operation's names: the served document's operationId, and jobfake's own if it differs. */
  operation: readonly string[],
  state: FaultState,
  scope: string,
  now: number,
  random: () => number,
): FaultDecision {
  const decision: FaultDecision = { latencyMs: 0, reset: false }
  faults.forEach((fault, index) => {
    if (fault.operation !== undefined && !operation.includes(fault.operation)) return
    const key = `${scope}#${index}`
    switch (fault.kind) {
      case 'latency':
        decision.latencyMs += fault.min + Math.floor(random() * (fault.max - fault.min + 1))
        return
      case 'rate-limit': {
        const rate = fault.limit / fault.per
        const bucket = state.buckets.get(key) ?? { tokens: fault.limit, at: now }
        bucket.tokens = Math.min(fault.limit, bucket.tokens + (now - bucket.at) * rate)
        bucket.at = now
        state.buckets.set(key, bucket)
        if (bucket.tokens >= 1) bucket.tokens -= 1
        else
          decision.rateLimited ??= {
            retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / rate / 1000)),
            limit: fault.limit,
          }
        return
      }
      case 'error':
      case 'reset': {
        const count = (state.calls.get(key) ?? 0) + 1
        state.calls.set(key, count)
        if (!hits(fault, count)) return
        if (fault.kind === 'reset') decision.reset = true
        else decision.error ??= { status: fault.status, message: fault.message }
      }
    }
  })
  return decision
}
