import { describe, expect, test } from 'vitest'
import { chromaFake, commonState, invocationLifecycle } from './chroma.case.js'
import { runLifecycle } from '../lifecycle.case.js'

async function chroma(options = {}) {
  const { fake, call, fixtures } = await chromaFake(options)
  const f = fixtures.chroma
  const auth = { 'x-chroma-token': f.token as string }
  const [github, s3, web] = f.sourceIds as string[]
  const invoke = async (
    source = github!,
    body: unknown = {},
    headers: Record<string, string> = {},
  ) =>
    call('POST', `/chroma/api/v1/sources/${source}/invocations`, {
      headers: { ...auth, ...headers },
      body,
    })
  const get = (id: string) => call('GET', `/chroma/api/v1/invocations/${id}`, { headers: auth })
  const cancel = (id: string) => call('PUT', `/chroma/api/v1/invocations/${id}`, { headers: auth })
  return { fake, call, f, auth, github: github!, s3: s3!, web: web!, invoke, get, cancel }
}

runLifecycle({
  vendor: 'chroma',
  ...invocationLifecycle,
  async setup() {
    const c = await chroma()
    let ref = 0
    return {
      start: async () =>
        (await c.invoke(c.github, { ref_identifier: { sha: `sha${ref++}` } })).body.invocation_id,
      poll: async (id) => commonState((await c.get(id)).body.status),
      cancel: async (id) => (await c.cancel(id)).status,
      advance: (by) => void c.fake.clock.advance(by),
    }
  },
})

describe('chroma: invocations', () => {
  test('201 {invocation_id}; pending → processing → {complete: {finished_at, duration_ms}}', async () => {
    const c = await chroma()
    const created = await c.invoke(c.github, { ref_identifier: { branch: 'main' } })
    expect(created.status).toBe(201)
    const id = created.body.invocation_id
    expect((await c.get(id)).body).toMatchObject({
      id,
      source_id: c.github,
      status: 'pending',
      metadata: {
        github: { git_ref_identifier: { branch: 'main' } },
        database_name: 'docs-prod',
        collection_name: 'handbook-main',
      },
    })
    c.fake.clock.advance('4s')
    expect((await c.get(id)).body.status).toBe('processing')
    c.fake.clock.advance('90s')
    expect((await c.get(id)).body.status).toEqual({
      complete: { finished_at: '2026-01-01T00:01:34.000Z', duration_ms: 90_000 },
    })
  })

  test('metadata per kind: s3 with bucket and object key, web_scrape', async () => {
    const c = await chroma()
    const s3 = (await c.invoke(c.s3, { object_key: 'articles/a.md', custom_id: 'a' })).body
      .invocation_id
    expect((await c.get(s3)).body.metadata).toEqual({
      s3: {
        bucket_name: 'acme-knowledge',
        object_key: 'articles/a.md',
        custom_id: 'a',
        additional_metadata: null,
      },
      database_name: 'docs-prod',
      collection_name: 'kb-articles',
    })
    const web = (await c.invoke(c.web)).body.invocation_id
    expect((await c.get(web)).body.metadata).toEqual({
      web_scrape: null,
      database_name: 'docs-staging',
      collection_name: 'docs.example.com',
    })
  })

  test('409 for an invocation into a collection that has finished ingesting', async () => {
    const c = await chroma()
    await c.invoke(c.github, { target_collection_name: 'handbook' })
    expect((await c.invoke(c.github, { target_collection_name: 'handbook' })).status).toBe(201)
    c.fake.clock.advance('10m')
    const refused = await c.invoke(c.github, { target_collection_name: 'handbook' })
    expect(refused).toMatchObject({ status: 409, body: { error: 'conflict' } })
    expect((await c.invoke(c.github, { target_collection_name: 'handbook-v2' })).status).toBe(201)
  })

  test('a failed invocation carries {failed: {error}}', async () => {
    const c = await chroma()
    const id = (await c.invoke(c.github, {}, { 'x-jobfake-scenario': 'fails-midway' })).body
      .invocation_id
    c.fake.clock.advance('10m')
    expect((await c.get(id)).body.status).toEqual({
      failed: { error: 'GitHub API rate limit exceeded while fetching the tree' },
    })
  })
})

describe('chroma: cancel (PUT /api/v1/invocations/{id})', () => {
  test('202 {} for a pending invocation, which becomes cancelled', async () => {
    const c = await chroma()
    const id = (await c.invoke()).body.invocation_id
    expect(await c.cancel(id)).toMatchObject({ status: 202, body: {} })
    expect((await c.get(id)).body.status).toBe('cancelled')
  })

  test.each([
    ['processing', '10s'],
    ['complete', '10m'],
    ['cancelled', 'cancel'],
  ])('412 for a %s invocation', async (_, how) => {
    const c = await chroma()
    const id = (await c.invoke()).body.invocation_id
    if (how === 'cancel') await c.cancel(id)
    else c.fake.clock.advance(how)
    const refused = await c.cancel(id)
    expect(refused).toMatchObject({
      status: 412,
      body: { error: 'precondition_failed', message: 'Invocation is not in a cancelable state' },
    })
  })

  test('412 for a failed invocation', async () => {
    const c = await chroma()
    const id = (await c.invoke(c.github, {}, { 'x-jobfake-scenario': 'fails-midway' })).body
      .invocation_id
    c.fake.clock.advance('10m')
    expect((await c.cancel(id)).status).toBe(412)
  })

  test('404 for an unknown id, 400 for a malformed one', async () => {
    const c = await chroma()
    expect((await c.cancel('00000000-0000-4000-8000-000000000000')).body).toEqual({
      error: 'not_found',
      message: 'Invocation not found',
    })
    const bad = await c.cancel('not-a-uuid')
    expect(bad.status).toBe(400)
    expect(bad.body.error).toBe('bad_request')
  })

  test('processing-cancelable lets a processing invocation be cancelled', async () => {
    const c = await chroma()
    const id = (await c.invoke(c.github, {}, { 'x-jobfake-scenario': 'processing-cancelable' }))
      .body.invocation_id
    c.fake.clock.advance('10s')
    expect((await c.cancel(id)).status).toBe(202)
    expect((await c.get(id)).body.status).toBe('cancelled')
  })

  test('slow-start keeps an invocation pending for 2 minutes', async () => {
    const c = await chroma({ scenario: ['chroma/slow-start'] })
    const id = (await c.invoke()).body.invocation_id
    c.fake.clock.advance('119s')
    expect((await c.cancel(id)).status).toBe(202)
  })
})
