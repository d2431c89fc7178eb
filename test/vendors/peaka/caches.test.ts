import { describe, expect, test } from 'vitest'
import { createClock } from '../../../src/core/clock.js'
import { createIds } from '../../../src/core/ids.js'
import { createJobTable } from '../../../src/core/jobs.js'
import { builtInScenario } from '../../../src/scenarios/scenario.js'
import { statusOf, trigger, type CacheRecord, type PeakaState } from '../../../src/vendors/peaka/caches.js'
import { executionMachine, executionPhase } from '../../../src/vendors/peaka/machine.js'

function setup() {
  const clock = createClock({ mode: { kind: 'manual' }, start: 0 })
  const executions = createJobTable({ kind: 'execution', machine: executionMachine, clock, phase: executionPhase })
  const state = { env: { clock, ids: createIds(1), jobs: () => executions, every: () => {} }, executions, caches: new Map() } as unknown as PeakaState
  const cache: CacheRecord = {
    id: 'c1', projectId: 'p', catalogId: 'c', schemaName: 's', tableName: 't', records: 0, executions: [], last: {}, queued: new Map(), logs: [],
  }
  state.caches.set(cache.id, cache)
  return { clock, state, cache }
}

describe(statusOf, () => {
  test('NOT_INITIALIZED before anything ran; RUNNING while any runs; then the most recently finished', () => {
    const { clock, state, cache } = setup()
    expect(statusOf(state, cache)).toBe('NOT_INITIALIZED')
    trigger(state, cache, 'FULL_REFRESH', builtInScenario('peaka'))
    clock.advance(10_000)
    trigger(state, cache, 'INCREMENTAL', builtInScenario('peaka'))
    expect(statusOf(state, cache)).toBe('RUNNING')
    state.executions.send(cache.last.INCREMENTAL!, { type: 'fail' })
    expect(statusOf(state, cache)).toBe('RUNNING')
    clock.advance(10 * 60_000)
    // The full refresh finished after the failed incremental: it is the most recent.
    expect(statusOf(state, cache)).toBe('COMPLETED')
  })
})
