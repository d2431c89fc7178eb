import { describe, expect, test } from 'vitest'
import { combine, derive } from '../../src/record/derive.js'
import type { Trace } from '../../src/record/traces.js'
import { plan as airweave } from '../../src/vendors/airweave/verify.js'
import { plan as akua } from '../../src/vendors/akua/verify.js'

const machine = { initial: 'pending', finals: ['completed', 'failed', 'cancelled'] }
const trace = (
  id: string,
  created: number,
  seen: Array<[number, string, string?]>,
  cancels: Trace['cancels'] = [],
): Trace => ({
  id,
  created,
  observations: seen.map(([at, state, error]) => ({ at, state, error, body: undefined })),
  cancels,
})

describe(combine, () => {
  test('brackets that overlap give their overlap; brackets that disagree give the mean, marked', () => {
    expect(
      combine([
        { lo: 4, hi: 8 },
        { lo: 5, hi: 10 },
      ]),
    ).toEqual({ ms: 7, width: 3, samples: 2, consistent: true })
    expect(
      combine(
        [
          { lo: 0, hi: 2 },
          { lo: 10, hi: 12 },
        ],
        10,
      ),
    ).toEqual({ ms: 60, width: 20, samples: 2, consistent: false })
  })
})

describe(derive, () => {
  test('each delay from the two changes it spans; a failure becomes the outcome, at its point of the run', () => {
    const done = trace('a', 0, [
      [0, 'pending'],
      [4_000, 'pending'],
      [6_000, 'running'],
      [64_000, 'running'],
      [66_000, 'completed'],
    ])
    const failed = trace('b', 100_000, [
      [100_000, 'pending'],
      [106_000, 'running'],
      [130_000, 'running'],
      [132_000, 'failed', 'Source API error'],
    ])
    const { delays, jobs, outcome } = derive([done, failed], airweave, machine)
    // pending: (4 s, 6 s] from the creation, both jobs: the overlap of (4, 6] and (0, 6].
    expect(delays.pending).toEqual({ ms: 5_000, width: 2_000, samples: 2, consistent: true })
    // running: from entering running (4–6 s) to entering completed (64–66 s).
    expect(delays.running).toEqual({ ms: 60_000, width: 4_000, samples: 1, consistent: true })
    // It failed 24–32 s into a run that completes in 60 s.
    expect(outcome).toEqual({ kind: 'fail', at: 0.47, message: 'Source API error' })
    expect(jobs.map((j) => [j.path, j.ending])).toEqual([
      [['pending', 'running', 'completed'], 'completed'],
      [['pending', 'running', 'failed'], 'failed'],
    ])
  })

  test('a failure alone sets the run to its length and fails at its end; scale multiplies time', () => {
    const failed = trace('b', 0, [
      [0, 'pending'],
      [1_000, 'running'],
      [20_000, 'running'],
      [22_000, 'failed'],
    ])
    const { delays, outcome } = derive([failed], airweave, machine, 10)
    expect(delays.running!.ms).toBe(205_000)
    expect(outcome).toEqual({ kind: 'fail', at: 1, message: 'failed' })
  })

  test('a cancel: how long it took to land, and the run it cut short says nothing of the run', () => {
    const cancelled = trace(
      'c',
      0,
      [
        [0, 'pending'],
        [6_000, 'running'],
        [10_000, 'cancelling'],
        [12_000, 'cancelled'],
      ],
      [
        { at: 9_000, accepted: true },
        { at: 14_000, accepted: false },
      ],
    )
    const { delays, jobs } = derive([cancelled], airweave, machine)
    expect(jobs[0]!.cancelLanded).toEqual({ ms: 2_000, width: 2_000, samples: 1, consistent: true })
    expect(delays.cancelAck).toEqual(jobs[0]!.cancelLanded)
    expect(delays.running).toBeUndefined()
    expect(jobs[0]!.ending).toBe('cancelled')
  })

  test('a delay spread over steps (Akua: the run is so many steps)', () => {
    const body = { steps: [1, 2, 3, 4, 5] }
    const op: Trace = {
      id: 'op_1',
      created: 0,
      observations: [
        { at: 0, state: 'RUNNING', body },
        { at: 98_000, state: 'RUNNING', body },
        { at: 102_000, state: 'SUCCEEDED', body },
      ],
      cancels: [],
    }
    const { delays } = derive([op], akua, {
      initial: 'RUNNING',
      finals: ['SUCCEEDED', 'FAILED', 'CANCELLED'],
    })
    expect(delays.step).toEqual({ ms: 20_000, width: 800, samples: 1, consistent: true })
  })
})
