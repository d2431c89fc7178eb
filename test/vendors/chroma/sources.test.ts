import { describe, expect, test } from 'vitest'
import { chromaFake } from './chroma.case.js'

async function chroma() {
  const { fake, call, fixtures } = await chromaFake()
  const f = fixtures.chroma
  const auth = { 'x-chroma-token': f.token as string }
  const scoped = { 'x-chroma-token': f.scopedToken as string }
  return { fake, call, f, auth, scoped, ids: f.sourceIds as string[] }
}

describe('chroma: sources', () => {
  test('create answers 201 {source_id}; the source reads back with defaults; delete is 204 then 404', async () => {
    const c = await chroma()
    const created = await c.call('POST', '/chroma/api/v1/sources', {
      headers: c.auth,
      body: { database_name: 'docs-staging', github: { repository: 'acme/api' } },
    })
    expect(created.status).toBe(201)
    const id = created.body.source_id
    const read = await c.call('GET', `/chroma/api/v1/sources/${id}`, { headers: c.auth })
    expect(read.body).toMatchObject({
      id,
      database_name: 'docs-staging',
      github: { repository: 'acme/api' },
      embedding_model: { model: 'Qwen/Qwen3-Embedding-0.6B' },
    })
    expect(
      (await c.call('DELETE', `/chroma/api/v1/sources/${id}`, { headers: c.auth })).status,
    ).toBe(204)
    expect((await c.call('GET', `/chroma/api/v1/sources/${id}`, { headers: c.auth })).status).toBe(
      404,
    )
  })

  test('a duplicate source is 409; a payload that breaks the spec is 400 {error, message}', async () => {
    const c = await chroma()
    const dup = await c.call('POST', '/chroma/api/v1/sources', {
      headers: c.auth,
      body: { database_name: 'docs-prod', github: { repository: 'acme/handbook' } },
    })
    expect(dup).toMatchObject({ status: 409, body: { error: 'conflict' } })
    const bad = await c.call('POST', '/chroma/api/v1/sources', {
      headers: c.auth,
      body: { github: { repository: 'x' } },
    })
    expect(bad.status).toBe(400)
    expect(bad.body.message).toMatch(/database_name/)
    const broken = await c.call('POST', '/chroma/api/v1/sources', {
      headers: { ...c.auth, 'content-type': 'application/json' },
      raw: '{',
    })
    expect(broken).toMatchObject({ status: 400, body: { error: 'bad_request' } })
  })

  test('a source names exactly one kind: a second kind key, even null or of the wrong type, is 400', async () => {
    const c = await chroma()
    const s3 = { bucket_name: 'b', region: 'eu-west-1', collection_name: 'c' }
    for (const github of [null, 123, { repository: 'acme/x' }]) {
      const refused = await c.call('POST', '/chroma/api/v1/sources', {
        headers: c.auth,
        body: { database_name: 'docs-staging', s3, github },
      })
      expect(refused).toMatchObject({ status: 400, body: { error: 'bad_request' } })
    }
    const list = await c.call('GET', '/chroma/api/v1/sources', { headers: c.auth })
    expect(list.body).toHaveLength(3)
  })

  test('list filters by database and kind, pages, and orders', async () => {
    const c = await chroma()
    const prod = await c.call('GET', '/chroma/api/v1/sources?database_name=docs-prod', {
      headers: c.auth,
    })
    expect(prod.body.map((s: { id: string }) => s.id).sort()).toEqual([c.ids[0], c.ids[1]].sort())
    const s3 = await c.call('GET', '/chroma/api/v1/sources?source_type=s3', { headers: c.auth })
    expect(s3.body.map((s: { id: string }) => s.id)).toEqual([c.ids[1]])
    expect(
      (await c.call('GET', '/chroma/api/v1/sources?limit=1', { headers: c.auth })).body,
    ).toHaveLength(1)
    expect(
      (await c.call('GET', '/chroma/api/v1/sources?source_type=ftp', { headers: c.auth })).status,
    ).toBe(400)
  })
})

describe('chroma: invocation lists', () => {
  test('exactly one of source_id and database_name, else 400', async () => {
    const c = await chroma()
    for (const query of ['', `?source_id=${c.ids[0]}&database_name=docs-prod`]) {
      const { status, body } = await c.call('GET', `/chroma/api/v1/invocations${query}`, {
        headers: c.auth,
      })
      expect(status).toBe(400)
      expect(body).toEqual({
        error: 'bad_request',
        message: 'Provide exactly one of source_id and database_name',
      })
    }
  })

  test('filters by source, database, kind and status; orders by creation', async () => {
    const c = await chroma()
    const first = (
      await c.call('POST', `/chroma/api/v1/sources/${c.ids[0]}/invocations`, {
        headers: c.auth,
        body: {},
      })
    ).body.invocation_id
    c.fake.clock.advance('1s')
    const second = (
      await c.call('POST', `/chroma/api/v1/sources/${c.ids[1]}/invocations`, {
        headers: c.auth,
        body: {},
      })
    ).body.invocation_id
    await c.call('PUT', `/chroma/api/v1/invocations/${second}`, { headers: c.auth })
    const list = (q: string) =>
      c
        .call('GET', `/chroma/api/v1/invocations?${q}`, { headers: c.auth })
        .then((a) => a.body.map((j: { id: string }) => j.id))
    expect(await list('database_name=docs-prod')).toEqual([second, first])
    expect(await list('database_name=docs-prod&order_by=ASC')).toEqual([first, second])
    expect(await list(`source_id=${c.ids[0]}`)).toEqual([first])
    expect(await list('database_name=docs-prod&source_type=s3')).toEqual([second])
    expect(await list('database_name=docs-prod&status=cancelled')).toEqual([second])
    expect(await list('database_name=docs-prod&status=pending')).toEqual([first])
    expect(await list('database_name=docs-prod&offset=1&limit=1')).toEqual([first])
  })
})

describe('chroma: auth', () => {
  test('missing token 401, unknown 403, health needs none', async () => {
    const c = await chroma()
    expect((await c.call('GET', `/chroma/api/v1/sources/${c.ids[0]}`)).status).toBe(401)
    const unknown = await c.call('GET', `/chroma/api/v1/sources/${c.ids[0]}`, {
      headers: { 'x-chroma-token': 'nope' },
    })
    expect(unknown).toMatchObject({ status: 403, body: { error: 'forbidden' } })
    expect((await c.call('GET', '/chroma/health')).status).toBe(200)
  })

  test('a token scoped to one database gets 403 on another', async () => {
    const c = await chroma()
    expect(
      (await c.call('GET', `/chroma/api/v1/sources/${c.ids[0]}`, { headers: c.scoped })).status,
    ).toBe(200)
    const other = await c.call('GET', `/chroma/api/v1/sources/${c.ids[2]}`, { headers: c.scoped })
    expect(other).toMatchObject({
      status: 403,
      body: { error: 'forbidden', message: 'Token is not authorized for database docs-staging' },
    })
    expect(
      (
        await c.call('GET', '/chroma/api/v1/invocations?database_name=docs-staging', {
          headers: c.scoped,
        })
      ).status,
    ).toBe(403)
    const listed = await c.call('GET', '/chroma/api/v1/sources', { headers: c.scoped })
    expect(
      listed.body.every((s: { database_name: string }) => s.database_name === 'docs-prod'),
    ).toBe(true)
  })
})
