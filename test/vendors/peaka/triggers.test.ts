import { describe, expect, test } from 'vitest'
import { peakaCache as peaka } from './peaka.case.js'

describe('peaka: triggers, history, logs, delete', () => {
  test('an incremental trigger while one runs is accepted and queued, then runs', async () => {
    const p = await peaka()
    const { id } = (
      await p.create({
        ...p.orders,
        incrementalCacheSchedule: { type: 'BASIC', expression: 'PT1H' },
      })
    ).body
    const queued = await p.post(id, 'incrementalUpdate')
    expect(queued.body.workflow).toMatchObject({ queued: true, executionMode: 'INCREMENTAL' })
    expect(queued.body.workflow).not.toHaveProperty('executionId')
    p.fake.clock.advance('46s')
    const history = (await p.call('GET', `${p.base}/${id}/executionHistory`, { headers: p.auth }))
      .body
    expect(history.map((e: { status: string }) => e.status)).toEqual(['RUNNING', 'COMPLETED'])
    expect(
      (
        await p.call('GET', `${p.base}/${id}/executionHistory?limit=1&offset=1`, {
          headers: p.auth,
        })
      ).body[0].status,
    ).toBe('COMPLETED')
    expect(
      (await p.call('GET', `${p.base}/${id}/executionHistory?limit=0`, { headers: p.auth })).status,
    ).toBe(400)
  })

  test('every create, trigger, cancel and finish appends an action log; excludeLogs=true leaves them out', async () => {
    const p = await peaka()
    const { id } = (await p.create()).body
    await p.post(id, 'cancelFullRefreshUpdate')
    p.fake.clock.advance('5s')
    await p.post(id, 'incrementalUpdate')
    const logs = (await p.status(id)).body.cacheActionLogs
    expect(
      logs.map((l: { action: string; cacheType: string }) => `${l.action} ${l.cacheType}`),
    ).toEqual([
      'CREATE FULL_REFRESH',
      'CANCEL FULL_REFRESH',
      'FINISH FULL_REFRESH',
      'TRIGGER INCREMENTAL',
    ])
    expect(logs[0]).toMatchObject({ timestamp: '2026-01-01T00:00:00.000Z', isScheduled: false })
    expect((await p.status(id, '?excludeLogs=true')).body.cacheActionLogs).toBeUndefined()
  })

  test('fails-midway: FAILED with an error object; the status follows', async () => {
    const p = await peaka({ scenario: ['peaka/fails-midway'] })
    const { id } = (await p.create()).body
    p.fake.clock.advance('10m')
    const body = (await p.status(id)).body
    expect(body.status).toBe('FAILED')
    expect(body.lastFullRefreshCacheExecution.error).toEqual({
      code: 'WORKFLOW_FAILED',
      message: 'Source connection reset by peer while reading batch 12',
    })
  })

  test('DELETE cancels what runs and removes the cache and its history', async () => {
    const p = await peaka()
    const { id } = (await p.create()).body
    expect((await p.call('DELETE', `${p.base}/${id}`, { headers: p.auth })).status).toBe(200)
    expect((await p.status(id)).status).toBe(404)
    expect(
      (await p.call('GET', `${p.base}/${id}/executionHistory`, { headers: p.auth })).status,
    ).toBe(404)
    expect(p.fake.jobs('peaka')).toEqual([])
    expect((await p.create()).status).toBe(200)
  })

  test('status lists by project, catalog and schema; settings read and update', async () => {
    const p = await peaka()
    const orders = (await p.create()).body
    await p.create({ catalogId: 'pg_sales', schemaName: 'analytics', tableName: 'events' })
    const list = (path: string) =>
      p
        .call('GET', `/peaka/api/v1/data/projects/${p.project}/${path}`, { headers: p.auth })
        .then((a) => a.body.length)
    expect(await list('cache/status')).toBe(2)
    expect(await list('catalog/pg_sales/cache/status')).toBe(2)
    expect(await list('catalog/pg_sales/schema/analytics/cache/status')).toBe(1)
    expect(await list('catalog/other/cache/status')).toBe(0)
    const updated = await p.call('PUT', `${p.base}/${orders.id}`, {
      headers: p.auth,
      body: { ...p.orders, incrementalCacheSchedule: { type: 'BASIC', expression: 'PT2H' } },
    })
    expect(updated.body.incrementalCacheSchedule).toEqual({ type: 'BASIC', expression: 'PT2H' })
    expect(
      (await p.call('GET', `${p.base}/${orders.id}`, { headers: p.auth })).body
        .incrementalCacheSchedule.expression,
    ).toBe('PT2H')
  })

  test('batch create answers per request', async () => {
    const p = await peaka()
    const { body } = await p.call('POST', `${p.base}/batch`, {
      headers: p.auth,
      body: [
        p.orders,
        p.orders,
        { catalogId: 'pg_sales', schemaName: 'public', tableName: 'order_totals_view' },
      ],
    })
    expect(body.map((s: { success: boolean }) => s.success)).toEqual([true, false, false])
    expect(body[1].error).toMatch(/already exists/)
  })
})
