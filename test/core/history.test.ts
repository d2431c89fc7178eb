import { setup } from 'xstate'
import { describe, expect, test } from 'vitest'
import { createClock } from '../../src/core/clock.js'
import { appended, firstHistory } from '../../src/core/history.js'
import { createJobTable } from '../../src/core/jobs.js'

describe('shared histories', () => {
  test('the same start is one array; another time or state is another', () => {
    const a = firstHistory('pending', 0)
    expect(firstHistory('pending', 0)).toBe(a)
    expect(firstHistory('pending', 1)).not.toBe(a)
    expect(firstHistory('running', 1)).toEqual([{ state: 'running', at: 1 }])
  })

  test('an entry is added by copying, and the same addition to the same history is shared', () => {
    const start = firstHistory('pending', 0)
    const one = appended(start, 'running', 5)
    expect(start).toEqual([{ state: 'pending', at: 0 }])
    expect(one).toEqual([
      { state: 'pending', at: 0 },
      { state: 'running', at: 5 },
    ])
    expect(appended(start, 'running', 5)).toBe(one)
    expect(appended(start, 'running', 6)).not.toBe(one)
    expect(appended([...start], 'running', 5)).not.toBe(one)
  })

  test('a history of eight or more is its job own: it grows in place and is never handed out twice', () => {
    let history = firstHistory('s0', 0)
    for (let i = 1; i < 8; i++) history = appended(history, `s${i}`, i)
    expect(history).toHaveLength(8)
    const again = appended(firstHistory('s0', 0), 's1', 1)
    let other = again
    for (let i = 2; i < 8; i++) other = appended(other, `s${i}`, i)
    expect(other).toEqual(history)
    expect(other).not.toBe(history)
    expect(appended(history, 's8', 8)).toBe(history)
    expect(history).toHaveLength(9)
    expect(other).toHaveLength(8)
  })
})

// A job that steps through ten states, one a second.
const ladder = setup({ types: { context: {} as Record<string, never> } }).createMachine({
  context: {},
  initial: 's0',
  states: Object.fromEntries(
    Array.from({ length: 10 }, (_, i) => [
      `s${i}`,
      i === 9 ? { type: 'final' as const } : { after: { 1000: `s${i + 1}` } },
    ]),
  ),
})

describe('job tables and shared histories', () => {
  test('jobs started together share their history until one of them does something else', () => {
    const clock = createClock({ mode: { kind: 'manual' }, start: 0 })
    const jobs = createJobTable({ kind: 'ladder', machine: ladder, clock })
    const a = jobs.start('a', undefined)
    const b = jobs.start('b', undefined)
    expect(b.history).toBe(a.history)
    clock.advance(3000)
    expect(b.history).toBe(a.history)
    expect(a.history.map((t) => t.state)).toEqual(['s0', 's1', 's2', 's3'])
    // Past eight entries each job holds its own history, and one job's entries are not another's.
    const c = jobs.start('c', undefined)
    clock.advance(10_000)
    expect(a.history.map((t) => t.state)).toEqual(Array.from({ length: 10 }, (_, i) => `s${i}`))
    expect(b.history).toEqual(a.history)
    expect(b.history).not.toBe(a.history)
    expect(c.history.map((t) => [t.state, t.at])).toEqual(
      Array.from({ length: 10 }, (_, i) => [`s${i}`, 3000 + i * 1000]),
    )
    expect(a.history.map((t) => t.at)).toEqual(Array.from({ length: 10 }, (_, i) => i * 1000))
  })

  test('a restored job gets its own copy, and grows as any other', () => {
    const clock = createClock({ mode: { kind: 'manual' }, start: 0 })
    const jobs = createJobTable({ kind: 'ladder', machine: ladder, clock })
    const a = jobs.start('a', undefined)
    jobs.start('b', undefined)
    clock.advance(2000)
    const stored = jobs.snapshot()
    const timers = clock.snapshot()
    jobs.restore(stored)
    clock.restore(timers)
    const [ra, rb] = [jobs.get('a')!, jobs.get('b')!]
    expect(ra.history).toEqual(a.history)
    clock.advance(1000)
    expect(ra.history.map((t) => t.state)).toEqual(['s0', 's1', 's2', 's3'])
    expect(rb.history).toEqual(ra.history)
    expect(stored[0]!.job.history).toHaveLength(3)
  })
})
