import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { vendorDocPath } from '../../support/vendor-doc.js'
import { runLifecycle, type CommonState } from '../lifecycle.case.js'
import { peaka as harness } from './peaka.case.js'

/** The shared harness, with `post(cacheId, action)` for the cache's own actions. */
async function peaka(options = {}) {
  const p = await harness(options)
  const post = (id: string, action: string, headers: Record<string, string> = {}) =>
    p.call('POST', `${p.base}/${id}/${action}`, { headers: { ...p.auth, ...headers } })
  return { ...p, post }
}

runLifecycle({
  vendor: 'peaka',
  accepted: 200,
  refusal: 404,
  longEnough: '10m',
  skip: {
    cancelling: 'Peaka shows RUNNING until the workflow acts on the signal (tested below)',
    'pending-cancel': 'Peaka executions have no pending state',
  },
  async setup() {
    const p = await peaka()
    return {
      start: async () =>
        (
          await p.create({
            ...p.orders,
            incrementalCacheSchedule: { type: 'BASIC', expression: 'PT6H' },
          })
        ).body.id,
      poll: async (id) => (await p.status(id)).body.status as CommonState,
      cancel: async (id) => (await p.post(id, 'cancelIncrementalUpdate')).status,
      advance: (by) => void p.fake.clock.advance(by),
    }
  },
})

describe('peaka: create and the computed status', () => {
  test('creating starts the first sync: full refresh if scheduled, else incremental if scheduled, else a full load', async () => {
    const p = await peaka()
    const full = (
      await p.create({
        ...p.orders,
        fullRefreshCacheSchedule: { type: 'BASIC', expression: 'P1D' },
      })
    ).body
    const incr = (
      await p.create({
        catalogId: 'pg_sales',
        schemaName: 'public',
        tableName: 'customers',
        incrementalCacheSchedule: { type: 'BASIC', expression: 'PT6H' },
      })
    ).body
    const none = (
      await p.create({ catalogId: 'pg_sales', schemaName: 'analytics', tableName: 'events' })
    ).body
    expect(full).toEqual({
      id: full.id,
      ...p.orders,
      fullRefreshCacheSchedule: { type: 'BASIC', expression: 'P1D' },
      projectId: p.project,
    })
    expect((await p.status(full.id)).body.lastFullRefreshCacheExecution.status).toBe('RUNNING')
    expect((await p.status(incr.id)).body.lastIncrementalCacheExecution.executionMode).toBe(
      'INCREMENTAL',
    )
    expect((await p.status(none.id)).body.lastFullRefreshCacheExecution.executionMode).toBe(
      'FULL_REFRESH',
    )
  })

  test('409 for a table that already has a cache; 400 TABLE_NOT_CACHEABLE; 400 for an unknown table or bad schedule', async () => {
    const p = await peaka()
    await p.create()
    expect(await p.create()).toMatchObject({ status: 409, body: { errorCode: 109 } })
    const view = await p.create({
      catalogId: 'pg_sales',
      schemaName: 'public',
      tableName: 'order_totals_view',
    })
    expect(view.status).toBe(400)
    expect(view.body.message).toMatch(/^TABLE_NOT_CACHEABLE/)
    expect(
      (await p.create({ catalogId: 'nope', schemaName: 'x', tableName: 'y' })).body.errorCode,
    ).toBe(103)
    expect(
      (
        await p.create({
          ...p.orders,
          tableName: 'customers',
          incrementalCacheSchedule: { type: 'BASIC', expression: 'often' },
        })
      ).status,
    ).toBe(400)
    expect((await p.create({ catalogId: 'pg_sales' })).status).toBe(400)
  })

  test('status: RUNNING while any runs, else the most recently finished; appId never appears', async () => {
    const p = await peaka()
    const { id } = (await p.create({ ...p.orders, appId: 'app-secret' })).body
    expect(JSON.stringify((await p.status(id)).body)).not.toMatch(/appId|app-secret/)
    p.fake.clock.advance('4m')
    expect((await p.status(id)).body.status).toBe('COMPLETED')
    await p.post(id, 'incrementalUpdate')
    expect((await p.status(id)).body.status).toBe('RUNNING')
    p.fake.clock.advance('10s')
    await p.post(id, 'cancelIncrementalUpdate')
    p.fake.clock.advance('10s')
    const after = (await p.status(id)).body
    expect(after.status).toBe('CANCELLED')
    expect(after.lastFullRefreshCacheExecution.status).toBe('COMPLETED')
    expect(after.lastIncrementalCacheExecution.status).toBe('CANCELLED')
    expect(after.lastIncrementalCacheExecution).not.toHaveProperty('error')
    expect(after.lastIncrementalCacheExecution.finishedAt).toBe('2026-01-01T00:04:15.000Z')
  })
})

