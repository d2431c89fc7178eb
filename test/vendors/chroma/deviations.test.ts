import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { createFake, DEFAULT_SPECS_DIR } from '../../../src/index.js'
import { compileSpec } from '../../../src/spec/compile.js'
import { chroma } from '../../../src/vendors/chroma/index.js'
import { deviations } from '../../../src/vendors/chroma/deviations.js'
import { againstVendorDoc, vendorDocPath } from '../../support/vendor-doc.js'
import { chromaWith, scenariosDir } from './chroma.case.js'

const doc = JSON.parse(readFileSync(vendorDocPath('chroma'), 'utf8'))
const SOME = '00000000-0000-4000-8000-000000000000'

describe('chroma: deviations from the vendor’s own document', () => {
  test('each names an operation and a status of the project spec, with its source', async () => {
    expect(chroma.deviations).toBe(deviations)
    const own = await compileSpec(join(DEFAULT_SPECS_DIR, chroma.spec))
    for (const d of deviations) {
      const operation = own.operations.find((o) => o.id === d.operation)
      expect(operation, d.operation).toBeDefined()
      expect(Object.keys(operation!.responses)).toContain(String(d.status))
      expect(d.why).toMatch(/^BEHAVIOUR\.md §3/)
    }
  })

  test('no metadata of a web_scrape invocation satisfies the document; a GitHub one does', async () => {
    const read = (metadata: unknown) =>
      againstVendorDoc('chroma', 'GET', `/api/v1/invocations/${SOME}`, {
        status: 200,
        body: {
          id: SOME,
          source_id: SOME,
          created_at: '2026-01-01T00:00:00Z',
          status: 'pending',
          metadata,
        },
      })
    const where = { database_name: 'docs-staging', collection_name: 'docs' }
    for (const metadata of [
      { web_scrape: null, ...where },
      { web_scrape: {}, ...where },
      { web_scrape: 'web_scrape', ...where },
      where,
      'web_scrape',
    ])
      expect((await read(metadata)).length, JSON.stringify(metadata)).toBeGreaterThan(0)
    expect(await read({ github: { git_ref_identifier: { branch: 'main' } }, ...where })).toEqual([])
  })

  test('a web_scrape invocation breaks the document by its metadata alone, read or listed', async () => {
    const c = await chromaWith()
    const id = (
      await c.call('POST', `/chroma/api/v1/sources/${c.web}/invocations`, {
        headers: c.auth,
        body: {},
      })
    ).body.invocation_id
    const read = await c.call('GET', `/chroma/api/v1/invocations/${id}`, { headers: c.auth })
    expect(read.body.metadata).toEqual({
      web_scrape: null,
      database_name: 'docs-staging',
      collection_name: 'docs.example.com',
    })
    // chromaFake checked that this is exactly the listed deviation; it is one indeed:
    const violations = await againstVendorDoc('chroma', 'GET', `/api/v1/invocations/${id}`, read)
    expect(violations.length).toBeGreaterThan(0)
    c.fake.clock.advance('10m')
    const listed = await c.call('GET', '/chroma/api/v1/invocations?database_name=docs-staging', {
      headers: c.auth,
    })
    expect(listed.body[0].status).toHaveProperty('complete')
  })

  test('the document’s list of sources is `Vec`, a list of invocations', async () => {
    const body = (path: string) =>
      doc.paths[path].get.responses['200'].content['application/json'].schema
    expect(body('/api/v1/sources')).toEqual({ $ref: '#/components/schemas/Vec' })
    expect(body('/api/v1/invocations')).toEqual(body('/api/v1/sources'))
    expect(doc.components.schemas.Vec.items.required).toEqual(
      expect.arrayContaining(['status', 'metadata']),
    )
    const c = await chromaWith()
    // chromaFake checks that each source misses exactly status and metadata, and is a Source.
    const listed = await c.call('GET', '/chroma/api/v1/sources', { headers: c.auth })
    expect(listed.body).toHaveLength(3)
  })

  test('the lists name schemas the document lacks, and the project spec says so', () => {
    for (const path of ['/api/v1/sources', '/api/v1/invocations']) {
      const refs = doc.paths[path].get.parameters.map((p: any) => p.schema.$ref).filter(Boolean)
      expect(refs).toEqual(
        expect.arrayContaining([
          '#/components/schemas/SourceTypeFilter',
          '#/components/schemas/OrderBy',
        ]),
      )
    }
    expect(doc.components.schemas.SourceTypeFilter).toBeUndefined()
    expect(doc.components.schemas.OrderBy).toBeUndefined()
    const spec = readFileSync(join(DEFAULT_SPECS_DIR, chroma.spec), 'utf8')
    for (const words of ['SourceTypeFilter and OrderBy', '`Vec`', 'IndexJobMetadata'])
      expect(spec).toContain(words)
  })
})

