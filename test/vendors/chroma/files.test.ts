import { describe, expect, test } from 'vitest'
import { runLifecycle } from '../lifecycle.case.js'
import { chromaWith, commonState, invocationLifecycle } from './chroma.case.js'

const UPLOADS = 'chroma-sync-uploads'

/** A form field, or a file part with its name. */
type Part = [name: string, value: string] | [name: string, file: Blob, filename: string]

async function encoded(parts: Part[]) {
  const form = new FormData()
  for (const [name, value, filename] of parts)
    if (typeof value === 'string') form.append(name, value)
    else form.append(name, value, filename)
  const request = new Request('http://x', { method: 'POST', body: form })
  return { raw: await request.text(), type: request.headers.get('content-type')! }
}

/** add-file's fields in the order the service asks for: database and collection first. */
const formParts = (more: Part[] = [], file = '# Notes\n', filename = 'notes.md'): Part[] => [
  ['database_name', 'docs-prod'],
  ['collection_name', 'notes'],
  ...more,
  ['file', new Blob([file], { type: 'text/markdown' }), filename],
]

async function chroma(options = {}) {
  const c = await chromaWith(options)
  const { call, auth } = c
  const form = (fields: Record<string, unknown> = {}) => ({
    database_name: 'docs-prod',
    collection_name: 'notes',
    file: '# Notes\n',
    filename: 'notes.md',
    ...fields,
  })
  const upload = (body: unknown = form(), headers: Record<string, string> = {}) =>
    call('POST', '/chroma/api/v1/add-file', {
      headers: { ...auth, 'x-upload-content-length': '8', ...headers },
      body,
    })
  // A form as an HTTP client sends it: the platform's own FormData encoding.
  const uploadForm = async (parts: Part[] = formParts(), headers: Record<string, string> = {}) => {
    const { raw, type } = await encoded(parts)
    return call('POST', '/chroma/api/v1/add-file', {
      headers: { ...auth, 'x-upload-content-length': '8', 'content-type': type, ...headers },
      raw,
    })
  }
  const get = (id: string) => call('GET', `/chroma/api/v1/invocations/${id}`, { headers: auth })
  const sourceOf = async (id: string) => (await get(id)).body.source_id as string
  const latest = (source: string, keys: unknown, headers = auth) =>
    call('POST', `/chroma/api/v1/sources/${source}/invocations/latest-by-keys`, {
      headers,
      body: { object_keys: keys },
    })
  const invoke = (source: string, body: unknown = {}) =>
    call('POST', `/chroma/api/v1/sources/${source}/invocations`, { headers: auth, body })
  return { ...c, form, upload, uploadForm, get, sourceOf, latest, invoke }
}

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

describe('chroma: POST /api/v1/add-file as multipart/form-data (as the service takes it)', () => {
  test("201: the file part's content and name make the invocation, as a JSON upload's do", async () => {
    const c = await chroma()
    const more: Part[] = [
      ['custom_id', 'n1'],
      ['metadata', '{"team":"docs"}'],
    ]
    const created = await c.uploadForm(formParts(more))
    expect(created.status).toBe(201)
    const id = created.body.invocation_id
    expect((await c.get(id)).body).toMatchObject({
      status: 'pending',
      metadata: {
        s3: { bucket_name: UPLOADS, object_key: 'notes.md', custom_id: 'n1' },
        database_name: 'docs-prod',
        collection_name: 'notes',
      },
    })
    expect((await c.get(id)).body.metadata.s3.additional_metadata).toEqual({ team: 'docs' })
    expect(Object.keys((await c.latest(await c.sourceOf(id), ['notes.md'])).body)).toEqual([
      'notes.md',
    ])
    const json = await c.get(
      (await c.upload(c.form({ custom_id: 'n1', metadata: '{"team":"docs"}' }))).body.invocation_id,
    )
    expect(json.body.metadata).toEqual((await c.get(id)).body.metadata)
    c.fake.clock.advance('10m')
    expect((await c.get(id)).body.status).toHaveProperty('complete')
  })

  test('a file part without a name is "upload"; a text field named file is a file too', async () => {
    const c = await chroma()
    const unnamed = await c.uploadForm(formParts([], '# Notes\n', ''))
    expect((await c.get(unnamed.body.invocation_id)).body.metadata.s3.object_key).toBe('upload')
    const field = await c.uploadForm([...formParts().slice(0, 2), ['file', '# Notes']])
    expect((await c.get(field.body.invocation_id)).body.metadata.s3.object_key).toBe('upload')
  })

  test.each([
    ['no file part', formParts().slice(0, 2), /file/],
    [
      'a file before collection_name',
      [...formParts().slice(0, 1), ...formParts().slice(2), ['collection_name', 'notes']] as Part[],
      /file: must come after collection_name/,
    ],
    [
      'a file before database_name',
      [...formParts().slice(1), ['database_name', 'docs-prod']] as Part[],
      /file: must come after database_name/,
    ],
    ['a file larger than declared', formParts([], 'x'.repeat(9)), /larger than x-upload/],
    ['a custom_id over 120 characters', formParts([['custom_id', 'x'.repeat(121)]]), /custom_id/],
    [
      'metadata that is not a JSON object',
      formParts([['metadata', '[1]']]),
      /metadata: must be a JSON/,
    ],
  ])('400 for %s, checked as the JSON body is', async (_, parts, message) => {
    const c = await chroma()
    const refused = await c.uploadForm(parts)
    expect(refused).toMatchObject({ status: 400, body: { error: 'bad_request' } })
    expect(refused.body.message).toMatch(message)
  })

  test.each([
    ['no boundary', 'multipart/form-data', /without a boundary/],
    [
      'another boundary than the body uses',
      'multipart/form-data; boundary=other',
      /does not follow its boundary "other"/,
    ],
    ['a body cut short', 'cut', /does not follow its boundary/],
  ])(
    "400 in Chroma's shape for a form with %s, never a 500; nothing uploaded",
    async (_, type, message) => {
      const c = await chroma()
      const { raw, type: sent } = await encoded(formParts())
      const refused = await c.call('POST', '/chroma/api/v1/add-file', {
        headers: {
          ...c.auth,
          'x-upload-content-length': '8',
          'content-type': type === 'cut' ? sent : type,
        },
        raw: type === 'cut' ? raw.slice(0, raw.length - 20) : raw,
      })
      expect(refused).toMatchObject({ status: 400, body: { error: 'bad_request' } })
      expect(refused.body.message).toMatch(/^The request body cannot be read: /)
      expect(refused.body.message).toMatch(message)
      const jobs = await c.call('GET', '/chroma/api/v1/invocations?database_name=docs-prod', {
        headers: c.auth,
      })
      expect(jobs.body).toEqual([])
    },
  )

  test("a form over 1 MiB is 413, as any body is (jobfake's limit; the service takes 200 MiB)", async () => {
    const c = await chroma()
    const { raw, type } = await encoded(formParts([], 'x'.repeat(1024 * 1024)))
    // The vendor's document declares no 413: served from it, this is journaled as jobfake's own.
    const refused = await c.fake.request('/chroma/api/v1/add-file', {
      method: 'POST',
      headers: { ...c.auth, 'x-upload-content-length': '1048576', 'content-type': type },
      body: raw,
    })
    expect(refused.status).toBe(413)
    expect(await refused.json()).toMatchObject({ error: 'payload_too_large' })
    expect(c.fake.journal().at(-1)).toMatchObject({ status: 413, violations: [] })
  })
})

