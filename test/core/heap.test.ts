import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { DEAD, Timer, TimerQueue } from '../../src/core/heap.js'

describe(TimerQueue, () => {
  test('gives timers back by due time, then in the order set, skipping cleared ones', () => {
    const plan = fc.array(
      fc.record({ due: fc.integer({ min: 0, max: 30 }), cleared: fc.boolean() }),
      { maxLength: 60 },
    )
    fc.assert(
      fc.property(plan, fc.integer({ min: 1, max: 60 }), (timers, addAfter) => {
        const queue = new TimerQueue()
        const all = timers.map(({ due }, i) => new Timer(i + 1, due))
        all.forEach((timer, i) => {
          queue.add(timer)
          if (timers[i]!.cleared) timer.live = DEAD
        })
        const got: Timer[] = []
        // As the clock takes them: the earliest due time, then its timers one by one.
        for (let due = queue.top(); due; due = queue.top()) {
          const top = due.timers[due.next]!
          due.timers[due.next++] = undefined
          if (top.live === DEAD) continue
          got.push(top)
          // One set while taking, due when the one taken was: it comes after every other then.
          if (got.length === addAfter) all.push(new Timer(1000, top.due))
          if (got.length === addAfter) queue.add(all.at(-1)!)
        }
        const expected = all
          .filter((t) => t.live !== DEAD)
          .sort((a, b) => a.due - b.due || a.id - b.id)
        expect(got.map((t) => t.id)).toEqual(expected.map((t) => t.id))
      }),
      { numRuns: 300 },
    )
  })
})