describe('chroma: every other answer validates against the vendor’s document', () => {
  test('health, sources, invocations and cancels, with their refusals', async () => {
    const c = await chromaWith()
    const scoped = { 'x-chroma-token': c.f.scopedToken as string }
    const call = (
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = c.auth,
    ) => c.call(method, `/chroma${path}`, { headers, body })
    const statuses: number[] = []
    const seen = async (answer: Promise<{ status: number; body: any }>) => {
      const a = await answer
      statuses.push(a.status)
      return a.body
    }
    await seen(call('GET', '/health', undefined, {}))
    const made = await seen(
      call('POST', '/api/v1/sources', {
        database_name: 'docs-prod',
        s3: { bucket_name: 'b', region: 'eu-west-1', collection_name: 'c' },
      }),
    )
    await seen(call('POST', '/api/v1/sources', { database_name: 'docs-prod' }))
    await seen(call('POST', '/api/v1/sources', { database_name: 'docs-prod', s3: {} }, {}))
    await seen(
      call(
        'POST',
        '/api/v1/sources',
        { database_name: 'docs-staging', web_scrape: { starting_url: 'x' } },
        scoped,
      ),
    )
    await seen(
      call('POST', '/api/v1/sources', {
        database_name: 'docs-prod',
        github: { repository: 'acme/handbook' },
      }),
    )
    await seen(call('GET', '/api/v1/sources?database_name=docs-prod&order_by=ASC&limit=2'))
    await seen(call('GET', '/api/v1/sources?source_type=ftp'))
    await seen(call('GET', `/api/v1/sources/${made.source_id}`))
    await seen(call('GET', '/api/v1/sources/not-a-uuid'))
    await seen(call('GET', `/api/v1/sources/${c.web}`, undefined, scoped))
    await seen(call('DELETE', `/api/v1/sources/${made.source_id}`))
    await seen(call('DELETE', `/api/v1/sources/${made.source_id}`))
    const run = async (source: string, body: unknown) =>
      (await seen(call('POST', `/api/v1/sources/${source}/invocations`, body))).invocation_id
    const ids = [
      await run(c.github, { ref_identifier: { sha: 'abc' } }),
      await run(c.s3, { object_key: 'articles/a.md', metadata: { lang: 'en' } }),
      await run(c.web, { target_collection_name: 'site' }),
    ]
    await seen(call('POST', `/api/v1/sources/${SOME}/invocations`, {}))
    await seen(call('PUT', `/api/v1/invocations/${ids[0]}`))
    await seen(call('PUT', `/api/v1/invocations/${ids[0]}`))
    await seen(call('PUT', `/api/v1/invocations/${SOME}`))
    c.fake.clock.advance('10m')
    for (const id of ids) await seen(call('GET', `/api/v1/invocations/${id}`))
    await seen(
      call('POST', `/api/v1/sources/${c.web}/invocations`, { target_collection_name: 'site' }),
    )
    await seen(call('GET', `/api/v1/invocations?source_id=${c.s3}&status=complete`))
    await seen(call('GET', '/api/v1/invocations?database_name=docs-prod&source_type=github'))
    await seen(call('GET', `/api/v1/invocations?source_id=${SOME}`))
    await seen(call('GET', '/api/v1/invocations'))
    await seen(call('GET', `/api/v1/invocations/${SOME}`))
    await seen(call('GET', `/api/v1/invocations/${SOME}`, undefined, { 'x-chroma-token': 'nope' }))
    expect(statuses).toEqual([
      200, 201, 400, 401, 403, 409, 200, 400, 200, 400, 403, 204, 404, 201, 201, 201, 404, 202, 412,
      404, 200, 200, 200, 409, 200, 200, 404, 400, 404, 403,
    ])
  })
})