describe('chroma: POST /api/v1/sources/{source_id}/invocations/latest-by-keys', () => {
  test('the newest invocation of each key; unknown keys left out; the status moves on', async () => {
    const c = await chroma()
    const a1 = (await c.invoke(c.s3, { object_key: 'articles/a.md' })).body.invocation_id
    c.fake.clock.advance('1s')
    const b = (await c.invoke(c.s3, { object_key: 'articles/b.md' })).body.invocation_id
    const a2 = (await c.invoke(c.s3, { object_key: 'articles/a.md', custom_id: 'a' })).body
      .invocation_id
    const found = await c.latest(c.s3, ['articles/a.md', 'articles/b.md', 'articles/c.md'])
    expect(found.status).toBe(200)
    expect(Object.keys(found.body).sort()).toEqual(['articles/a.md', 'articles/b.md'])
    expect(found.body['articles/a.md']).toMatchObject({ id: a2, status: 'pending' })
    expect(found.body['articles/b.md'].id).toBe(b)
    expect(a1).not.toBe(a2)
    c.fake.clock.advance('10m')
    const later = await c.latest(c.s3, ['articles/a.md'])
    expect(later.body['articles/a.md'].status).toHaveProperty('complete')
    expect((await c.latest(c.s3, [])).body).toEqual({})
  })

  test("an upload's key is its file name; other sources' invocations do not count", async () => {
    const c = await chroma()
    const upload = (await c.upload()).body.invocation_id
    const source = await c.sourceOf(upload)
    await c.invoke(c.s3, { object_key: 'notes.md' })
    const found = await c.latest(source, ['notes.md'])
    expect(found.body).toEqual({ 'notes.md': (await c.get(upload)).body })
  })

  test('a GitHub or web_scrape source has no keyed invocations: {}', async () => {
    const c = await chroma()
    await c.invoke(c.github)
    await c.invoke(c.web)
    expect((await c.latest(c.github, ['main'])).body).toEqual({})
    expect((await c.latest(c.web, ['https://docs.example.com/'])).body).toEqual({})
  })

  test('404 for an unknown source, 403 for another database, 401 without a token, 400 for a bad body', async () => {
    const c = await chroma()
    expect(await c.latest('00000000-0000-4000-8000-000000000000', ['a'])).toMatchObject({
      status: 404,
      body: { error: 'not_found', message: 'Source not found' },
    })
    const scoped = { 'x-chroma-token': c.f.scopedToken as string }
    expect((await c.latest(c.web, ['a'], scoped)).status).toBe(403)
    expect((await c.latest(c.s3, ['a'], {} as typeof c.auth)).status).toBe(401)
    for (const keys of ['a', [1], undefined]) {
      const refused = await c.latest(c.s3, keys)
      expect(refused).toMatchObject({ status: 400, body: { error: 'bad_request' } })
    }
  })
})
