import { createActor, setup } from 'xstate'
import { describe, expect, test } from 'vitest'
import { createClock } from '../../src/core/clock.js'
import { createJobTable } from '../../src/core/jobs.js'
import { createStepper } from '../../src/core/stepper.js'
import { syncJobMachine, defaultProfile } from '../../src/vendors/airweave/machine.js'

describe(createStepper, () => {
  // The engine steps machines without an Actor per job, for memory (DESIGN.md budget); this
  // proves the same machine on the same clock walks the same path as createActor(machine, { clock }).
  test.each([
    ['happy', defaultProfile, []],
    ['a cancel while running', defaultProfile, [[30_000, 'cancel']]],
    ['a failure', { ...defaultProfile, failure: { afterMs: 60_000, message: 'boom' } }, []],
    ['an unresponsive worker', { ...defaultProfile, workerResponsive: false }, [[10_000, 'cancel'], [400_000, 'cleanup.cancel']]],
  ] as const)('walks the same path as an actor: %s', (_, profile, events) => {
    const input = { sourceConnectionId: 'sc', forceFullSync: false, profile }
    const actorClock = createClock({ mode: { kind: 'manual' }, start: 0 })
    const actor = createActor(syncJobMachine, { clock: actorClock, input })
    const actorPath: Array<[string, number]> = [['pending', 0]]
    actor.subscribe((s) => actorPath.at(-1)![0] !== s.value && actorPath.push([String(s.value), actorClock.now()]))
    actor.start()
    const tableClock = createClock({ mode: { kind: 'manual' }, start: 0 })
    const table = createJobTable({ kind: 'sync-job', machine: syncJobMachine, clock: tableClock })
    const job = table.start('a', input)
    for (const [at, type] of events) {
      actorClock.setTimeout(() => actor.send({ type }), at)
      tableClock.setTimeout(() => table.send('a', { type }), at)
    }
    actorClock.advance(3_600_000)
    tableClock.advance(3_600_000)
    expect(job.history.map((t) => [t.state, t.at])).toEqual(actorPath)
    expect(job.context.error).toEqual(actor.getSnapshot().context.error)
  })

  test('refuses machines that spawn or invoke actors', () => {
    const machine = setup({ actors: { child: setup({}).createMachine({}) } }).createMachine({ invoke: { src: 'child' } })
    const stepper = createStepper(machine, createClock({ mode: { kind: 'manual' } }))
    expect(() => stepper.initial(undefined)).toThrow(/must be pure/)
  })
})
