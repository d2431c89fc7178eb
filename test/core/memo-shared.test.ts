import { assign, setup } from 'xstate'
import { describe, expect, test } from 'vitest'
import { createClock } from '../../src/core/clock.js'
import { createJobTable } from '../../src/core/jobs.js'
import { stepperFor } from '../../src/core/stepper.js'

// What replays write is shared data (see shareData): the memo matches the next step by identity.
describe('shared data in replays', () => {
  test('jobs that replay one transition share what it wrote, frozen, and are matched by it', () => {
    const machine = setup({
      types: { context: {} as { id: string; items: string[] } },
      guards: { full: ({ context }) => context.items.length >= 2 },
      actions: { add: assign({ items: ({ context }) => [...context.items, 'x'] }) },
    }).createMachine({
      context: ({ input }) => input as never,
      initial: 'a',
      states: {
        a: {
          on: {
            add: [
              { guard: 'full', target: 'b' },
              { actions: 'add', target: 'a' },
            ],
          },
        },
        b: { type: 'final' },
      },
    })
    const clock = createClock({ mode: { kind: 'manual' }, start: 0 })
    const table = createJobTable({ kind: 'k', machine, clock })
    const memo = stepperFor(machine).memo!
    const jobs = [0, 1, 2].map((i) => table.start(`j${i}`, { id: `j${i}`, items: [] }))
    for (const job of jobs) table.send(job.id, { type: 'add' })
    // The first job ran xstate, the others replayed it: all three hold one frozen array.
    expect(memo.hits).toBe(2)
    const [items] = jobs.map((job) => job.context.items)
    expect(items).toEqual(['x'])
    for (const job of jobs) expect(job.context.items).toBe(items)
    expect(Object.isFrozen(items)).toBe(true)
    expect(() => job(0).items.push('y')).toThrow(TypeError)
    // A job holding an equal array of its own is not the same answer: it gets its own trace,
    // which the next such job then matches by its contents.
    const own = [3, 4].map((i) => table.start(`j${i}`, { id: `j${i}`, items: ['x'] }))
    for (const { id } of [...jobs, ...own]) table.send(id, { type: 'add' })
    expect(memo.hits).toBe(2 + 2 + 1)
    for (const i of [0, 1, 2, 3, 4]) expect(job(i)).toEqual({ id: `j${i}`, items: ['x', 'x'] })
    expect(job(3).items).not.toBe(job(0).items)
    expect(job(1).items).toBe(job(0).items)
    for (const { id } of [...jobs, ...own]) table.send(id, { type: 'add' })
    expect(table.all().map((j) => j.state)).toEqual(['b', 'b', 'b', 'b', 'b'])

    function job(i: number) {
      return table.get(`j${i}`)!.context as { id: string; items: string[] }
    }
  })
})