describe('peaka: cancels', () => {
  test('200 with an empty body only while that mode runs; 404 otherwise', async () => {
    const p = await peaka()
    const { id } = (await p.create()).body
    const wrongMode = await p.post(id, 'cancelIncrementalUpdate')
    expect(wrongMode).toMatchObject({ status: 404, body: { errorCode: 105 } })
    const ok = await p.post(id, 'cancelFullRefreshUpdate')
    expect(ok.status).toBe(200)
    expect(ok.body).toBeUndefined()
    p.fake.clock.advance('5s')
    expect((await p.status(id)).body.lastFullRefreshCacheExecution.status).toBe('CANCELLED')
    expect((await p.post(id, 'cancelFullRefreshUpdate')).status).toBe(404)
    expect(
      (await p.post('00000000-0000-4000-8000-000000000000', 'cancelFullRefreshUpdate')).body
        .errorCode,
    ).toBe(104)
  })

  test('a cancelled incremental keeps the rows it synced; a cancelled full refresh keeps the previous data', async () => {
    const p = await peaka()
    const { id } = (await p.create()).body
    p.fake.clock.advance('5m')
    const loaded = (await p.status(id)).body.lastFullRefreshCacheExecution.progress
      .numberOfCachedRecords
    expect(loaded).toBe(180 * 40)
    await p.post(id, 'incrementalUpdate')
    p.fake.clock.advance('10s')
    await p.post(id, 'cancelIncrementalUpdate')
    p.fake.clock.advance('5s')
    const incremental = (await p.status(id)).body.lastIncrementalCacheExecution
    expect(incremental.status).toBe('CANCELLED')
    expect(incremental.progress.numberOfCachedRecords).toBe(loaded + 15 * 40 - 15)
    await p.post(id, 'fullRefreshUpdate')
    p.fake.clock.advance('30s')
    await p.post(id, 'cancelFullRefreshUpdate')
    p.fake.clock.advance('5s')
    const full = (await p.status(id)).body.lastFullRefreshCacheExecution
    expect(full.status).toBe('CANCELLED')
    expect(full.progress.numberOfCachedRecords).toBe(incremental.progress.numberOfCachedRecords)
    expect(full.progress.numberOfInsertedRecords).toBe(35 * 40)
  })

  test('after a cancel either sync can be triggered again', async () => {
    const p = await peaka()
    const { id } = (await p.create()).body
    await p.post(id, 'cancelFullRefreshUpdate')
    p.fake.clock.advance('5s')
    expect((await p.post(id, 'incrementalUpdate')).body.workflow).toMatchObject({
      executionMode: 'INCREMENTAL',
      queued: false,
    })
    expect((await p.post(id, 'fullRefreshUpdate')).body.workflow).toMatchObject({
      executionMode: 'FULL_REFRESH',
      queued: false,
    })
    expect((await p.status(id)).body.status).toBe('RUNNING')
  })

  test('finishes-despite-cancel: the execution ends COMPLETED after a 200', async () => {
    const p = await peaka()
    const { id } = (
      await p.create({ ...p.orders }, { 'x-jobfake-scenario': 'finishes-despite-cancel' })
    ).body
    expect((await p.post(id, 'cancelFullRefreshUpdate')).status).toBe(200)
    p.fake.clock.advance('5s')
    expect((await p.status(id)).body.lastFullRefreshCacheExecution.status).toBe('COMPLETED')
  })

  test('slow-cancel: RUNNING for 40 s after the signal', async () => {
    const p = await peaka({ scenario: ['peaka/slow-cancel'] })
    const { id } = (await p.create()).body
    await p.post(id, 'cancelFullRefreshUpdate')
    p.fake.clock.advance('39s')
    expect((await p.status(id)).body.status).toBe('RUNNING')
    p.fake.clock.advance('1s')
    expect((await p.status(id)).body.status).toBe('CANCELLED')
  })
})

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

