import { describe, expect, test } from 'vitest'
import { adminRoutes } from '../../../src/http/admin/routes.js'
import { createFake } from '../../../src/index.js'
import { conformingFake } from '../../support/conformance.js'

async function setup() {
  const { fake, call, fixtures } = await conformingFake()
  const key = { 'x-api-key': fixtures.airweave.apiKey as string }
  const base = `/airweave/source-connections/${fixtures.airweave.sourceConnectionIds[0]}`
  return { fake, call, key, base, fixtures }
}

describe(adminRoutes, () => {
  test('GET /health answers {"status":"ok"}', async () => {
    const { call } = await setup()
    expect(await call('GET', '/__admin/health')).toMatchObject({
      status: 200,
      body: { status: 'ok' },
    })
  })

  test('GET /fixtures gives the demo credentials and ids in the documented shape', async () => {
    const { fixtures } = await setup()
    expect(fixtures.airweave.apiKey).toMatch(/^jf_airweave_/)
    expect(fixtures.airweave.sourceConnectionIds).toHaveLength(3)
  })

  test('GET /clock and POST /clock/advance in every duration form', async () => {
    const { call } = await setup()
    expect((await call('GET', '/__admin/clock')).body).toEqual({
      mode: 'manual',
      now: '2026-01-01T00:00:00.000Z',
    })
    for (const by of ['90s', '2m30s', 'PT1M', 60_000, '1.5h']) {
      expect((await call('POST', '/__admin/clock/advance', { body: { by } })).status).toBe(200)
    }
    expect((await call('GET', '/__admin/clock')).body.now).toBe('2026-01-01T01:36:00.000Z')
  })

  test('clock/advance refuses what is not a duration, with an example', async () => {
    const { call } = await setup()
    for (const body of [{ by: 'soon' }, { by: -5 }, {}]) {
      const { status, body: answer } = await call('POST', '/__admin/clock/advance', { body })
      expect(status).toBe(400)
      expect(answer.message).toMatch(/^\[jobfake\] "by" must be a duration such as "90s"/)
    }
    const raw = await call('POST', '/__admin/clock/advance', {
      raw: '{oops',
      headers: { 'content-type': 'application/json' },
    })
    expect(raw.status).toBe(400)
  })

  test('clock/advance runs every due timer before it answers', async () => {
    const { call, key, base } = await setup()
    const { id } = (await call('POST', `${base}/run`, { headers: key })).body
    await call('POST', '/__admin/clock/advance', { body: { by: '3m' } })
    const [job] = (await call('GET', '/__admin/jobs')).body
    expect(job).toMatchObject({ vendor: 'airweave', id, state: 'completed', done: true })
    expect(job.history).toEqual([
      { state: 'pending', at: '2026-01-01T00:00:00.000Z' },
      { state: 'running', at: '2026-01-01T00:00:05.000Z' },
      { state: 'completed', at: '2026-01-01T00:02:05.000Z' },
    ])
  })

  test('GET /jobs filters by vendor and refuses an unknown one', async () => {
    const { call, key, base } = await setup()
    await call('POST', `${base}/run`, { headers: key })
    expect((await call('GET', '/__admin/jobs?vendor=airweave')).body).toHaveLength(1)
    const unknown = await call('GET', '/__admin/jobs?vendor=stripe')
    expect(unknown.status).toBe(400)
    expect(unknown.body.message).toMatch(
      /Unknown vendor "stripe"\. Use one of: peaka, airweave, chroma, akua/,
    )
  })

  test('POST /reset clears jobs and journal, re-seeds ids, and moves the clock back', async () => {
    const { call, key, base } = await setup()
    const first = (await call('POST', `${base}/run`, { headers: key })).body
    await call('POST', '/__admin/clock/advance', { body: { by: '1h' } })
    expect((await call('POST', '/__admin/reset')).status).toBe(204)
    expect((await call('GET', '/__admin/jobs')).body).toEqual([])
    expect((await call('GET', '/__admin/journal')).body).toEqual([])
    expect((await call('GET', '/__admin/clock')).body.now).toBe('2026-01-01T00:00:00.000Z')
    expect((await call('POST', `${base}/run`, { headers: key })).body.id).toBe(first.id)
  })

  test('GET /journal records method, path, operation, status, state and filters by each', async () => {
    const { call, key, base } = await setup()
    const { id } = (await call('POST', `${base}/run`, { headers: key })).body
    await call('POST', `${base}/jobs/${id}/cancel`, { headers: key })
    await call('POST', `${base}/jobs/${id}/cancel`, { headers: key })
    await call('GET', '/airweave/source-connections/nope/jobs', { headers: key })
    const all = (await call('GET', '/__admin/journal')).body
    expect(all.map((e: { status: number }) => e.status)).toEqual([200, 200, 400, 422])
    expect(all[1]).toMatchObject({
      method: 'POST',
      operation: 'sourceConnections.cancelJob',
      status: 200,
      state: 'cancelling',
      session: 'default',
      vendor: 'airweave',
    })
    // An entry reads as it was recorded: its number first, its clock time last.
    expect(Object.keys(all[1]).at(0)).toBe('seq')
    expect(Object.keys(all[1]).at(-1)).toBe('at')
    expect((await call('GET', '/__admin/journal?status=400')).body).toHaveLength(1)
    expect(
      (await call('GET', '/__admin/journal?operation=sourceConnections.run')).body,
    ).toHaveLength(1)
    expect((await call('GET', '/__admin/journal?violations=true')).body).toHaveLength(1)
    expect((await call('GET', '/__admin/journal?vendor=peaka')).body).toHaveLength(0)
    expect((await call('GET', '/__admin/journal?status=abc')).status).toBe(400)
  })

  test('the journal is a bounded ring', async () => {
    const fake = await createFake({ journalSize: 3 })
    for (let i = 0; i < 5; i++) await fake.request('/airweave/nothing')
    const entries = fake.journal()
    expect(entries.map((e) => e.seq)).toEqual([3, 4, 5])
  })

  test('POST /journal/wait returns a matching entry that arrives later, or times out', async () => {
    const { fake, call, key, base } = await setup()
    const waiting = call('POST', '/__admin/journal/wait', {
      body: { operation: 'sourceConnections.run', timeout: '5s' },
    })
    await new Promise((resolve) => setImmediate(resolve))
    await fake.request(`${base}/run`, { method: 'POST', headers: key })
    const { body } = await waiting
    expect(body).toMatchObject({
      matched: true,
      entry: { operation: 'sourceConnections.run', status: 200 },
    })
    const none = await call('POST', '/__admin/journal/wait', {
      body: { status: 418, since: body.entry.seq, timeout: 1 },
    })
    expect(none.body).toEqual({ matched: false, entry: null })
    expect((await call('POST', '/__admin/journal/wait', { body: { timeout: '2m' } })).status).toBe(
      400,
    )
  })

  test('GET /coverage lists exercised and missing operation × status × state, with violations', async () => {
    const { call, key, base } = await setup()
    const { id } = (await call('POST', `${base}/run`, { headers: key })).body
    await call('POST', `${base}/jobs/${id}/cancel`, { headers: key })
    await call('POST', `${base}/jobs/${id}/cancel`, { headers: key })
    await call('GET', `${base}/jobs?limit=0`, { headers: key })
    const { body } = await call('GET', '/__admin/coverage')
    const cancel = body.vendors.airweave.operations['sourceConnections.cancelJob']
    expect(cancel.statuses).toMatchObject({ '200': 1, '400': 1, '404': 0 })
    expect(cancel.states).toEqual({ cancelling: 2 })
    expect(cancel.missing).toContain('404')
    expect(body.vendors.airweave.missingStates).toEqual(
      expect.arrayContaining(['completed', 'failed']),
    )
    expect(body.violations).toHaveLength(1)
    expect(body.summary.violations).toBe(1)
  })

  test('with an admin token, calls without it are 401 (health stays open)', async () => {
    const fake = await createFake({ adminToken: 's3cret' })
    expect((await fake.request('/__admin/health')).status).toBe(200)
    const refused = await fake.request('/__admin/clock')
    expect(refused.status).toBe(401)
    expect(await refused.json()).toMatchObject({
      error: 'unauthorized',
      message: expect.stringMatching(/Authorization: Bearer <admin token>/),
    })
    expect(
      (await fake.request('/__admin/clock', { headers: { authorization: 'Bearer nope' } })).status,
    ).toBe(401)
    expect(
      (await fake.request('/__admin/clock', { headers: { authorization: 'Bearer s3cret' } }))
        .status,
    ).toBe(200)
  })

  test('a malformed X-Jobfake-Session is a 400 and touches no session, not even "default"', async () => {
    const { fake, call, key, base } = await setup()
    await call('POST', `${base}/run`, { headers: key })
    const reset = await fake.request('/__admin/reset', {
      method: 'POST',
      headers: { 'x-jobfake-session': 'ci run 42' },
    })
    expect(reset.status).toBe(400)
    expect((await reset.json()).message).toMatch(/X-Jobfake-Session must be 1–128 letters/)
    const advance = await fake.request('/__admin/clock/advance', {
      method: 'POST',
      headers: { 'x-jobfake-session': 'a/b' },
      body: '{"by":"1h"}',
    })
    expect(advance.status).toBe(400)
    expect(fake.jobs('airweave')).toHaveLength(1)
    expect(fake.clock.now()).toBe(Date.parse('2026-01-01T00:00:00Z'))
  })

  test('an unknown admin route is a 404 that points to the README', async () => {
    const { call } = await setup()
    const { status, body } = await call('GET', '/__admin/nothing')
    expect(status).toBe(404)
    expect(body.message).toMatch(/No admin route GET \/__admin\/nothing/)
  })
})
