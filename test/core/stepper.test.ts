import { createActor, setup, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate'
import { describe, expect, test } from 'vitest'
import { createClock } from '../../src/core/clock.js'
import { createJobTable, topState } from '../../src/core/jobs.js'
import { createStepper } from '../../src/core/stepper.js'
import { builtInScenario, type Scenario } from '../../src/scenarios/scenario.js'
import { profileOf } from '../../src/vendor/profile.js'
import { vendors } from '../../src/vendors/index.js'
import { STEPS } from '../../src/vendors/akua/steps.js'
import { akuaMeta } from './machines.case.js'

const vendor = (name: string) => vendors.find((v) => v.name === name)!
const machineOf = (name: string) => Object.values(vendor(name).jobs)[0]!

/** A profile for a vendor's machine from a scenario written inline. */
const profile = (name: string, patch: Partial<Scenario> = {}) =>
  profileOf({ ...builtInScenario(name), ...patch }, vendor(name).scenarios)

const fail = { kind: 'fail' as const, at: 0.5, message: 'boom' }
const stall = { kind: 'stall' as const, at: 0.25 }
const meta = akuaMeta

// Each machine with the inputs and outside events that walk its paths.
const cases: Array<[string, string, unknown, Array<[number, string]>]> = [
  [
    'airweave',
    'happy',
    { sourceConnectionId: 'sc', forceFullSync: false, profile: profile('airweave') },
    [],
  ],
  [
    'airweave',
    'a cancel while running',
    { sourceConnectionId: 'sc', forceFullSync: false, profile: profile('airweave') },
    [[30_000, 'cancel']],
  ],
  [
    'airweave',
    'a failure',
    {
      sourceConnectionId: 'sc',
      forceFullSync: false,
      profile: profile('airweave', { outcome: fail }),
    },
    [],
  ],
  [
    'airweave',
    'an unresponsive worker',
    {
      sourceConnectionId: 'sc',
      forceFullSync: false,
      profile: profile('airweave', { cancel: { worker: 'unresponsive' } }),
    },
    [
      [10_000, 'cancel'],
      [400_000, 'cleanup.cancel'],
    ],
  ],
  [
    'chroma',
    'happy',
    { sourceId: 's', databaseName: 'd', collectionName: 'c', kind: {}, profile: profile('chroma') },
    [],
  ],
  [
    'chroma',
    'a pending cancel',
    { sourceId: 's', databaseName: 'd', collectionName: 'c', kind: {}, profile: profile('chroma') },
    [[1_000, 'cancel']],
  ],
  [
    'chroma',
    'a failure',
    {
      sourceId: 's',
      databaseName: 'd',
      collectionName: 'c',
      kind: {},
      profile: profile('chroma', { outcome: fail }),
    },
    [],
  ],
  [
    'peaka',
    'a full refresh',
    { cacheId: 'c', mode: 'FULL_REFRESH', baseline: 0, profile: profile('peaka') },
    [],
  ],
  [
    'peaka',
    'a cancel signal',
    { cacheId: 'c', mode: 'INCREMENTAL', baseline: 10, profile: profile('peaka') },
    [[10_000, 'cancel']],
  ],
  [
    'peaka',
    'completes despite a cancel',
    {
      cacheId: 'c',
      mode: 'INCREMENTAL',
      baseline: 0,
      profile: profile('peaka', { options: { finishesDespiteCancel: true } }),
    },
    [[10_000, 'cancel']],
  ],
  [
    'peaka',
    'a stall, then a failure',
    {
      cacheId: 'c',
      mode: 'INCREMENTAL',
      baseline: 0,
      profile: profile('peaka', { outcome: stall }),
    },
    [[600_000, 'fail']],
  ],
  ['akua', 'happy', { steps: STEPS['cluster.create'], meta, profile: profile('akua') }, []],
  [
    'akua',
    'a drained cancel',
    {
      steps: STEPS['cluster.create'],
      meta,
      profile: profile('akua', { options: { drainSteps: 2 } }),
    },
    [[25_000, 'cancel']],
  ],
  [
    'akua',
    'a step that fails once',
    {
      steps: STEPS['cluster.delete'],
      meta,
      profile: profile('akua', { options: { retryStep: 1 } }),
    },
    [],
  ],
  [
    'akua',
    'a failure',
    { steps: STEPS['cluster.delete'], meta, profile: profile('akua', { outcome: fail }) },
    [],
  ],
]

describe(createStepper, () => {
  // The engine steps machines without an Actor per job, for memory (DESIGN.md budget); this
  // proves that every vendor's machine, on the same clock, walks the same path as
  // createActor(machine, { clock }).
  test.each(cases)('%s walks the same path as an actor: %s', (name, _, input, events) => {
    const { machine, phase = (s: AnyMachineSnapshot) => topState(s.value) } = machineOf(name)
    const actorClock = createClock({ mode: { kind: 'manual' }, start: 0 })
    const actor = createActor(machine as AnyStateMachine, { clock: actorClock, input })
    const actorPath: Array<[string, number]> = []
    actor.subscribe(
      (s) => actorPath.at(-1)?.[0] !== phase(s) && actorPath.push([phase(s), actorClock.now()]),
    )
    actor.start()
    if (actorPath.length === 0) actorPath.push([phase(actor.getSnapshot()), 0])
    const tableClock = createClock({ mode: { kind: 'manual' }, start: 0 })
    const table = createJobTable({
      kind: 'job',
      machine: machine as AnyStateMachine,
      clock: tableClock,
      phase,
    })
    const job = table.start('a', input)
    for (const [at, type] of events) {
      actorClock.setTimeout(() => actor.send({ type }), at)
      tableClock.setTimeout(() => table.send('a', { type }), at)
    }
    actorClock.advance(3_600_000)
    tableClock.advance(3_600_000)
    expect(job.history.map((t) => [t.state, t.at])).toEqual(actorPath)
    expect(job.context).toEqual(actor.getSnapshot().context)
    expect(job.history.length).toBeGreaterThan(1)
  })

  test('refuses machines that spawn or invoke actors', () => {
    const machine = setup({ actors: { child: setup({}).createMachine({}) } }).createMachine({
      invoke: { src: 'child' },
    })
    const stepper = createStepper(machine, { clock: createClock({ mode: { kind: 'manual' } }) })
    expect(() => stepper.initial(undefined)).toThrow(/must be pure/)
  })
})
