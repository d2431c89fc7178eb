import { describe, expect, test } from 'vitest'
import { peaka } from './peaka.case.js'

const DAILY = '709922802836177299' // daily_revenue, every 6 hours
const LTV = '709922802836177300' // customer_ltv, no schedule
const PLAIN = '709922802836177297' // charges_view: not materialized
const DEALS = '815502233445566771' // open_deals, of the other project, cron 0 0 * * * (UTC)

async function materialized(options = {}) {
  const p = await peaka(options)
  const mq = `${p.data}/materialized-queries`
  const refresh = (id = DAILY, headers?: Record<string, string>) =>
    p.post(`${mq}/${id}/refresh`, undefined, headers)
  const cancel = (id = DAILY) => p.post(`${mq}/${id}/cancel`)
  const status = async (id = DAILY) => (await p.get(`${mq}/${id}/status`)).body
  const deals = async () =>
    (await p.get(`/peaka/api/v1/data/projects/${p.f.projectIds[1]}/materialized-queries/status`))
      .body[0]
  // When each refresh of the session started.
  const started = () =>
    p.fake
      .jobs('peaka')
      .filter((j) => j.kind === 'refresh')
      .map((j) => j.createdAt)
  // A status in one line: what it is, when it last started, when the schedule starts it next.
  const brief = async (id = DAILY) => {
    const s = id === DEALS ? await deals() : await status(id)
    return `${s.status} ${s.lastExecutionStartTime} next ${s.nextExecutionStartTime}`
  }
  return { ...p, mq, refresh, cancel, status, deals, started, brief }
}

describe('peaka materialized queries: refresh', () => {
  test('seeded as materialized when the session began; a refresh RUNNING for 60 s, then COMPLETED', async () => {
    const p = await materialized()
    expect(await p.status()).toEqual({
      queryId: DAILY,
      queryName: 'daily_revenue',
      scheduleSettings: { type: 'interval', repeatDuration: 'PT6H' },
      nextExecutionStartTime: '2026-01-01T06:00:00.000Z',
      status: 'COMPLETED',
      lastExecutionStartTime: '2026-01-01T00:00:00.000Z',
      lastUpdateTime: '2026-01-01T00:00:00.000Z',
    })
    p.fake.clock.advance('1h')
    const accepted = await p.refresh()
    expect(accepted.status).toBe(200)
    expect(accepted.body).toBeUndefined()
    expect(await p.status()).toMatchObject({
      status: 'RUNNING',
      lastExecutionStartTime: '2026-01-01T01:00:00.000Z',
    })
    p.fake.clock.advance('59s')
    expect((await p.status()).status).toBe('RUNNING')
    p.fake.clock.advance('1s')
    expect(await p.status()).toMatchObject({
      status: 'COMPLETED',
      lastExecutionStartTime: '2026-01-01T01:00:00.000Z',
      lastUpdateTime: '2026-01-01T01:01:00.000Z',
    })
  })

  test('a refresh while one runs joins it', async () => {
    const p = await materialized()
    await p.refresh()
    p.fake.clock.advance('30s')
    expect((await p.refresh()).status).toBe(200)
    p.fake.clock.advance('30s')
    expect((await p.status()).status).toBe('COMPLETED')
    expect(p.fake.jobs('peaka').filter((j) => j.kind === 'refresh')).toHaveLength(1)
  })

  test('fails-midway: FAILED after half its run', async () => {
    const p = await materialized()
    await p.refresh(DAILY, { 'x-jobfake-scenario': 'fails-midway' })
    p.fake.clock.advance('30s')
    expect((await p.status()).status).toBe('FAILED')
  })
})

describe('peaka materialized queries: cancel', () => {
  test('a cancel is a signal: RUNNING for 5 s more, then CANCELLED; with nothing running it is accepted', async () => {
    const p = await materialized()
    const idle = await p.cancel()
    expect(idle.status).toBe(200)
    expect(idle.body).toBeUndefined()
    expect((await p.status()).status).toBe('COMPLETED')
    await p.refresh()
    p.fake.clock.advance('10s')
    expect((await p.cancel()).status).toBe(200)
    expect((await p.cancel()).status).toBe(200)
    p.fake.clock.advance('4s')
    expect((await p.status()).status).toBe('RUNNING')
    p.fake.clock.advance('1s')
    expect((await p.status()).status).toBe('CANCELLED')
    await p.refresh()
    expect((await p.status()).status).toBe('RUNNING')
  })

  test('finishes-despite-cancel: COMPLETED after the 200', async () => {
    const p = await materialized({ scenario: ['peaka/finishes-despite-cancel'] })
    await p.refresh()
    await p.cancel()
    p.fake.clock.advance('5s')
    expect((await p.status()).status).toBe('COMPLETED')
  })
})

describe('peaka materialized queries: the list and refusals', () => {
  test('every materialized query of the project, each with its own status', async () => {
    const p = await materialized()
    await p.refresh(LTV)
    const list = (await p.get(`${p.mq}/status`)).body
    expect(
      list.map((s: { queryName: string; status: string }) => `${s.queryName} ${s.status}`),
    ).toEqual(['daily_revenue COMPLETED', 'customer_ltv RUNNING'])
    expect(list[1].scheduleSettings).toEqual({ type: 'none' })
    const other = `/peaka/api/v1/data/projects/${p.f.projectIds[1]}/materialized-queries/status`
    expect((await p.get(other)).body[0]).toMatchObject({
      queryName: 'open_deals',
      scheduleSettings: { type: 'cron', cronExpression: '0 0 * * *', timezone: 'UTC' },
    })
  })

  test('404 for a plain query, an unknown one, or one of another project', async () => {
    const p = await materialized()
    for (const answer of [
      await p.refresh(PLAIN),
      await p.cancel('nope'),
      await p.get(`${p.mq}/815502233445566771/status`),
    ])
      expect(answer).toMatchObject({ status: 404, body: { errorCode: 122 } })
  })
})

