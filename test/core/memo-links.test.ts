import { assign, setup, type AnyStateMachine } from 'xstate'
import { describe, expect, test } from 'vitest'
import { createClock } from '../../src/core/clock.js'
import { createJobTable } from '../../src/core/jobs.js'
import { stepperFor } from '../../src/core/stepper.js'

type Context = { x: number; y: number; n: number; k?: number }

// a --go (x > 0, writes n)--> b; from b, `go` reads y (which a's step neither read nor wrote),
// `step` reads n (which it wrote), `pick` reads the event, `peek` reads k (which it read).
const machine = () =>
  setup({
    types: { context: {} as Context, events: {} as { type: string; ok?: boolean } },
    guards: {
      x: ({ context }) => context.x > 0 && context.k !== 0,
      y: ({ context }) => context.y > 0,
      n: ({ context }) => context.n === 1,
      ok: ({ event }) => event.ok === true,
      k: ({ context }) => context.k === 1,
    },
    actions: { count: assign({ n: ({ context }) => context.n + 1 }) },
  }).createMachine({
    context: ({ input }) => input as never,
    initial: 'a',
    states: {
      a: {
        on: {
          go: { guard: 'x', target: 'b', actions: 'count' },
          pick: { guard: 'ok', target: 'b', actions: 'count' },
        },
      },
      b: {
        on: {
          go: [{ guard: 'y', target: 'yes' }, { target: 'no' }],
          step: [{ guard: 'n', target: 'yes' }, { target: 'no' }],
          pick: [{ guard: 'ok', target: 'yes' }, { target: 'no' }],
          peek: [{ guard: 'k', target: 'yes' }, { target: 'no' }],
        },
      },
      yes: { type: 'final' },
      no: { type: 'final' },
    },
  })

const input = (y: number) => ({ x: 1, y, n: 0, k: 1 })

/** Each job sent `go`, then its own event, with and without the memo: the states they end in. */
function run(
  m: AnyStateMachine,
  jobs: Array<{
    input: object
    first?: { type: string; ok?: boolean }
    then: { type: string; ok?: boolean }
  }>,
  memo: boolean,
) {
  const clock = createClock({ mode: { kind: 'manual' }, start: 0 })
  const table = createJobTable({ kind: 'k', machine: m, clock, memo })
  const started = jobs.map(({ input }, i) => table.start(`j${i}`, input))
  started.forEach((job, i) => table.send(job.id, jobs[i]!.first ?? { type: 'go' }))
  started.forEach((job, i) => table.send(job.id, jobs[i]!.then))
  return started.map((job) => job.state)
}

// After a replayed step, a job's next lookup follows a link from that step's outcome, when
// nothing it reads could answer otherwise for another job (src/core/links.ts).
describe('links between memoised outcomes', () => {
  test('are followed only where the last step read or wrote all the next one reads', () => {
    const m = machine()
    // Per event, in turn: the first job makes the outcome, the second finds it and links it (or
    // not), the third (answering otherwise where it can) follows the link (or looks it up).
    const jobs = [
      ...[1, 1, 0].map((y) => ({ input: input(y), then: { type: 'go' } })),
      ...[1, 1, 0].map((y) => ({ input: input(y), then: { type: 'step' } })),
      ...[true, true, false].map((ok) => ({ input: input(1), then: { type: 'pick', ok } })),
      ...[1, 1, 1].map((y) => ({ input: input(y), then: { type: 'peek' } })),
      // The first step read the event's `ok` too, and got the same answer: still not known.
      ...[true, true, false].map((ok) => ({
        input: input(1),
        first: { type: 'pick', ok: true },
        then: { type: 'pick', ok },
      })),
    ]
    const states = run(m, jobs, true)
    // prettier-ignore
    expect(states).toEqual([
      'yes', 'yes', 'no', // go: y
      'yes', 'yes', 'yes', // step: n, written by the first step
      'yes', 'yes', 'no', // pick: the event
      'yes', 'yes', 'yes', // peek: k, read by the first step
      'yes', 'yes', 'no', // pick after pick: the event, read by both
    ])
    expect(states).toEqual(run(machine(), jobs, false))
    const memo = stepperFor(m).memo!
    // The second job of `step` and of `peek` made a link, and the third followed it; `go` (y) and
    // `pick` (the event) were looked up read by read every time.
    expect(memo.linked).toBe(2)
  })

  // What `covers` takes for granted: the first context too is a copy of own enumerable keys, so a
  // copy made later keeps what was read of it.
  test('rest on xstate making the first context a plain copy of what the machine gives', () => {
    const m = machine()
    const inherited = Object.assign(Object.create({ k: 1 }) as object, { x: 1, y: 1, n: 0 })
    const hidden = { x: 1, y: 1, n: 0 }
    Object.defineProperty(hidden, 'k', { value: 1, enumerable: false })
    const clock = createClock({ mode: { kind: 'manual' }, start: 0 })
    const table = createJobTable({ kind: 'k', machine: m, clock })
    for (const [i, input] of [inherited, hidden].entries()) {
      const { context } = table.start(`j${i}`, input)
      expect(Object.getPrototypeOf(context)).toBe(Object.prototype)
      expect(Reflect.ownKeys(context as object)).toEqual(['x', 'y', 'n'])
    }
    // The first two make a link for `peek` (k = 1); the others, whose k xstate did not copy, do
    // not read k = 1, and go their own way.
    const jobs = [input(1), input(1), inherited, hidden].map((i) => ({
      input: i,
      then: { type: 'peek' },
    }))
    const states = run(m, jobs, true)
    expect(states).toEqual(['yes', 'yes', 'no', 'no'])
    expect(states).toEqual(run(machine(), jobs, false))
  })
})
