import { describe, expect, test } from 'vitest'
import { runLifecycle } from '../lifecycle.case.js'
import { commonState, invocationLifecycle } from './chroma.case.js'
import { chroma, UPLOADS } from './files.case.js'

runLifecycle({
  vendor: 'chroma (add-file)',
  ...invocationLifecycle,
  async setup() {
    const c = await chroma()
    return {
      start: async () => (await c.uploadForm()).body.invocation_id,
      poll: async (id) => commonState((await c.get(id)).body.status),
      cancel: async (id) =>
        (await c.call('PUT', `/chroma/api/v1/invocations/${id}`, { headers: c.auth })).status,
      advance: (by) => void c.fake.clock.advance(by),
    }
  },
})

describe('chroma: POST /api/v1/add-file', () => {
  test('201 {invocation_id}: a pending invocation recording the file as S3 metadata', async () => {
    const c = await chroma()
    const created = await c.upload(c.form({ custom_id: 'n1', metadata: '{"team":"docs"}' }))
    expect(created.status).toBe(201)
    const id = created.body.invocation_id
    expect((await c.get(id)).body).toMatchObject({
      id,
      status: 'pending',
      metadata: {
        s3: {
          bucket_name: UPLOADS,
          object_key: 'notes.md',
          custom_id: 'n1',
          additional_metadata: { team: 'docs' },
        },
        database_name: 'docs-prod',
        collection_name: 'notes',
      },
    })
    c.fake.clock.advance('94s')
    expect((await c.get(id)).body.status).toEqual({
      complete: { finished_at: '2026-01-01T00:01:34.000Z', duration_ms: 90_000 },
    })
  })

  test("the first upload makes the database's file_upload source; later ones reuse it", async () => {
    const c = await chroma()
    const first = await c.sourceOf((await c.upload()).body.invocation_id)
    const second = await c.sourceOf(
      (await c.upload(c.form({ collection_name: 'other', filename: 'b.md' }))).body.invocation_id,
    )
    expect(second).toBe(first)
    const source = await c.call('GET', `/chroma/api/v1/sources/${first}`, { headers: c.auth })
    expect(source.body).toMatchObject({
      id: first,
      file_upload: {},
      database_name: 'docs-prod',
      chunking: { type: 'tree_sitter' },
      embedding: {
        dense: { model: 'Qwen/Qwen3-Embedding-0.6B', task: { task_name: 'generic_retrieval' } },
        sparse: { model: 'prithivida/Splade_PP_en_v1' },
      },
    })
    const listed = await c.call('GET', '/chroma/api/v1/sources?source_type=file_upload', {
      headers: c.auth,
    })
    expect(listed.body.map((s: { id: string }) => s.id)).toEqual([first])
    const staging = await c.upload(c.form({ database_name: 'docs-staging' }))
    expect(await c.sourceOf(staging.body.invocation_id)).not.toBe(first)
    const jobs = await c.call('GET', `/chroma/api/v1/invocations?source_id=${first}`, {
      headers: c.auth,
    })
    expect(jobs.body).toHaveLength(2)
    const byType = await c.call(
      'GET',
      '/chroma/api/v1/invocations?database_name=docs-prod&source_type=file_upload',
      { headers: c.auth },
    )
    expect(byType.body).toHaveLength(2)
  })

  test('a deleted file_upload source is made again by the next upload', async () => {
    const c = await chroma()
    const first = await c.sourceOf((await c.upload()).body.invocation_id)
    await c.call('DELETE', `/chroma/api/v1/sources/${first}`, { headers: c.auth })
    const again = await c.sourceOf((await c.upload()).body.invocation_id)
    expect(again).not.toBe(first)
  })

  test('a pending upload can be cancelled (202), a processing one not (412); scenarios apply', async () => {
    const c = await chroma()
    const id = (await c.upload()).body.invocation_id
    expect(
      (await c.call('PUT', `/chroma/api/v1/invocations/${id}`, { headers: c.auth })).status,
    ).toBe(202)
    expect((await c.get(id)).body.status).toBe('cancelled')
    const running = (await c.upload()).body.invocation_id
    c.fake.clock.advance('5s')
    expect(
      (await c.call('PUT', `/chroma/api/v1/invocations/${running}`, { headers: c.auth })).status,
    ).toBe(412)
    const failing = (await c.upload(c.form(), { 'x-jobfake-scenario': 'fails-midway' })).body
      .invocation_id
    c.fake.clock.advance('10m')
    expect((await c.get(failing)).body.status).toHaveProperty('failed')
  })

  test('a database some source syncs into exists; another is 404 Database not found', async () => {
    const c = await chroma()
    expect(await c.upload(c.form({ database_name: 'team-x' }))).toMatchObject({
      status: 404,
      body: { error: 'not_found', message: 'Database not found' },
    })
    await c.call('POST', '/chroma/api/v1/sources', {
      headers: c.auth,
      body: { database_name: 'team-x', github: { repository: 'acme/x' } },
    })
    expect((await c.upload(c.form({ database_name: 'team-x' }))).status).toBe(201)
  })

  test('401 without a token, 403 for an unknown one or another database', async () => {
    const c = await chroma()
    expect((await c.call('POST', '/chroma/api/v1/add-file', { body: c.form() })).status).toBe(401)
    expect((await c.upload(c.form(), { 'x-chroma-token': 'nope' })).status).toBe(403)
    const scoped = { 'x-chroma-token': c.f.scopedToken as string }
    expect(await c.upload(c.form({ database_name: 'docs-staging' }), scoped)).toMatchObject({
      status: 403,
      body: { message: 'Token is not authorized for database docs-staging' },
    })
    expect((await c.upload(c.form(), scoped)).status).toBe(201)
  })

  test.each([
    ['no file', { file: undefined }, {}, /file/],
    [
      'no x-upload-content-length',
      {},
      { 'x-upload-content-length': '' },
      /x-upload-content-length/,
    ],
    ['an empty declared size', {}, { 'x-upload-content-length': '0' }, /x-upload-content-length/],
    ['a file larger than declared', { file: 'x'.repeat(9) }, {}, /larger than x-upload/],
    ['metadata that is not a JSON object', { metadata: '[1]' }, {}, /metadata: must be a JSON/],
    ['metadata with a reserved key', { metadata: '{"chroma_x":1}' }, {}, /chroma_x is reserved/],
    ['metadata over 16 KiB', { metadata: `{"a":"${'x'.repeat(16_400)}"}` }, {}, /16 KiB/],
    ['embedding that is not JSON', { embedding: '{' }, {}, /embedding: must be a JSON/],
    ['chunking that is not an object', { chunking: '"lines"' }, {}, /chunking: must be a JSON/],
    ['a custom_id over 120 characters', { custom_id: 'x'.repeat(121) }, {}, /custom_id/],
  ])('400 for %s', async (_, fields, headers, message) => {
    const c = await chroma()
    const refused = await c.upload(c.form(fields), headers)
    expect(refused.status).toBe(400)
    expect(refused.body.error).toBe('bad_request')
    expect(refused.body.message).toMatch(message)
    const jobs = await c.call('GET', '/chroma/api/v1/invocations?database_name=docs-prod', {
      headers: c.auth,
    })
    expect(jobs.body).toEqual([])
  })

  test('429 under a rate-limit fault on add_file (jobfake never answers it by itself)', async () => {
    const c = await chroma({ scenario: ['chroma/uploads-limited'] })
    expect((await c.upload()).status).toBe(201)
    const refused = await c.upload()
    expect(refused).toMatchObject({ status: 429, body: { error: 'rate_limited' } })
    expect((await c.invoke(c.github)).status).toBe(201)
  })

  test('a file_upload source takes no create_job (400), and create_source cannot make one', async () => {
    const c = await chroma()
    const source = await c.sourceOf((await c.upload()).body.invocation_id)
    expect(await c.invoke(source)).toMatchObject({
      status: 400,
      body: { message: 'A file_upload source takes files through POST /api/v1/add-file' },
    })
    const made = await c.call('POST', '/chroma/api/v1/sources', {
      headers: c.auth,
      body: { database_name: 'docs-prod', file_upload: {} },
    })
    expect(made).toMatchObject({ status: 400, body: { error: 'bad_request' } })
  })
})
