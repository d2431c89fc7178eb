import { beforeAll, describe, expect, test } from 'vitest'
import { warmUp } from './akua.case.js'
import { akua } from './routes.case.js'

beforeAll(warmUp, 120_000)

// Every answer below is checked against specs/akua.yaml and against Akua's own document.

describe('akua: scenarios and :wait', () => {
  test('step-retry: last_error is set when the step fails, and cleared when its retry succeeds', async () => {
    const a = await akua({ scenario: ['akua/step-retry'] })
    const { id } = (await a.create()).body
    a.fake.clock.advance('40s')
    const failed = (await a.get(id)).body
    expect(failed.last_error).toEqual({
      message: 'provision_network: quota check timed out; retrying',
      step_name: 'provision_network',
    })
    expect(failed.steps[1]).toMatchObject({
      status: 'failed',
      error_message: failed.last_error.message,
    })
    a.fake.clock.advance('20s')
    expect((await a.get(id)).body.steps[1].status).toBe('running')
    a.fake.clock.advance('20s')
    const retried = (await a.get(id)).body
    expect(retried.last_error).toBeNull()
    expect(retried.steps[1]).toMatchObject({ status: 'completed', error_message: null })
    a.fake.clock.advance('10m')
    expect((await a.get(id)).body.state).toBe('SUCCEEDED')
  })

  test('fails: FAILED with error, the failed step, and the rest skipped', async () => {
    const a = await akua({ scenario: ['akua/fails'] })
    const { id } = (await a.create()).body
    a.fake.clock.advance('10m')
    const op = (await a.get(id)).body
    expect(op).toMatchObject({
      state: 'FAILED',
      done: true,
      response: null,
      error: { message: 'Control plane did not become ready within 10 minutes' },
    })
    expect(op.steps.map((s: { status: string }) => s.status)).toEqual([
      'completed',
      'completed',
      'failed',
      'skipped',
      'skipped',
    ])
    expect(op.last_error.step_name).toBe('create_control_plane')
  })

  test(':wait resolves when the operation finishes, without blocking other requests', async () => {
    const a = await akua()
    const { id } = (await a.create()).body
    let settled = false
    const waiting = a
      .call('POST', `/operations/${id}:wait?timeout=60`)
      .then((r) => ((settled = true), r))
    expect((await a.get(id)).status).toBe(200)
    a.fake.clock.advance('50s')
    await Promise.resolve()
    expect(settled).toBe(false)
    a.fake.clock.advance('50s')
    const done = await waiting
    expect(done.body).toMatchObject({ state: 'SUCCEEDED', done: true })
  })

  test(':wait answers the running operation once the timeout passes on the engine clock', async () => {
    const a = await akua()
    const { id } = (await a.create()).body
    const waiting = a.call('POST', `/operations/${id}:wait?timeout=5`)
    await new Promise((resolve) => setImmediate(resolve))
    a.fake.clock.advance('5s')
    expect((await waiting).body).toMatchObject({ state: 'RUNNING', done: false })
  })

  test(':wait holds a timeout outside 1–60 s to its nearest end (the document declares no 400)', async () => {
    const a = await akua()
    const { id } = (await a.create()).body
    let settled = false
    const long = a
      .call('POST', `/operations/${id}:wait?timeout=61`)
      .then((r) => ((settled = true), r))
    await new Promise((resolve) => setImmediate(resolve))
    a.fake.clock.advance('59s')
    await new Promise((resolve) => setImmediate(resolve))
    expect(settled).toBe(false)
    a.fake.clock.advance('1s')
    expect(await long).toMatchObject({ status: 200, body: { state: 'RUNNING', done: false } })
    const short = a.call('POST', `/operations/${id}:wait?timeout=0`)
    await new Promise((resolve) => setImmediate(resolve))
    a.fake.clock.advance('1s')
    expect((await short).status).toBe(200)
  })
})
