import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { TimerSlots } from '../../src/core/timer-slots.js'

describe(TimerSlots, () => {
  // A job's timers are written into snapshots in the order a Map keeps them: so must these be.
  test('keeps timers by key exactly as a Map would, whatever is set, taken or cleared', () => {
    const op = fc.oneof(
      fc.record({
        op: fc.constant('set' as const),
        key: fc.constantFrom('a', 'b', 'c', 'd'),
        id: fc.nat(),
      }),
      fc.record({ op: fc.constant('take' as const), key: fc.constantFrom('a', 'b', 'c', 'd') }),
      fc.record({ op: fc.constant('clear' as const) }),
    )
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const slots = new TimerSlots()
        const map = new Map<string, number>()
        for (const step of ops) {
          if (step.op === 'set') {
            slots.set(step.key, step.id)
            map.set(step.key, step.id)
          } else if (step.op === 'take') {
            expect(slots.take(step.key)).toBe(map.get(step.key))
            map.delete(step.key)
          } else {
            expect(slots.clear()).toEqual([...map.values()])
            map.clear()
          }
          expect(slots.entries()).toEqual([...map.entries()])
        }
      }),
      { numRuns: 300 },
    )
  })
})
