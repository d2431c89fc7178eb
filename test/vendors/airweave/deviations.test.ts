import { describe, expect, test } from 'vitest'
import { deviations } from '../../../src/vendors/airweave/deviations.js'
import { routes } from '../../../src/vendors/airweave/routes.js'
import { vendorDocPath } from '../../support/vendor-doc.js'
import { airweaveFake, directConnection, seen } from './airweave.case.js'

const NOBODY = '00000000-0000-4000-8000-000000000000'

// One request of every modelled operation: method, path below the mount, body.
const requests = (sc: string, collection: string): Record<string, [string, string, unknown?]> => ({
  'sourceConnections.list': ['GET', '/source-connections'],
  'sourceConnections.create': ['POST', '/source-connections', directConnection(collection)],
  'sourceConnections.get': ['GET', `/source-connections/${sc}`],
  'sourceConnections.update': ['PATCH', `/source-connections/${sc}`, { name: 'Renamed' }],
  'sourceConnections.delete': ['DELETE', `/source-connections/${sc}`],
  'sourceConnections.run': ['POST', `/source-connections/${sc}/run`],
  'sourceConnections.getJobs': ['GET', `/source-connections/${sc}/jobs`],
  'sourceConnections.cancelJob': ['POST', `/source-connections/${sc}/jobs/${NOBODY}/cancel`],
  'collections.list': ['GET', '/collections'],
  'collections.create': ['POST', '/collections', { name: 'Finance' }],
  'collections.get': ['GET', `/collections/${collection}`],
  'collections.delete': ['DELETE', `/collections/${collection}`],
})

// Every answer of this file is checked against the vendor's document by the harness: a listed
// deviation must break it (and is noted in `seen`), anything else must validate.
describe('airweave: the deviations from the vendor document are exactly the listed ones', () => {
  test('every operation is modelled by one request here', () => {
    expect(Object.keys(requests('x', 'y')).sort()).toEqual(Object.keys(routes).sort())
  })

  test('every operation answers 401 without a key and 403 with an unknown one', async () => {
    const a = await airweaveFake()
    for (const [operation, [method, path, body]] of Object.entries(requests(a.sc, a.collection))) {
      const missing = await a.call(method, `/airweave${path}`, { body })
      expect(missing.status, operation).toBe(401)
      const wrong = await a.call(method, `/airweave${path}`, {
        body,
        headers: { 'x-api-key': 'jf_nobody' },
      })
      expect(wrong.status, operation).toBe(403)
    }
  })

  test('every operation that takes a body answers 413 over 1 MiB', async () => {
    const a = await airweaveFake()
    const raw = JSON.stringify({ pad: 'x'.repeat(1024 * 1024) })
    for (const [operation, [method, path]] of Object.entries(requests(a.sc, a.collection))) {
      if (method === 'GET') continue
      const answer = await a.api(method, path, {
        raw,
        headers: { 'content-type': 'application/json' },
      })
      expect(answer.status, operation).toBe(413)
    }
  })

  test('the 422 of request validation, where the document requires another shape', async () => {
    const a = await airweaveFake()
    const refused = [
      await a.api('GET', '/source-connections?limit=0'),
      await a.api('POST', '/source-connections', { body: { short_name: 'stripe' } }),
      await a.api('PATCH', `/source-connections/${a.sc}`, { body: { name: 'ab' } }),
      await a.api('GET', '/collections?skip=-1'),
      await a.api('POST', '/collections', { body: { name: 'ab' } }),
    ]
    expect(refused.map((r) => r.status)).toEqual([422, 422, 422, 422, 422])
  })

  test('the 400s the service sends where the document says 409 or nothing', async () => {
    const a = await airweaveFake()
    const job = (await a.api('POST', `/source-connections/${a.sc}/run`)).body
    expect((await a.api('POST', `/source-connections/${a.sc}/run`)).status).toBe(400)
    await a.api('POST', `/source-connections/${a.sc}/jobs/${job.id}/cancel`)
    expect((await a.api('POST', `/source-connections/${a.sc}/jobs/${job.id}/cancel`)).status).toBe(
      400,
    )
    const hourly = { schedule: { cron: '*/15 * * * *' } }
    expect((await a.api('PATCH', `/source-connections/${a.sc}`, { body: hourly })).status).toBe(400)
    const create = await a.api('POST', '/source-connections', {
      body: directConnection(a.collection, hourly),
    })
    expect(create.status).toBe(400)
  })

  test('the 404 and 409 of creations', async () => {
    const a = await airweaveFake()
    const unknown = await a.api('POST', '/source-connections', { body: directConnection('nope') })
    expect(unknown.status).toBe(404)
    const taken = await a.api('POST', '/collections', {
      body: { name: 'Again', readable_id: a.collection },
    })
    expect(taken.status).toBe(409)
  })

  test("served from the vendor's own document, the modelled operations bind and a deviation is journaled as one", async () => {
    const a = await airweaveFake({ vendorDocs: { airweave: vendorDocPath('airweave') } })
    const created = await a.api('POST', '/source-connections', {
      body: directConnection(a.collection, { schedule: { cron: '0 * * * *' } }),
    })
    expect(created.body).toMatchObject({ status: 'syncing', schedule: { cron: '0 * * * *' } })
    const again = await a.api('POST', `/source-connections/${created.body.id}/run`)
    expect(again.status).toBe(400)
    a.fake.clock.advance('1h')
    const jobs = (await a.api('GET', `/source-connections/${created.body.id}/jobs`)).body
    expect(jobs.map((j: { status: string }) => j.status)).toEqual(['pending', 'completed'])
    const refused = a.fake.journal().find((e) => e.status === 400)
    expect(refused).toMatchObject({ violations: [] })
    expect(refused!.deviation).toMatch(/declares 409/)
    expect(a.fake.violations()).toEqual([])
  })

  test('and every listed deviation was seen above', () => {
    const listed = deviations.map((d) => `${d.operation} ${d.status}`)
    expect([...seen].sort()).toEqual([...new Set(listed)].sort())
  })
})
