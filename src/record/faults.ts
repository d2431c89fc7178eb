import type { Routed } from './routed.js'
import type { SeenFault } from './traces.js'

/** A fault as a scenario file writes it, and how it was read from the recording. */
export interface FaultEntry {
  fault: Record<string, unknown>
  why: string
}

/**
 * The faults a recording shows, as scenario faults: a 429 as a rate limit (its limit from
 * RateLimit-Limit, else the requests answered before the first 429; its period the limit times
 * Retry-After, the time the bucket takes to refill), each 5xx as an error on the call of its
 * operation it struck (`every` when they recur at a fixed step from the first).
 *
 * @example
 * faultsOf(faults, routed) // [{ fault: { kind: 'error', status: 503, nth: 3, operation: 'x' }, why }]
 */
export function faultsOf(faults: SeenFault[], routed: Routed[]): FaultEntry[] {
  const out: FaultEntry[] = []
  const limited = faults.filter((f) => f.status === 429)
  if (limited.length > 0) {
    const first = limited[0]!
    const before = routed.filter((r) => r.sent < first.at && r.status < 400).length
    const header = Number(first.headers['ratelimit-limit'])
    const limit = Number.isInteger(header) && header > 0 ? header : Math.max(1, before)
    const retry = Number(first.headers['retry-after'])
    const seconds = Number.isFinite(retry) && retry > 0 ? retry : 1
    out.push({
      fault: { kind: 'rate-limit', limit, per: `${limit * seconds}s` },
      why: `${limited.length} × 429 (first after ${before} answered requests, Retry-After ${first.headers['retry-after'] ?? 'absent'}, RateLimit-Limit ${first.headers['ratelimit-limit'] ?? 'absent'})`,
    })
  }
  const errors = new Map<string, SeenFault[]>()
  for (const f of faults.filter((f) => f.status >= 500)) {
    const key = `${f.operation} ${f.status}`
    errors.set(key, [...(errors.get(key) ?? []), f])
  }
  for (const list of errors.values()) {
    const { operation, status } = list[0]!
    const nths = list.map((f) => f.nth)
    const step = nths[0]!
    const regular = nths.length > 1 && nths.every((n, i) => n === step * (i + 1))
    const why = `${status} on call ${nths.join(', ')} of ${operation}`
    if (regular) out.push({ fault: { kind: 'error', status, every: step, operation }, why })
    else for (const nth of nths) out.push({ fault: { kind: 'error', status, nth, operation }, why })
  }
  return out
}