describe('peaka materialized queries: schedules run on the session clock', () => {
  test('an interval refreshes every repeatDuration from the first look at the queries', async () => {
    const p = await materialized()
    expect(await p.brief()).toBe('COMPLETED 2026-01-01T00:00:00.000Z next 2026-01-01T06:00:00.000Z')
    p.fake.clock.advance('5h59m')
    expect(await p.brief()).toBe('COMPLETED 2026-01-01T00:00:00.000Z next 2026-01-01T06:00:00.000Z')
    p.fake.clock.advance('1m')
    expect(await p.brief()).toBe('RUNNING 2026-01-01T06:00:00.000Z next 2026-01-01T12:00:00.000Z')
    p.fake.clock.advance('60s')
    expect((await p.status()).lastUpdateTime).toBe('2026-01-01T06:01:00.000Z')
    // A refresh asked for in between does not move the schedule's phase.
    p.fake.clock.advance('1h')
    await p.refresh()
    p.fake.clock.advance('5h')
    expect(p.started()).toEqual([
      '2026-01-01T06:00:00.000Z',
      '2026-01-01T07:01:00.000Z',
      '2026-01-01T12:00:00.000Z',
    ])
  })

  test('the queries count as materialized when first asked about; never asked, nothing runs', async () => {
    const p = await materialized()
    p.fake.clock.advance('7h')
    expect(p.fake.session().clock.snapshot().timers).toEqual([])
    expect(p.started()).toEqual([])
    // Any materialized-query operation is a first look, for every project's queries.
    await p.cancel(LTV)
    expect(await p.brief()).toBe('COMPLETED 2026-01-01T07:00:00.000Z next 2026-01-01T13:00:00.000Z')
    expect((await p.status()).lastUpdateTime).toBe('2026-01-01T07:00:00.000Z')
    expect(await p.brief(DEALS)).toBe(
      'COMPLETED 2026-01-01T07:00:00.000Z next 2026-01-02T00:00:00.000Z',
    )
  })

  test('a cron refreshes at the minutes it names, in UTC; none never refreshes', async () => {
    const p = await materialized()
    expect(await p.brief(LTV)).toBe('COMPLETED 2026-01-01T00:00:00.000Z next null')
    p.fake.clock.advance('1d')
    expect(await p.brief(DEALS)).toBe(
      'RUNNING 2026-01-02T00:00:00.000Z next 2026-01-03T00:00:00.000Z',
    )
    p.fake.clock.advance('1d')
    expect(await p.brief(DEALS)).toBe(
      'RUNNING 2026-01-03T00:00:00.000Z next 2026-01-04T00:00:00.000Z',
    )
    expect(await p.brief(LTV)).toBe('COMPLETED 2026-01-01T00:00:00.000Z next null')
  })

  test('a scheduled refresh while one runs joins it; it runs under the session scenario', async () => {
    const p = await materialized()
    await p.status()
    p.fake.clock.advance('5h59m30s')
    await p.refresh()
    p.fake.clock.advance('30s')
    expect(p.started()).toEqual(['2026-01-01T05:59:30.000Z'])
    expect(await p.brief()).toBe('RUNNING 2026-01-01T05:59:30.000Z next 2026-01-01T12:00:00.000Z')
    const failing = await materialized({ scenario: ['peaka/fails-midway'] })
    await failing.status()
    failing.fake.clock.advance('6h30s')
    expect(await failing.brief()).toBe(
      'FAILED 2026-01-01T06:00:00.000Z next 2026-01-01T12:00:00.000Z',
    )
  })

  test('a query keeps its newest 100 refreshes; after a reset the next look arms them again', async () => {
    const p = await materialized()
    await p.status()
    p.fake.clock.advance('40d')
    // 160 runs of daily_revenue, the newest 100 kept (from 16 January, 06:00), and open_deals' 40.
    const started = p.started()
    expect(started).toHaveLength(140)
    expect(started.filter((at) => at < '2026-01-16T06:00:00.000Z')).toHaveLength(15)
    expect(await p.brief()).toBe('RUNNING 2026-02-10T00:00:00.000Z next 2026-02-10T06:00:00.000Z')
    expect((await p.fake.request('/__admin/reset', { method: 'POST' })).status).toBe(204)
    expect(p.started()).toEqual([])
    expect(await p.brief()).toBe('COMPLETED 2026-01-01T00:00:00.000Z next 2026-01-01T06:00:00.000Z')
    p.fake.clock.advance('6h')
    expect(p.started()).toEqual(['2026-01-01T06:00:00.000Z'])
  })

  test('a session restored from its snapshot runs its schedules as one that never stopped', async () => {
    const p = await materialized()
    await p.status()
    p.fake.clock.advance('1h')
    const saved = JSON.parse(JSON.stringify(p.fake.session().snapshot()))
    const q = await materialized()
    q.fake.session().restore(saved)
    expect((await q.status()).nextExecutionStartTime).toBe('2026-01-01T06:00:00.000Z')
    q.fake.clock.advance('5h')
    expect(q.started()).toEqual(['2026-01-01T06:00:00.000Z'])
  })
})