describe('chroma: served from the vendor’s own document (--vendor-doc)', () => {
  test('answers are deviations or valid, never violations; add-file and latest-by-keys bind', async () => {
    const fake = await createFake({
      clock: 'manual',
      vendors: [chroma],
      scenariosDir: scenariosDir(),
      lenient: true,
      vendorDocs: { chroma: vendorDocPath('chroma') },
    })
    const f = (await (await fake.request('/__admin/fixtures')).json()).chroma
    const headers = { 'x-chroma-token': f.token, 'content-type': 'application/json' }
    const send = (method: string, path: string, body?: unknown, extra = {}) =>
      fake.request(`/chroma${path}`, {
        method,
        headers: { ...headers, ...extra },
        body:
          body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      })
    await send('POST', `/api/v1/sources/${f.sourceIds[2]}/invocations`, {})
    await send('GET', '/api/v1/invocations?database_name=docs-staging')
    await send('GET', '/api/v1/sources')
    const upload = {
      database_name: 'docs-prod',
      collection_name: 'n',
      file: 'abc',
      filename: 'a.md',
    }
    expect(
      (await send('POST', '/api/v1/add-file', upload, { 'x-upload-content-length': '3' })).status,
    ).toBe(201)
    // The document's only body here is a form: a multipart upload starts an invocation too.
    const form = new FormData()
    form.append('database_name', 'docs-prod')
    form.append('collection_name', 'n')
    form.append('file', new Blob(['abc']), 'b.md')
    const encoded = new Request('http://x', { method: 'POST', body: form })
    const type = encoded.headers.get('content-type')!
    const multipart = await send('POST', '/api/v1/add-file', await encoded.text(), {
      'x-upload-content-length': '3',
      'content-type': type,
    })
    expect(multipart.status).toBe(201)
    const { invocation_id } = await multipart.json()
    const made = await (await send('GET', `/api/v1/invocations/${invocation_id}`)).json()
    expect(made.metadata.s3).toMatchObject({
      object_key: 'b.md',
      bucket_name: 'chroma-sync-uploads',
    })
    const broken = await send('POST', '/api/v1/add-file', '--b\r\nno part\r\n', {
      'x-upload-content-length': '3',
      'content-type': 'multipart/form-data; boundary=b',
    })
    expect(broken.status).toBe(400)
    expect(await broken.json()).toMatchObject({ message: expect.stringMatching(/multipart/) })
    // The document declares no security here: the token is asked for all the same.
    expect(
      (
        await fake.request(`/chroma/api/v1/sources/${f.sourceIds[1]}/invocations/latest-by-keys`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"object_keys":[]}',
        })
      ).status,
    ).toBe(401)
    const latest = await send(
      'POST',
      `/api/v1/sources/${f.sourceIds[1]}/invocations/latest-by-keys`,
      { object_keys: ['a'] },
    )
    expect(latest.status).toBe(200)
    const journal = fake.journal()
    expect(journal.map((e) => e.operation)).toEqual([
      'create_job',
      'list_jobs',
      'list_sources',
      'add_file',
      'add_file',
      'get_job',
      'add_file',
      'latest_invocations_by_keys',
      'latest_invocations_by_keys',
    ])
    for (const entry of journal) expect(entry.violations, entry.path).toEqual([])
    expect(journal.filter((e) => e.deviation).map((e) => e.operation)).toEqual([
      'list_jobs',
      'list_sources',
    ])
  })
})
