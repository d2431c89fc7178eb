import { describe, expect, test } from 'vitest'
import { createFake, type Fake } from '../../src/index.js'
import { createSession } from '../../src/core/session.js'

type Step = [method: string, path: string, headers?: Record<string, string>, body?: unknown]

/** Sends a request and answers its status and body text, for byte-for-byte comparison. */
async function send(fake: Fake, [method, path, headers = {}, body]: Step): Promise<string> {
  const init: RequestInit = { method, headers: { 'content-type': 'application/json', ...headers } }
  if (body !== undefined) init.body = JSON.stringify(body)
  const res = await fake.request(path, init)
  return `${res.status} ${res.headers.get('etag') ?? ''} ${await res.text()}`
}

/**
 * Per vendor: requests that leave jobs in the middle of their lifecycles, the polls that read
 * them back, and a request that makes new ids (so the id generator must resume where it was).
 */
function lifecycles(f: any): Record<string, { before: Step[]; polls: Step[]; fresh: Step }> {
  const aw = { 'x-api-key': f.airweave.apiKey }
  const sc = (i: number) => `/airweave/source-connections/${f.airweave.sourceConnectionIds[i]}`
  const ch = { 'x-chroma-token': f.chroma.token }
  const pk = { authorization: `Bearer ${f.peaka.partnerKey}` }
  const project = `/peaka/api/v1/data/projects/${f.peaka.projectIds[0]}`
  const ak = { authorization: `Bearer ${f.akua.token}` }
  return {
    airweave: {
      before: [
        ['POST', `${sc(0)}/run`, aw],
        ['POST', `${sc(1)}/run`, { ...aw, 'x-jobfake-scenario': 'worker-unresponsive' }],
        ['POST', `${sc(2)}/run`, { ...aw, 'x-jobfake-scenario': 'slow-cancel' }],
      ],
      polls: [
        ['GET', `${sc(0)}/jobs`, aw],
        ['GET', `${sc(1)}/jobs`, aw],
        ['GET', `${sc(2)}/jobs`, aw],
        ['GET', sc(1), aw],
      ],
      fresh: ['POST', `${sc(0)}/run`, aw],
    },
    chroma: {
      before: [
        ['POST', `/chroma/api/v1/sources/${f.chroma.sourceIds[0]}/invocations`, ch, {}],
        [
          'POST',
          `/chroma/api/v1/sources/${f.chroma.sourceIds[1]}/invocations`,
          { ...ch, 'x-jobfake-scenario': 'slow-start' },
          {},
        ],
      ],
      polls: [
        ['GET', `/chroma/api/v1/invocations?database_name=docs-prod`, ch],
        ['GET', '/chroma/api/v1/sources', ch],
      ],
      fresh: [
        'POST',
        '/chroma/api/v1/sources',
        ch,
        { database_name: 'docs-staging', github: { repository: 'acme/new' } },
      ],
    },
    peaka: {
      before: [
        ['POST', `${project}/cache`, pk, f.peaka.tables[0]],
        [
          'POST',
          `${project}/cache`,
          { ...pk, 'x-jobfake-scenario': 'slow-cancel' },
          f.peaka.tables[1],
        ],
      ],
      polls: [['GET', `${project}/cache/status`, pk]],
      fresh: ['POST', `${project}/cache`, pk, f.peaka.tables[2]],
    },
    akua: {
      before: [
        [
          'POST',
          '/akua/v1/clusters',
          { ...ak, 'idempotency-key': 'k1' },
          { name: 'a', region_id: f.akua.regionIds[0] },
        ],
        [
          'POST',
          '/akua/v1/clusters',
          { ...ak, 'x-jobfake-scenario': 'step-retry' },
          { name: 'b', region_id: f.akua.regionIds[1] },
        ],
      ],
      polls: [['GET', '/akua/v1/operations', ak]],
      // The seed cluster's etag: Akua's document requires if-match on a delete.
      fresh: ['DELETE', `/akua/v1/clusters/${f.akua.clusterId}`, { ...ak, 'if-match': 'WzFd' }],
    },
  }
}