describe('peaka: auth', () => {
  test('partner key everywhere; project key only its project (403); missing or unknown 401; unknown project 404', async () => {
    const p = await peaka()
    const [own, other] = p.f.projectIds as string[]
    const projectKey = { authorization: `Bearer ${p.f.projectKeys[own!]}` }
    expect(
      (
        await p.call('GET', `/peaka/api/v1/data/projects/${own}/cache/status`, {
          headers: projectKey,
        })
      ).status,
    ).toBe(200)
    expect(
      (
        await p.call('GET', `/peaka/api/v1/data/projects/${other}/cache/status`, {
          headers: projectKey,
        })
      ).body.errorCode,
    ).toBe(111)
    expect(
      (
        await p.call('GET', `/peaka/api/v1/data/projects/${other}/cache/status`, {
          headers: p.auth,
        })
      ).status,
    ).toBe(200)
    expect((await p.call('GET', `/peaka/api/v1/data/projects/${own}/cache/status`)).status).toBe(
      401,
    )
    expect(
      (
        await p.call('GET', `/peaka/api/v1/data/projects/${own}/cache/status`, {
          headers: { authorization: 'Bearer nope' },
        })
      ).status,
    ).toBe(401)
    expect(
      (await p.call('GET', '/peaka/api/v1/data/projects/nope/cache/status', { headers: p.auth }))
        .status,
    ).toBe(404)
  })
})

describe('peaka: answers the vendor document allows', () => {
  test("PUT /cache/{cacheId} takes both of the document's own CacheSettingsUpdateRequest examples", async () => {
    const doc = JSON.parse(readFileSync(vendorDocPath('peaka'), 'utf8'))
    const examples = doc.paths['/data/projects/{projectId}/cache/{cacheId}'].put.requestBody
      .content['application/json'].examples as Record<string, { value: Record<string, unknown> }>
    expect(Object.keys(examples)).toHaveLength(2)
    const p = await peaka()
    const { id } = (await p.create()).body
    for (const { value } of Object.values(examples)) {
      const updated = await p.call('PUT', `${p.base}/${id}`, { headers: p.auth, body: value })
      expect(updated.status).toBe(200)
      expect(updated.body).toEqual({ id, ...p.orders, ...value, projectId: p.project })
    }
    expect(
      (await p.call('GET', `${p.base}/${id}`, { headers: p.auth })).body.fullRefreshCacheSchedule,
    ).toEqual({
      type: 'NONE',
    })
  })

  test('a trigger answers an object of objects; an execution leaves out the error and end it does not have', async () => {
    const p = await peaka({ scenario: ['peaka/fails-midway'] })
    const { id } = (await p.create()).body
    const started = (await p.post(id, 'incrementalUpdate')).body
    expect(started).toEqual({
      workflow: {
        cacheId: id,
        executionMode: 'INCREMENTAL',
        queued: false,
        executionId: expect.any(String),
        message: 'Sync started',
      },
    })
    const running = (await p.status(id)).body.lastIncrementalCacheExecution
    expect(running.id).toBe(started.workflow.executionId)
    expect(running).not.toHaveProperty('error')
    expect(running).not.toHaveProperty('finishedAt')
    p.fake.clock.advance('23s')
    const failed = (await p.status(id)).body.lastIncrementalCacheExecution
    expect(failed).toMatchObject({ status: 'FAILED', finishedAt: '2026-01-01T00:00:22.500Z' })
    expect(failed.error.code).toBe('WORKFLOW_FAILED')
  })
})
