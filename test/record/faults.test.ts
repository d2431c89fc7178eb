import { describe, expect, test } from 'vitest'
import { faultsOf } from '../../src/record/faults.js'
import type { Routed } from '../../src/record/routed.js'
import { traceJobs } from '../../src/record/traces.js'
import { plan as airweave } from '../../src/vendors/airweave/verify.js'

const call = (
  sent: number,
  operation: string,
  status: number,
  headers: Record<string, string> = {},
): Routed => ({
  operation,
  params: {},
  sent,
  answered: sent + 1,
  status,
  body: undefined,
  headers,
})

describe(faultsOf, () => {
  test('a 429 is a rate limit: its limit from RateLimit-Limit, its period the limit times Retry-After', () => {
    const routed = [1, 2, 3].map((t) => call(t, 'sourceConnections.getJobs', 200))
    routed.push(
      call(4, 'sourceConnections.getJobs', 429, { 'retry-after': '2', 'ratelimit-limit': '5' }),
    )
    const { faults } = traceJobs(routed, airweave)
    expect(faultsOf(faults, routed)).toEqual([
      {
        fault: { kind: 'rate-limit', limit: 5, per: '10s' },
        why: '1 × 429 (first after 3 answered requests, Retry-After 2, RateLimit-Limit 5)',
      },
    ])
    // Without the header, the requests answered before the first 429 are the limit.
    routed[3] = call(4, 'sourceConnections.getJobs', 429, { 'retry-after': '1' })
    expect(faultsOf(traceJobs(routed, airweave).faults, routed)[0]!.fault).toEqual({
      kind: 'rate-limit',
      limit: 3,
      per: '3s',
    })
  })

  test('5xx answers: the call of the operation they struck, `every` when they recur at a fixed step', () => {
    const statuses = [200, 200, 503, 200, 200, 503, 200, 500]
    const routed = statuses.map((s, i) => call(i, 'sourceConnections.getJobs', s))
    routed.push(call(9, 'sourceConnections.run', 502))
    const found = faultsOf(traceJobs(routed, airweave).faults, routed).map((f) => f.fault)
    expect(found).toEqual([
      { kind: 'error', status: 503, every: 3, operation: 'sourceConnections.getJobs' },
      { kind: 'error', status: 500, nth: 8, operation: 'sourceConnections.getJobs' },
      { kind: 'error', status: 502, nth: 1, operation: 'sourceConnections.run' },
    ])
  })
})