describe(createSession, () => {
  test('a session snapshot in the middle of every lifecycle, restored into a fresh fake, answers byte for byte the same', async () => {
    const original = await createFake({ seed: 7 })
    const f = await (await original.request('/__admin/fixtures')).json()
    const plans = Object.values(lifecycles(f))
    for (const plan of plans)
      for (const step of plan.before)
        expect(Number((await send(original, step)).slice(0, 3))).toBeLessThan(300)
    original.clock.advance('20s')
    // A cancel of one job of each vendor, so that cancels are in flight too.
    const firstAirweave = JSON.parse(
      (await send(original, plans[0]!.polls[1]!)).split(' ').slice(2).join(' '),
    )[0]
    await send(original, [
      'POST',
      `/airweave/source-connections/${f.airweave.sourceConnectionIds[1]}/jobs/${firstAirweave.id}/cancel`,
      { 'x-api-key': f.airweave.apiKey },
    ])
    const ops = JSON.parse(
      (await send(original, plans[3]!.polls[0]!)).split(' ').slice(2).join(' '),
    ).data
    await send(original, [
      'POST',
      `/akua/v1/operations/${ops[0].id}:cancel`,
      { authorization: `Bearer ${f.akua.token}` },
    ])
    const cache = JSON.parse(
      (await send(original, plans[2]!.polls[0]!)).split(' ').slice(2).join(' '),
    )[1]
    const cancelled = await send(original, [
      'POST',
      `/peaka/api/v1/data/projects/${f.peaka.projectIds[0]}/cache/${cache.id}/cancelFullRefreshUpdate`,
      { authorization: `Bearer ${f.peaka.partnerKey}` },
    ])
    expect(cancelled.slice(0, 3)).toBe('200')
    original.clock.advance('3s')

    const written = JSON.stringify(original.session().snapshot())
    const restored = await createFake({ seed: 7 })
    restored.session().restore(JSON.parse(written))
    expect(restored.clock.now()).toBe(original.clock.now())

    const polls = plans.flatMap((plan) => plan.polls)
    for (const by of ['0s', '2s', '1m', '4m', '10m', '1h']) {
      original.clock.advance(by)
      restored.clock.advance(by)
      for (const poll of polls)
        expect(await send(restored, poll), `${poll[1]} after ${by}`).toBe(
          await send(original, poll),
        )
    }
    for (const plan of plans)
      expect(await send(restored, plan.fresh)).toBe(await send(original, plan.fresh))
    expect(restored.jobs()).toEqual(original.jobs())
    expect(JSON.stringify(restored.session().snapshot())).toBe(
      JSON.stringify(original.session().snapshot()),
    )
  })

  test('restore refuses what is not a session snapshot', async () => {
    const fake = await createFake()
    expect(() => fake.session().restore({ format: 'something else' } as never)).toThrow(
      /Not a jobfake session snapshot/,
    )
  })

  test('a reset emits one reset event and starts the session again', async () => {
    const fake = await createFake()
    const seen: string[] = []
    fake.session().events.onAny((event) => seen.push(event.type))
    await fake.request('/__admin/reset', { method: 'POST' })
    // The seeds put the fixtures again, as of the reset, when each vendor is next asked for; a
    // seed is where a session starts, so nobody is told of its records.
    expect(seen).toEqual(['reset'])
    const seeded = Object.values(fake.session().snapshot().vendors).flatMap((tables) =>
      Object.values(tables.records).flat(),
    ).length
    expect(seeded).toBeGreaterThanOrEqual(7)
    expect(seen).toEqual(['reset'])
  })
})

describe('seeded records', () => {
  // Sessions share what their seeds put until they change it (see SeedRecords): no session may
  // see another's change, whether made through the API or to a record read in place.
  test("are every session's own", async () => {
    const fake = await createFake({ seed: 7 })
    const f = await (await fake.request('/__admin/fixtures')).json()
    const path = `/airweave/source-connections/${f.airweave.sourceConnectionIds[0]}`
    const as = (session: string, method = 'GET', body?: unknown) =>
      fake.request(path, {
        method,
        headers: {
          'x-api-key': f.airweave.apiKey,
          'x-jobfake-session': session,
          'content-type': 'application/json',
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
    const original = await (await as('b')).text()
    expect((await as('a', 'PATCH', { name: 'renamed' })).status).toBe(200)
    const scope = fake.session('c').scope('airweave')
    scope.records<{ name: string }>('source-connection').all()[0]!.name = 'changed in place'
    expect(await (await as('b')).text()).toBe(original)
    expect(await (await as('d')).text()).toBe(original)
    expect(JSON.parse(await (await as('a')).text()).name).toBe('renamed')
    await fake.request('/__admin/reset', { method: 'POST', headers: { 'x-jobfake-session': 'a' } })
    expect(await (await as('a')).text()).toBe(original)
    expect(fake.session('b').snapshot().vendors.airweave).toEqual(
      fake.session('e').snapshot().vendors.airweave,
    )
  })
})

describe('periodic tasks', () => {
  test('sleep while their vendor has no live job, so a clock advance over any span has nothing to fire', async () => {
    const fake = await createFake()
    const timers = () =>
      fake
        .session()
        .clock.snapshot()
        .timers.map((t) => t.task.to)
    // A vendor's tasks start with it: the first time the session asks for it.
    expect(timers()).toEqual([])
    fake.session().vendors.get('airweave')
    expect(timers()).toEqual(['every:airweave/cleanup'])
    fake.clock.advance(1e12)
    expect(timers()).toEqual([])
    expect(fake.clock.now()).toBe(Date.parse('2026-01-01T00:00:00Z') + 1e12)
  })

  test('wake on the next tick of their phase once a job starts, and act as if they had never slept', async () => {
    const fake = await createFake({ scenario: ['airweave/worker-unresponsive'] })
    const { airweave } = await (await fake.request('/__admin/fixtures')).json()
    const headers = { 'x-api-key': airweave.apiKey }
    const base = `/airweave/source-connections/${airweave.sourceConnectionIds[0]}`
    fake.clock.advance(1e9 + 7_000)
    const job = await (await fake.request(`${base}/run`, { method: 'POST', headers })).json()
    await fake.request(`${base}/jobs/${job.id}/cancel`, { method: 'POST', headers })
    fake.clock.advance('10m')
    const [sync] = fake.jobs('airweave')
    const origin = Date.parse('2026-01-01T00:00:00Z')
    const cancelledAt = Date.parse(sync!.history.at(-1)!.at)
    expect(sync!.state).toBe('cancelled')
    // Forced by a cleanup tick: on the 150 s grid from the session's start, 3 to 5.5 minutes after the cancel.
    expect((cancelledAt - origin) % 150_000).toBe(0)
    const since = cancelledAt - Date.parse(sync!.history.at(-2)!.at)
    expect(since).toBeGreaterThan(180_000)
    expect(since).toBeLessThanOrEqual(330_000)
    expect(fake.session().clock.snapshot().timers).toEqual([])
  })
})
