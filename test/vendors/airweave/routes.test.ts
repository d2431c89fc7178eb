import { describe, expect, test } from 'vitest'
import { runLifecycle, type CommonState } from '../lifecycle.case.js'
import { airweaveFake } from './airweave.case.js'

async function airweave(options = {}) {
  const { fake, call, key, sc, other } = await airweaveFake(options)
  const base = `/airweave/source-connections/${sc}`
  return {
    fake,
    call,
    key,
    sc,
    other,
    run: (id = sc) => call('POST', `/airweave/source-connections/${id}/run`, { headers: key }),
    jobs: (query = '') => call('GET', `${base}/jobs${query}`, { headers: key }),
    job: async (id: string) =>
      (await call('GET', `${base}/jobs`, { headers: key })).body.find(
        (j: { id: string }) => j.id === id,
      ),
    cancel: (id: string, source = sc) =>
      call('POST', `/airweave/source-connections/${source}/jobs/${id}/cancel`, { headers: key }),
    connection: () => call('GET', base, { headers: key }),
  }
}

runLifecycle({
  vendor: 'airweave',
  accepted: 200,
  refusal: 400,
  longEnough: '10m',
  async setup() {
    const a = await airweave()
    return {
      start: async () => (await a.run()).body.id,
      poll: async (id) => (await a.job(id)).status.toUpperCase() as CommonState,
      cancel: async (id) => (await a.cancel(id)).status,
      advance: (by) => void a.fake.clock.advance(by),
    }
  },
})

describe('airweave: run', () => {
  test('answers 200 with a pending job and no timestamps yet', async () => {
    const a = await airweave()
    const { status, body } = await a.run()
    expect(status).toBe(200)
    expect(body).toMatchObject({
      source_connection_id: a.sc,
      status: 'pending',
      started_at: null,
      completed_at: null,
      duration_seconds: null,
      entities_inserted: 0,
      error: null,
    })
  })

  test.each([
    ['pending', '0s'],
    ['running', '30s'],
  ])('refuses a second run while a job is %s', async (state, wait) => {
    const a = await airweave()
    await a.run()
    a.fake.clock.advance(wait)
    const { status, body } = await a.run()
    expect(status).toBe(400)
    expect(body).toEqual({ detail: `Cannot start new sync: a sync job is already ${state}` })
  })

  test('refuses a run while a job is cancelling, and accepts one once it is cancelled', async () => {
    const a = await airweave()
    const job = (await a.run()).body
    a.fake.clock.advance('30s')
    await a.cancel(job.id)
    expect((await a.run()).body).toEqual({
      detail: 'Cannot start new sync: a sync job is already cancelling',
    })
    a.fake.clock.advance('1m')
    expect((await a.run()).status).toBe(200)
  })

  test('answers 404 for a source connection that does not exist', async () => {
    const a = await airweave()
    const { status, body } = await a.run('00000000-0000-4000-8000-000000000000')
    expect(status).toBe(404)
    expect(body).toEqual({ detail: 'Source connection not found' })
  })

  test('jobs of different source connections run side by side', async () => {
    const a = await airweave()
    expect((await a.run()).status).toBe(200)
    expect((await a.run(a.other)).status).toBe(200)
  })
})

