import { describe, expect, test } from 'vitest'
import { peaka } from './peaka.case.js'

const QUERY = '709922802836177297' // charges_view: 993 rows, columns id, created, amount
const BIG_QUERY = '709922802836177298' // every_event: 2,500,000 rows

async function exportsFake(options = {}) {
  const p = await peaka(options)
  const exportQuery = (body: unknown = { format: 'CSV' }, headers?: Record<string, string>) =>
    p.post(`${p.data}/queries/${QUERY}/exports`, body, headers)
  const exportTable = (table = 'public/tables/orders', body: unknown = {}) =>
    p.post(`${p.data}/catalogs/pg_sales/schemas/${table}/exports`, body)
  const read = (id: string, headers?: Record<string, string>) =>
    p.get(`${p.data}/exports/${id}`, headers)
  const cancel = (id: string) => p.call('DELETE', `${p.data}/exports/${id}`, { headers: p.auth })
  const list = (query = '') => p.get(`${p.data}/exports${query}`)
  return { ...p, exportQuery, exportTable, read, cancel, list }
}

describe('peaka exports: the job', () => {
  test('202 PENDING, RUNNING after 2 s, SUCCEEDED after 20 s of running, EXPIRED 7 days later', async () => {
    const p = await exportsFake()
    const accepted = await p.exportQuery({ format: 'JSONL' })
    expect(accepted.status).toBe(202)
    expect(accepted.body).toEqual({ id: accepted.body.id, status: 'PENDING' })
    const { id } = accepted.body
    expect((await p.read(id)).body).toEqual({
      id,
      status: 'PENDING',
      format: 'JSONL',
      compression: 'NONE',
      downloadable: false,
      createdAt: '2026-01-01T00:00:00.000000Z',
      queryId: QUERY,
      source: 'peaka.query."charges_view"',
      apiKeyPrefix: 'jfP61c0d',
    })
    p.fake.clock.advance('2s')
    expect((await p.read(id)).body.status).toBe('RUNNING')
    p.fake.clock.advance('20s')
    const done = (await p.read(id)).body
    expect(done).toMatchObject({
      status: 'SUCCEEDED',
      rowCount: 993,
      bytes: 993 * (3 * 18 + 2),
      durationMs: 20_000,
      downloadable: true,
      expiresAt: '2026-01-01T00:15:22.000Z',
    })
    expect(done.files).toEqual([
      {
        name: `query_${QUERY}_charges_view.jsonl`,
        url: expect.stringMatching(
          new RegExp(`^https://exports\\.peaka\\.jobfake\\.invalid/mtKDhe1U/${id}/query_`),
        ),
        bytes: done.bytes,
      },
    ])
    // Every read mints fresh links.
    p.fake.clock.advance('1m')
    expect((await p.read(id)).body.expiresAt).toBe('2026-01-01T00:16:22.000Z')
    p.fake.clock.advance('7d')
    const expired = (await p.read(id)).body
    expect(expired).toMatchObject({ status: 'EXPIRED', rowCount: 993, downloadable: false })
    expect(expired).not.toHaveProperty('files')
  })

  test('a table export: its source fields, CSV with GZIP, the columns chosen and a clamped limit', async () => {
    const p = await exportsFake()
    const { id } = (
      await p.exportTable('public/tables/orders', {
        compression: 'GZIP',
        columns: ['id', 'amount'],
        limit: 0,
      })
    ).body
    p.fake.clock.advance('22s')
    const body = (await p.read(id)).body
    expect(body).toMatchObject({
      status: 'SUCCEEDED',
      format: 'CSV',
      compression: 'GZIP',
      catalogId: 'pg_sales',
      schemaName: 'public',
      tableName: 'orders',
      source: 'pg_sales.public."orders"',
      // A limit is clamped to 1–1,000,000.
      rowCount: 1,
      bytes: Math.ceil((2 * 9 + 1) / 4),
    })
    expect(body.files[0].name).toBe('table_pg_sales_public_orders.csv.gz')
  })

  test('only the key that started an export may download it', async () => {
    const p = await exportsFake()
    const projectKey = { authorization: `Bearer ${p.f.projectKeys[p.project]}` }
    const { id } = (await p.exportQuery()).body
    p.fake.clock.advance('1m')
    const other = (await p.read(id, projectKey)).body
    expect(other).toMatchObject({
      status: 'SUCCEEDED',
      downloadable: false,
      apiKeyPrefix: 'jfP61c0d',
    })
    expect(other).not.toHaveProperty('files')
    const mine = (await p.exportQuery({}, projectKey)).body
    p.fake.clock.advance('1m')
    expect((await p.read(mine.id, projectKey)).body).toMatchObject({
      downloadable: true,
      apiKeyPrefix: 'jfmt7b3e',
      files: [expect.any(Object)],
    })
  })

  test('a source over 1,000,000 rows without a limit FAILED with the row-limit message; with one it succeeds', async () => {
    const p = await exportsFake()
    const big = `${p.data}/queries/${BIG_QUERY}/exports`
    const unlimited = (await p.post(big, { format: 'CSV' })).body
    const limited = (await p.post(big, { limit: 2_000_000 })).body
    p.fake.clock.advance('22s')
    const failed = (await p.read(unlimited.id)).body
    expect(failed).toMatchObject({
      status: 'FAILED',
      error: 'Query exceeded the 1,000,000 row export limit',
      downloadable: false,
    })
    expect(failed).not.toHaveProperty('rowCount')
    expect((await p.read(limited.id)).body).toMatchObject({
      status: 'SUCCEEDED',
      rowCount: 1_000_000,
    })
  })

  test('fails-midway: FAILED halfway through its run, with the scenario message', async () => {
    const p = await exportsFake({ scenario: ['peaka/fails-midway'] })
    const { id } = (await p.exportQuery()).body
    p.fake.clock.advance('12s')
    expect((await p.read(id)).body).toMatchObject({
      status: 'FAILED',
      error: 'Source connection reset by peer while reading batch 12',
    })
  })
})

