import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { vendorDocPath } from '../../support/vendor-doc.js'
import { peakaCache as peaka } from './peaka.case.js'

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