describe('airweave: the job as it progresses', () => {
  test('running sets started_at and counters grow with the clock', async () => {
    const a = await airweave()
    const { id } = (await a.run()).body
    a.fake.clock.advance('5s')
    const early = await a.job(id)
    expect(early.status).toBe('running')
    expect(early.started_at).toBe('2026-01-01T00:00:05.000Z')
    a.fake.clock.advance('60s')
    const later = await a.job(id)
    expect(later.entities_inserted).toBeGreaterThan(early.entities_inserted)
    expect(later.entities_updated).toBeGreaterThan(0)
  })

  test('completed sets completed_at and duration_seconds = completed_at − started_at', async () => {
    const a = await airweave()
    const { id } = (await a.run()).body
    a.fake.clock.advance('10m')
    const job = await a.job(id)
    expect(job.status).toBe('completed')
    const duration = (Date.parse(job.completed_at) - Date.parse(job.started_at)) / 1000
    expect(job.duration_seconds).toBe(duration)
    expect(duration).toBe(120)
    const frozen = job.entities_inserted
    a.fake.clock.advance('1h')
    expect((await a.job(id)).entities_inserted).toBe(frozen)
  })

  test('the list is newest first and honours limit', async () => {
    const a = await airweave()
    const ids: string[] = []
    for (let i = 0; i < 3; i++) {
      ids.push((await a.run()).body.id)
      a.fake.clock.advance('10m')
    }
    expect((await a.jobs()).body.map((j: { id: string }) => j.id)).toEqual([...ids].reverse())
    expect((await a.jobs('?limit=2')).body.map((j: { id: string }) => j.id)).toEqual([
      ids[2],
      ids[1],
    ])
  })

  test('the source connection is syncing while a job runs and shows the last job', async () => {
    const a = await airweave()
    const { id } = (await a.run()).body
    expect((await a.connection()).body.status).toBe('syncing')
    a.fake.clock.advance('10m')
    const { body } = await a.connection()
    expect(body.status).toBe('active')
    expect(body.sync).toMatchObject({ total_runs: 1, successful_runs: 1, failed_runs: 0 })
    expect(body.sync.last_job).toMatchObject({ id, status: 'completed' })
  })
})

describe('airweave: cancel, from every state', () => {
  test('pending → cancelling → cancelled; never started, so no duration', async () => {
    const a = await airweave()
    const { id } = (await a.run()).body
    const accepted = await a.cancel(id)
    expect(accepted.status).toBe(200)
    expect(accepted.body.status).toBe('cancelling')
    a.fake.clock.advance('1m')
    const job = await a.job(id)
    expect(job).toMatchObject({ status: 'cancelled', started_at: null, duration_seconds: null })
    expect(job.completed_at).not.toBeNull()
  })

  test('running → cancelling → cancelled keeps the entities already processed', async () => {
    const a = await airweave()
    const { id } = (await a.run()).body
    a.fake.clock.advance('65s')
    const cancelling = (await a.cancel(id)).body
    expect(cancelling.status).toBe('cancelling')
    expect(cancelling.entities_inserted).toBe(240)
    a.fake.clock.advance('3s')
    const job = await a.job(id)
    expect(job.status).toBe('cancelled')
    expect(job.entities_inserted).toBe(240)
    expect(job.duration_seconds).toBe(63)
  })

  test.each(['cancelling', 'completed', 'cancelled'])(
    'a %s job refuses with 400',
    async (state) => {
      const a = await airweave()
      const { id } = (await a.run()).body
      a.fake.clock.advance('30s')
      if (state !== 'completed') await a.cancel(id)
      if (state !== 'cancelling') a.fake.clock.advance('10m')
      expect((await a.job(id)).status).toBe(state)
      const { status, body } = await a.cancel(id)
      expect(status).toBe(400)
      expect(body).toEqual({ detail: `Cannot cancel job in ${state} state` })
    },
  )

  test('an unknown job, or a job of another source connection, is 404 Sync job not found', async () => {
    const a = await airweave()
    const { id } = (await a.run()).body
    expect((await a.cancel('00000000-0000-4000-8000-000000000000')).body).toEqual({
      detail: 'Sync job not found',
    })
    const other = await a.cancel(id, a.other)
    expect(other.status).toBe(404)
    expect(other.body).toEqual({ detail: 'Sync job not found' })
  })
})

describe('airweave: auth', () => {
  test('a missing key is 401, an unknown key 403, in the vendor words', async () => {
    const a = await airweave()
    const missing = await a.call('GET', `/airweave/source-connections/${a.sc}/jobs`)
    expect(missing).toMatchObject({
      status: 401,
      body: { detail: 'No valid authentication provided' },
    })
    const wrong = await a.call('GET', `/airweave/source-connections/${a.sc}/jobs`, {
      headers: { 'x-api-key': 'nope' },
    })
    expect(wrong).toMatchObject({ status: 403, body: { detail: 'Invalid or expired API key' } })
  })
})
