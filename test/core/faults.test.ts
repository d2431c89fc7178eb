import { describe, expect, test } from 'vitest'
import { LazyFaults } from '../../src/core/faults.js'
import { decideFaults } from '../../src/scenarios/faults.js'

describe(LazyFaults, () => {
  test('makes its Maps only when a fault counts, and snapshots without making them', () => {
    const faults = new LazyFaults()
    expect(LazyFaults.snapshot(faults)).toEqual({ calls: [], buckets: [] })
    decideFaults([], ['op'], faults, 'happy', 0, Math.random)
    expect(LazyFaults.snapshot(faults)).toEqual({ calls: [], buckets: [] })
    decideFaults([{ kind: 'error', status: 500 }], ['op'], faults, 'happy', 0, Math.random)
    expect(LazyFaults.snapshot(faults)).toEqual({ calls: [['happy#0', 1]], buckets: [] })
    expect(new LazyFaults({ calls: faults.calls, buckets: new Map() }).calls.get('happy#0')).toBe(1)
  })
})