describe('peaka exports: cancel', () => {
  test('DELETE cancels a PENDING or RUNNING export at once (204); on a finished one it changes nothing', async () => {
    const p = await exportsFake()
    const pending = (await p.exportQuery()).body.id
    const running = (await p.exportQuery()).body.id
    const finished = (await p.exportQuery()).body.id
    const first = await p.cancel(pending)
    expect(first.status).toBe(204)
    expect(first.body).toBeUndefined()
    p.fake.clock.advance('3s')
    expect((await p.read(running)).body.status).toBe('RUNNING')
    expect((await p.cancel(running)).status).toBe(204)
    p.fake.clock.advance('1m')
    expect((await p.cancel(finished)).status).toBe(204)
    expect((await p.cancel(pending)).status).toBe(204)
    const states = await Promise.all(
      [pending, running, finished].map(async (id) => (await p.read(id)).body.status),
    )
    expect(states).toEqual(['CANCELLED', 'CANCELLED', 'SUCCEEDED'])
  })
})

describe('peaka exports: the list', () => {
  test('newest first, without files; filtered by status; paged by limit and createdBefore', async () => {
    const p = await exportsFake()
    const ids: string[] = []
    for (let i = 0; i < 3; i++) ids.push((await p.exportQuery()).body.id)
    await p.cancel(ids[0]!)
    p.fake.clock.advance('2s')
    ids.push((await p.exportTable()).body.id)
    const all = (await p.list()).body
    expect(all.map((e: { id: string }) => e.id)).toEqual([...ids].reverse())
    expect(all.map((e: { status: string }) => e.status)).toEqual([
      'PENDING',
      'RUNNING',
      'RUNNING',
      'CANCELLED',
    ])
    expect(all.some((e: object) => 'files' in e)).toBe(false)
    // Three exports started in the same millisecond still page apart.
    expect(all.slice(1).map((e: { createdAt: string }) => e.createdAt)).toEqual([
      '2026-01-01T00:00:00.000002Z',
      '2026-01-01T00:00:00.000001Z',
      '2026-01-01T00:00:00.000000Z',
    ])
    const first = (await p.list('?limit=2')).body
    expect(first.map((e: { id: string }) => e.id)).toEqual([ids[3], ids[2]])
    const next = (await p.list(`?limit=2&createdBefore=${first[1].createdAt}`)).body
    expect(next.map((e: { id: string }) => e.id)).toEqual([ids[1], ids[0]])
    expect(
      (await p.list('?status=CANCELLED,PENDING')).body.map((e: { id: string }) => e.id),
    ).toEqual([ids[3], ids[0]])
    expect((await p.list('?status=SUCCEEDED')).body).toEqual([])
    expect((await p.list('?createdBefore=not-a-time')).body).toEqual([])
  })

  test('each project sees its own exports; each session its own', async () => {
    const p = await exportsFake()
    await p.exportQuery()
    const other = `/peaka/api/v1/data/projects/${p.f.projectIds[1]}/exports`
    expect((await p.get(other)).body).toEqual([])
    expect(
      (await p.call('GET', `${p.data}/exports`, { headers: p.auth, session: 'b' })).body,
    ).toEqual([])
    expect((await p.list()).body).toHaveLength(1)
  })
})

describe('peaka exports: refusals', () => {
  test('404 for an unknown query, table or export (or one of another project); 400 for an unknown column or a bad format', async () => {
    const p = await exportsFake()
    expect((await p.post(`${p.data}/queries/nope/exports`, {})).body.errorCode).toBe(121)
    expect((await p.exportTable('public/tables/nope')).body.errorCode).toBe(103)
    const unknownColumn = await p.exportQuery({ columns: ['id', 'secret'] })
    expect(unknownColumn).toMatchObject({
      status: 400,
      body: { errorCode: 123, message: 'Unknown column secret' },
    })
    expect((await p.exportQuery({ format: 'XLSX' })).status).toBe(400)
    expect((await p.read('00000000-0000-4000-8000-000000000000')).body.errorCode).toBe(120)
    expect((await p.cancel('nope')).status).toBe(404)
    const { id } = (await p.exportQuery()).body
    const elsewhere = `/peaka/api/v1/data/projects/${p.f.projectIds[1]}/exports/${id}`
    expect((await p.get(elsewhere)).status).toBe(404)
  })

  test('coverage counts the export states a client saw', async () => {
    const p = await exportsFake()
    const { id } = (await p.exportQuery()).body
    p.fake.clock.advance('1m')
    await p.read(id)
    const coverage = (await p.call('GET', '/__admin/coverage')).body.vendors.peaka
    expect(coverage.operations.readExport.states).toEqual({ SUCCEEDED: 1 })
    expect(coverage.operations.exportQuery.statuses['202']).toBe(1)
  })
})
