import { describe, expect, test } from 'vitest'
import { describeMachine } from '../../../src/http/admin/machines.js'
import { createFake } from '../../../src/index.js'
import { syncJobMachine } from '../../../src/vendors/airweave/machine.js'
import { operationMachine } from '../../../src/vendors/akua/machine.js'
import { executionMachine } from '../../../src/vendors/peaka/machine.js'

describe(describeMachine, () => {
  test("reads a machine's states and its arrows: events, named delays, guards", () => {
    const diagram = describeMachine(syncJobMachine)
    expect(diagram.id).toBe('airweave.syncJob')
    expect(diagram.initial).toBe('pending')
    expect(diagram.states.map((s) => [s.name, s.final])).toEqual([
      ['pending', false],
      ['running', false],
      ['cancelling', false],
      ['completed', true],
      ['failed', true],
      ['cancelled', true],
    ])
    expect(diagram.transitions).toEqual(
      expect.arrayContaining([
        { from: 'pending', to: 'running', event: null, after: 'pending', guard: null },
        {
          from: 'pending',
          to: 'cancelled',
          event: 'cancel',
          after: null,
          guard: 'cancelsImmediately',
        },
        { from: 'pending', to: 'cancelling', event: 'cancel', after: null, guard: null },
        {
          from: 'cancelling',
          to: 'cancelled',
          event: null,
          after: 'cancelAck',
          guard: 'workerResponsive',
        },
      ]),
    )
    // xstate's own events stand for the delays: they are not shown twice.
    expect(diagram.transitions.some((t) => t.event?.startsWith('xstate.'))).toBe(false)
  })

  test('compound states keep their children; a transition with no target goes nowhere', () => {
    const peaka = describeMachine(executionMachine)
    const running = peaka.states.find((s) => s.name === 'RUNNING')!
    expect(running.initial).toBe('working')
    expect(running.children.map((c) => c.path)).toEqual(['RUNNING.working', 'RUNNING.stopping'])
    expect(peaka.transitions).toContainEqual({
      from: 'RUNNING.working',
      to: 'RUNNING.stopping',
      event: 'cancel',
      after: null,
      guard: null,
    })
    const akua = describeMachine(operationMachine)
    expect(akua.transitions).toContainEqual({
      from: 'RUNNING',
      to: null,
      event: 'cancel',
      after: null,
      guard: 'notRequested',
    })
  })

  test('GET /__admin/machines: every vendor and job kind', async () => {
    const fake = await createFake()
    const res = await fake.request('/__admin/machines')
    const body = await res.json()
    expect(Object.keys(body)).toEqual(['peaka', 'airweave', 'chroma', 'akua'])
    expect(Object.keys(body.airweave)).toEqual(['sync-job'])
    expect(body.airweave['sync-job']).toEqual(describeMachine(syncJobMachine))
  })
})
