import { describe, expect, test } from 'vitest'
import { FAILING, healthOf, noteFailure, RETRY_SCHEDULE_MS } from '../../src/webhooks/schedule.js'
import type { Failing } from '../../src/webhooks/types.js'

const H = 3_600_000

describe('RETRY_SCHEDULE_MS', () => {
  test("is Svix's: at once, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h", () => {
    expect(RETRY_SCHEDULE_MS.map((ms) => ms / 1000)).toEqual([
      0, 5, 300, 1800, 7200, 18000, 36000, 36000,
    ])
  })
})

describe(noteFailure, () => {
  const fail = (times: number[]) => {
    let failing: Failing | null = null
    let disable = false
    for (const at of times) ({ failing, disable } = noteFailure(failing, at))
    return { failing: failing!, disable }
  }

  test('the five-day clock starts at a failure 12 to 24 hours after an earlier one', () => {
    expect(fail([0, 11 * H]).failing.since).toBeNull()
    expect(fail([0, 12 * H]).failing.since).toBe(12 * H)
    // Failures more than a day apart are not "within a 24 hour span".
    expect(fail([0, 25 * H]).failing.since).toBeNull()
  })

  test('disables once five days have passed since the clock started', () => {
    const start = [0, 12 * H]
    expect(fail([...start, 12 * H + FAILING.disableAfterMs - 1]).disable).toBe(false)
    expect(fail([...start, 12 * H + FAILING.disableAfterMs]).disable).toBe(true)
  })

  test('keeps at most one failure time per ten minutes, within the last day', () => {
    const many = Array.from({ length: 600 }, (_, i) => i * 10_000)
    const { failing } = fail([...many, 30 * H])
    expect(failing.recent).toEqual([30 * H])
    expect(fail(many).failing.recent).toHaveLength(10)
  })
})

describe(healthOf, () => {
  const of = (...statuses: Array<'success' | 'failed'>) =>
    healthOf(statuses.map((status) => ({ status })))

  test('unknown, healthy, degraded, failing', () => {
    expect(of()).toBe('unknown')
    expect(of('success', 'success')).toBe('healthy')
    expect(of('failed', 'success')).toBe('degraded')
    expect(of('failed', 'failed')).toBe('degraded')
    expect(of('failed', 'failed', 'failed', 'success')).toBe('failing')
    expect(healthOf([], true)).toBe('failing')
  })
})
