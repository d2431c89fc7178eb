import fc from 'fast-check'
import { assign, createActor, setup, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate'
import { describe, expect, test } from 'vitest'
import { createClock } from '../../src/core/clock.js'
import { SessionEvents, type SessionEvent } from '../../src/core/events.js'
import { createJobTable, topState } from '../../src/core/jobs.js'
import { TransitionMemo } from '../../src/core/memo.js'
import { stepperFor } from '../../src/core/stepper.js'
import { builtInScenario, type Outcome, type Scenario } from '../../src/scenarios/scenario.js'
import { profileOf } from '../../src/vendor/profile.js'
import { vendors } from '../../src/vendors/index.js'
import { jobInputs as inputs } from './machines.case.js'

const kinds = vendors.flatMap((vendor) =>
  Object.entries(vendor.jobs).map(([kind, declared]) => ({ vendor, kind, ...declared })),
)

const outcome: fc.Arbitrary<Outcome> = fc.oneof(
  fc.constant({ kind: 'complete' as const }),
  fc.record({
    kind: fc.constant('fail' as const),
    at: fc.constantFrom(0, 0.3, 0.5, 1),
    message: fc.constantFrom('boom', 'bang'),
  }),
  fc.record({ kind: fc.constant('stall' as const), at: fc.constantFrom(0, 0.25, 0.9) }),
)
const options = fc.record(
  {
    pendingCancel: fc.constantFrom('cancelling', 'cancelled'),
    processingCancelable: fc.boolean(),
    drainSteps: fc.integer({ min: 1, max: 3 }),
    retryStep: fc.integer({ min: 0, max: 3 }),
    finishesDespiteCancel: fc.boolean(),
    metadataQueuePaused: fc.boolean(),
    metadataAttempts: fc.integer({ min: 1, max: 3 }),
  },
  { requiredKeys: [] },
)
/** A scenario with random delays (some zero, some equal), outcome, options and worker. */
const scenario = (vendor: string, delays: string[]) =>
  fc
    .record({
      delays: fc.record(
        Object.fromEntries(delays.map((d) => [d, fc.constantFrom(0, 1, 1000, 5000, 30_000)])),
        {
          requiredKeys: [],
        },
      ),
      outcome,
      options,
      worker: fc.constantFrom('responsive' as const, 'unresponsive' as const),
    })
    .map(({ delays, outcome, options, worker }): Scenario => ({
      ...builtInScenario(vendor),
      delays: delays as Record<string, number>,
      outcome,
      options,
      cancel: { worker },
    }))

const run = fc.integer({ min: 0, max: kinds.length - 1 }).chain((k) => {
  const { vendor } = kinds[k]!
  const events = [...Object.keys(vendor.scenarios.events ?? {}), 'bogus']
  return fc.record({
    k: fc.constant(k),
    scenarios: fc.array(scenario(vendor.name, Object.keys(vendor.scenarios.delays)), {
      minLength: 1,
      maxLength: 3,
    }),
    jobs: fc.array(
      fc.record({
        scenario: fc.nat(),
        startAt: fc.constantFrom(0, 0, 500, 20_000),
        sends: fc.array(
          fc.record({ at: fc.integer({ min: 0, max: 400_000 }), type: fc.constantFrom(...events) }),
          { maxLength: 4 },
        ),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    advances: fc.array(fc.constantFrom(0, 1, 999, 5000, 60_000, 600_000), {
      minLength: 1,
      maxLength: 8,
    }),
  })
})

/** A job table on its own clock, every event told, with or without memoised transitions. */
function world(
  machine: AnyStateMachine,
  phase: ((s: AnyMachineSnapshot) => string) | undefined,
  memo: boolean,
) {
  const clock = createClock({ mode: { kind: 'manual' }, start: 0 })
  const events = new SessionEvents()
  const told: SessionEvent[] = []
  events.on('job', (e) => told.push(e))
  const table = createJobTable({ kind: 'k', machine, clock, vendor: 'v', events, phase, memo })
  return { clock, table, told }
}

describe(TransitionMemo, () => {
  // The memo replays a transition for any job whose guards, delays and assigners would read the
  // same: this proves it against plain xstate, for every vendor machine, over random scenarios
  // (several at once, sharing the memo), start times, outside events and clock advances.
  test('a memoised job table does exactly what plain xstate does', () => {
    fc.assert(
      fc.property(run, ({ k, scenarios, jobs, advances }) => {
        const { vendor, kind, machine, phase } = kinds[k]!
        const profiles = scenarios.map((s) => profileOf(s, vendor.scenarios))
        const input = inputs[`${vendor.name}/${kind}`]
        if (!input) throw new Error(`no input for ${vendor.name}/${kind} in machines.case.ts`)
        const sides = [world(machine, phase, true), world(machine, phase, false)]
        const actors: Array<{
          path: Array<[string, number]>
          actor: ReturnType<typeof createActor>
        }> = []
        const name = phase ?? ((s: AnyMachineSnapshot) => topState(s.value))
        const actorClock = createClock({ mode: { kind: 'manual' }, start: 0 })
        jobs.forEach((job, n) => {
          const profile = profiles[job.scenario % profiles.length]!
          for (const { clock, table } of sides) {
            clock.setTimeout(() => {
              table.start(`j${n}`, input(profile, n))
              for (const { at, type } of job.sends)
                clock.setTimeout(() => table.send(`j${n}`, { type }), at)
            }, job.startAt)
          }
          actorClock.setTimeout(() => {
            const actor = createActor(machine, { clock: actorClock, input: input(profile, n) })
            const path: Array<[string, number]> = []
            actor.subscribe(
              (s) => path.at(-1)?.[0] !== name(s) && path.push([name(s), actorClock.now()]),
            )
            actor.start()
            if (path.length === 0) path.push([name(actor.getSnapshot()), actorClock.now()])
            actors[n] = { path, actor }
            for (const { at, type } of job.sends)
              actorClock.setTimeout(
                () => actor.getSnapshot().can({ type }) && actor.send({ type }),
                at,
              )
          }, job.startAt)
        })
        for (const by of advances) {
          for (const { clock } of sides) clock.advance(by)
          actorClock.advance(by)
          const [memo, plain] = sides.map(({ clock, table, told }) => ({
            jobs: JSON.parse(JSON.stringify(table.snapshot())),
            timers: clock.snapshot(),
            accepts: table.all().map((job) => table.accepts(job.id)),
            told: [...told],
          }))
          expect(memo).toEqual(plain)
          for (const [n, started] of actors.entries()) {
            if (!started) continue
            const { path, actor } = started
            const job = sides[0]!.table.get(`j${n}`)!
            expect(job.history.map((t) => [t.state, t.at])).toEqual(path)
            expect(job.context).toEqual(actor.getSnapshot().context)
          }
        }
      }),
      { numRuns: 300, seed: 20260118 },
    )
    // Every vendor machine can be watched, and its memo did the work.
    for (const { vendor, kind, machine } of kinds) {
      const memo = stepperFor(machine).memo
      expect(memo, `${vendor.name}/${kind}`).toBeDefined()
      expect(memo!.disabled).toBe(false)
      expect(memo!.hits, `${vendor.name}/${kind}`).toBeGreaterThan(50)
    }
    // ...and followed links from one step to the next (src/core/links.ts): most machines did (Peaka's
    // execution and refresh read, in each state, what the step before neither read nor wrote).
    const linked = kinds.map(({ machine }) => stepperFor(machine).memo!.linked)
    expect(linked.filter((n) => n > 0).length).toBeGreaterThanOrEqual(5)
    expect(linked.reduce((a, b) => a + b)).toBeGreaterThan(50)
  })

  test('replays a transition for another job only when its reads answer the same', () => {
    const machine = setup({
      types: { context: {} as { limit: { n: number }; log: string[] } },
      guards: { big: ({ context }) => context.limit.n > 2 },
      actions: { note: assign({ log: ({ context }) => [...context.log, `n=${context.limit.n}`] }) },
    }).createMachine({
      context: ({ input }) => input as never,
      initial: 'a',
      states: {
        a: { on: { go: [{ guard: 'big', target: 'b', actions: 'note' }, { target: 'c' }] } },
        b: { type: 'final' },
        c: { type: 'final' },
      },
    })
    const { table } = world(machine, undefined, true)
    const jobs = [1, 5, 7, 2].map((n, i) => table.start(`j${i}`, { limit: { n }, log: [] }))
    for (const job of jobs) table.send(job.id, { type: 'go' })
    expect(jobs.map((job) => [job.state, job.context.log])).toEqual([
      ['c', []],
      ['b', ['n=5']],
      ['b', ['n=7']],
      ['c', []],
    ])
  })

  test('a replay sets every key the assigners set, even one the first job had already', () => {
    const machine = setup({
      types: { context: {} as { flag?: string; other: number } },
      actions: { on: assign({ flag: 'on' }) },
    }).createMachine({
      context: ({ input }) => input as never,
      initial: 'a',
      states: { a: { on: { set: { target: 'b', actions: 'on' } } }, b: { type: 'final' } },
    })
    const { table } = world(machine, undefined, true)
    const inputs = [{ flag: 'on', other: 1 }, { flag: 'off', other: 2 }, { other: 3 }]
    const jobs = inputs.map((input, i) => table.start(`j${i}`, input))
    for (const job of jobs) table.send(job.id, { type: 'set' })
    expect(jobs.map((job) => job.context)).toEqual([
      { flag: 'on', other: 1 },
      { flag: 'on', other: 2 },
      { other: 3, flag: 'on' },
    ])
    expect(Object.keys(jobs[2]!.context)).toEqual(['other', 'flag'])
    expect(stepperFor(machine).memo!.hits).toBe(2)
  })

  test('steps machines it cannot watch with plain xstate, and replays nothing it could not repeat', () => {
    // An inline guard is not one of setup()'s: the whole machine is stepped by xstate alone.
    const inline = setup({ types: { context: {} as { n: number } } }).createMachine({
      context: ({ input }) => input as never,
      initial: 'a',
      states: {
        a: {
          on: { go: [{ guard: ({ context }) => context.n > 1, target: 'b' }, { target: 'c' }] },
        },
        b: { type: 'final' },
        c: { type: 'final' },
      },
    })
    const one = world(inline, undefined, true).table
    const jobs = [2, 0].map((n, i) => one.start(`j${i}`, { n }))
    for (const job of jobs) one.send(job.id, { type: 'go' })
    expect(jobs.map((job) => job.state)).toEqual(['b', 'c'])
    expect(stepperFor(inline).memo).toBeUndefined()
    // A guard that reads a getter would run it again in a replay: such a step is not kept.
    const getter = setup({
      types: { context: {} as { limit: { n: number } } },
      guards: { big: ({ context }) => context.limit.n > 1 },
    }).createMachine({
      context: ({ input }) => input as never,
      initial: 'a',
      states: {
        a: { on: { go: [{ guard: 'big', target: 'b' }, { target: 'c' }] } },
        b: { type: 'final' },
        c: { type: 'final' },
      },
    })
    const two = world(getter, undefined, true).table
    let reads = 0
    const limit = (n: number) => ({
      get n() {
        return (reads++, n)
      },
    })
    const started = [2, 0].map((n, i) => two.start(`g${i}`, { limit: limit(n) }))
    for (const job of started) two.send(job.id, { type: 'go' })
    expect(started.map((job) => job.state)).toEqual(['b', 'c'])
    expect(stepperFor(getter).memo!.size).toBe(0)
  })
})
