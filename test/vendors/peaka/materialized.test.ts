import { describe, expect, test } from 'vitest'
import { peaka } from './peaka.case.js'

const DAILY = '709922802836177299' // daily_revenue, every 6 hours
const LTV = '709922802836177300' // customer_ltv, no schedule
const PLAIN = '709922802836177297' // charges_view: not materialized

async function materialized(options = {}) {
  const p = await peaka(options)
  const mq = `${p.data}/materialized-queries`
  const refresh = (id = DAILY, headers?: Record<string, string>) =>
    p.post(`${mq}/${id}/refresh`, undefined, headers)
  const cancel = (id = DAILY) => p.post(`${mq}/${id}/cancel`)
  const status = async (id = DAILY) => (await p.get(`${mq}/${id}/status`)).body
  return { ...p, mq, refresh, cancel, status }
}

describe('peaka materialized queries: refresh', () => {
  test('seeded as materialized when the session began; a refresh RUNNING for 60 s, then COMPLETED', async () => {
    const p = await materialized()
    expect(await p.status()).toEqual({
      queryId: DAILY,
      queryName: 'daily_revenue',
      scheduleSettings: { type: 'interval', repeatDuration: 'PT6H' },
      nextExecutionStartTime: null,
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
