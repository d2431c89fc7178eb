import { describe, expect, test } from 'vitest'
import { findJob, viewJob } from '../../../src/http/admin/jobs.js'
import { conformingFake } from '../../support/conformance.js'

async function setup() {
  const { fake, call, fixtures } = await conformingFake()
  const key = { 'x-api-key': fixtures.airweave.apiKey as string }
  const base = `/airweave/source-connections/${fixtures.airweave.sourceConnectionIds[0]}`
  const { id } = (await call('POST', `${base}/run`, { headers: key })).body
  return { fake, call, fixtures, key, base, id: id as string }
}

describe(viewJob, () => {
  test('GET /jobs/{id}: the job, the events its machine takes now, and its next timer', async () => {
    const { call, id } = await setup()
    const { status, body } = await call('GET', `/__admin/jobs/${id}`)
    expect(status).toBe(200)
    expect(body).toMatchObject({
      vendor: 'airweave',
      kind: 'sync-job',
      id,
      state: 'pending',
      done: false,
      accepts: ['cancel', 'cleanup.cancel'],
      next: { event: 'after pending', at: '2026-01-01T00:00:05.000Z' },
    })
    // The list shows the same.
    expect((await call('GET', '/__admin/jobs')).body).toEqual([body])
  })

  test('POST /jobs/{id}/events drives the machine; a refusal is 409 with what it takes', async () => {
    const { call, key, base, id } = await setup()
    const sent = await call('POST', `/__admin/jobs/${id}/events`, { body: { type: 'cancel' } })
    expect(sent.status).toBe(200)
    expect(sent.body).toMatchObject({ state: 'cancelling', accepts: ['cleanup.cancel'] })
    expect(sent.body.next).toEqual({ event: 'after cancelAck', at: '2026-01-01T00:00:03.000Z' })
    // The vendor API sees what the machine did.
    const jobs = (await call('GET', `${base}/jobs`, { headers: key })).body
    expect(jobs[0].status).toBe('cancelling')

    const refused = await call('POST', `/__admin/jobs/${id}/events`, { body: { type: 'cancel' } })
    expect(refused).toMatchObject({
      status: 409,
      body: { error: 'conflict', state: 'cancelling', accepts: ['cleanup.cancel'] },
    })
    expect(refused.body.message).toMatch(
      /^\[jobfake\] Job .* \(cancelling\) does not take "cancel" now\. It takes: cleanup\.cancel\./,
    )

    await call('POST', '/__admin/clock/advance', { body: { by: '3s' } })
    const done = await call('GET', `/__admin/jobs/${id}`)
    expect(done.body).toMatchObject({ state: 'cancelled', done: true, accepts: [], next: null })
    const late = await call('POST', `/__admin/jobs/${id}/events`, { body: { type: 'cancel' } })
    expect(late.status).toBe(409)
    expect(late.body.accepts).toEqual([])
    expect(late.body.message).toMatch(/It takes: nothing \(it is done\)/)
  })

  test('an event carries its payload: a Chroma invocation failed by hand, with its error', async () => {
    const { call, fixtures } = await setup()
    const headers = { 'x-chroma-token': fixtures.chroma.token as string }
    const source = fixtures.chroma.sourceIds[0]
    const { invocation_id } = (
      await call('POST', `/chroma/api/v1/sources/${source}/invocations`, { headers, body: {} })
    ).body
    const sent = await call('POST', `/__admin/jobs/${invocation_id}/events?vendor=chroma`, {
      body: { type: 'fail', error: 'disk full' },
    })
    expect(sent.body.state).toBe('failed')
    const wire = await call('GET', `/chroma/api/v1/invocations/${invocation_id}`, { headers })
    expect(wire.body.status).toEqual({ failed: { error: 'disk full' } })
  })

  test('404 for an unknown job (or one of another vendor), 400 for a body without a type', async () => {
    const { call, id } = await setup()
    const unknown = await call('GET', '/__admin/jobs/nope')
    expect(unknown).toMatchObject({ status: 404, body: { error: 'not_found' } })
    expect(unknown.body.message).toBe('[jobfake] No job "nope" in this session.')
    expect((await call('GET', `/__admin/jobs/${id}?vendor=peaka`)).status).toBe(404)
    expect(
      (await call('POST', '/__admin/jobs/nope/events', { body: { type: 'cancel' } })).status,
    ).toBe(404)
    for (const body of [{}, [], { type: 3 }]) {
      const bad = await call('POST', `/__admin/jobs/${id}/events`, { body })
      expect(bad).toMatchObject({ status: 400, body: { error: 'bad_request' } })
      expect(bad.body.message).toMatch(/takes a JSON body such as \{"type": "cancel"\}/)
    }
    const raw = await call('POST', `/__admin/jobs/${id}/events`, { raw: '{oops' })
    expect(raw.status).toBe(400)
    const internal = await call('POST', `/__admin/jobs/${id}/events`, {
      body: { type: 'xstate.after.pending.airweave.syncJob.pending' },
    })
    expect(internal.body.message).toMatch(/advance the clock instead/)
  })

  test('jobs are found in the session the call names, and only there', async () => {
    const { fake, call, id } = await setup()
    expect((await call('GET', `/__admin/jobs/${id}`, { session: 'other' })).status).toBe(404)
    expect(findJob(fake.session(), id)?.vendor).toBe('airweave')
    expect(findJob(fake.session('other'), id)).toBeUndefined()
  })

  test('GET /sessions lists the sessions held, with their clocks and jobs', async () => {
    const { call, key, base } = await setup()
    await call('POST', `${base}/run`, { headers: key, session: 'ci-9' })
    await call('POST', '/__admin/clock/advance', { session: 'ci-9', body: { by: '1h' } })
    const { body } = await call('GET', '/__admin/sessions')
    expect(body).toEqual([
      {
        name: 'default',
        clock: { mode: 'manual', now: '2026-01-01T00:00:00.000Z' },
        jobs: 1,
        live: 1,
      },
      {
        name: 'ci-9',
        clock: { mode: 'manual', now: '2026-01-01T01:00:00.000Z' },
        jobs: 1,
        live: 0,
      },
    ])
  })
})
