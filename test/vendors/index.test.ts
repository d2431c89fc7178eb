import { cpSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { DEFAULT_SCENARIOS_DIR } from '../../src/index.js'
import { vendors } from '../../src/vendors/index.js'
import { conformingFake } from '../support/conformance.js'

/** For each vendor: a read, a request with a JSON body, credentials, and how its errors look. */
const cases = {
  peaka: {
    auth: (f: any) => ({ authorization: `Bearer ${f.partnerKey}` }),
    read: (f: any): [string, string] => [
      'GET',
      `/peaka/api/v1/data/projects/${f.projectIds[0]}/cache/status`,
    ],
    write: (f: any): [string, string] => [
      'POST',
      `/peaka/api/v1/data/projects/${f.projectIds[0]}/cache`,
    ],
    shape: (body: any) => typeof body.errorCode === 'number' && typeof body.message === 'string',
    invalid: 400,
  },
  airweave: {
    auth: (f: any) => ({ 'x-api-key': f.apiKey }),
    read: (f: any): [string, string] => [
      'GET',
      `/airweave/source-connections/${f.sourceConnectionIds[0]}/jobs`,
    ],
    write: (f: any): [string, string] => [
      'POST',
      `/airweave/source-connections/${f.sourceConnectionIds[0]}/run`,
    ],
    shape: (body: any) => typeof body.detail === 'string' || Array.isArray(body.errors),
    invalid: 422,
  },
  chroma: {
    auth: (f: any) => ({ 'x-chroma-token': f.token }),
    read: (f: any): [string, string] => ['GET', `/chroma/api/v1/sources/${f.sourceIds[0]}`],
    write: (f: any): [string, string] => [
      'POST',
      `/chroma/api/v1/sources/${f.sourceIds[0]}/invocations`,
    ],
    shape: (body: any) => typeof body.error === 'string' && typeof body.message === 'string',
    invalid: 400,
  },
  akua: {
    auth: (f: any) => ({ authorization: `Bearer ${f.token}` }),
    read: (): [string, string] => ['GET', '/akua/v1/operations'],
    write: (): [string, string] => ['POST', '/akua/v1/clusters'],
    shape: (body: any) =>
      body.success === false &&
      Array.isArray(body.errors) &&
      typeof body.errors[0].code === 'number',
    invalid: 400,
  },
} as const

function withFaults() {
  const dir = mkdtempSync(join(tmpdir(), 'jobfake-vendor-faults-'))
  cpSync(DEFAULT_SCENARIOS_DIR, dir, { recursive: true })
  for (const vendor of vendors) {
    writeFileSync(
      join(dir, vendor.name, 'limited.yaml'),
      'faults:\n  - { kind: rate-limit, limit: 1, per: 1m }\n',
    )
    writeFileSync(
      join(dir, vendor.name, 'broken.yaml'),
      'faults:\n  - { kind: error, status: 503, nth: 1 }\n',
    )
  }
  return dir
}

describe('every vendor', () => {
  test('is covered here', () => {
    expect(vendors.map((v) => v.name).sort()).toEqual(Object.keys(cases).sort())
  })

  describe.each(vendors.map((v) => [v.name, v] as const))('%s', (name, vendor) => {
    const c = cases[name as keyof typeof cases]

    test('answers bad input in its own error shape, never a 500, and every answer fits its spec', async () => {
      const { call, fixtures } = await conformingFake()
      const f = fixtures[name]
      const headers = c.auth(f)
      const [, readPath] = c.read(f)
      const [writeMethod, writePath] = c.write(f)
      const answers = [
        await call(writeMethod, writePath, {
          headers: { ...headers, 'content-type': 'application/json' },
          raw: '{"oops": ',
        }),
        await call(writeMethod, writePath, {
          headers: { ...headers, 'content-type': 'application/json' },
          raw: JSON.stringify({ pad: 'x'.repeat(1_100_000) }),
        }),
        await call('GET', `${vendor.mount}/no/such/path`, { headers }),
        await call('PATCH', readPath, { headers }),
        await call('GET', readPath),
      ]
      expect(answers.map((a) => a.status)).toEqual([c.invalid, 413, 404, 405, 401])
      for (const answer of answers)
        expect(c.shape(answer.body), JSON.stringify(answer.body)).toBe(true)
    })

    test('takes scenario faults: rate limits with Retry-After and injected errors, in its own shape', async () => {
      const { call, fixtures } = await conformingFake({ scenariosDir: withFaults() })
      const f = fixtures[name]
      const [method, path] = c.read(f)
      const limited = { ...c.auth(f), 'x-jobfake-session': 'limited' }
      await call('PUT', `/__admin/scenarios/${name}`, {
        headers: limited,
        body: { name: 'limited' },
      })
      expect((await call(method, path, { headers: limited })).status).not.toBe(429)
      const refused = await call(method, path, { headers: limited })
      expect(refused.status).toBe(429)
      expect(refused.headers['retry-after']).toMatch(/^\d+$/)
      expect(c.shape(refused.body)).toBe(true)
      const broken = { ...c.auth(f), 'x-jobfake-scenario': 'broken', 'x-jobfake-session': 'broken' }
      const failed = await call(method, path, { headers: broken })
      expect(failed.status).toBe(503)
      expect(c.shape(failed.body)).toBe(true)
    })

    test('is journaled and covered per session like any other', async () => {
      const { call, fixtures } = await conformingFake()
      const f = fixtures[name]
      const [method, path] = c.read(f)
      await call(method, path, { headers: { ...c.auth(f), 'x-jobfake-session': 'mine' } })
      const journal = (
        await call('GET', `/__admin/journal?vendor=${name}`, {
          headers: { 'x-jobfake-session': 'mine' },
        })
      ).body
      expect(journal).toHaveLength(1)
      expect(journal[0]).toMatchObject({ vendor: name, status: 200, session: 'mine' })
      expect((await call('GET', `/__admin/journal?vendor=${name}`)).body).toHaveLength(0)
      const coverage = (
        await call('GET', '/__admin/coverage', { headers: { 'x-jobfake-session': 'mine' } })
      ).body
      expect(coverage.vendors[name].exercised).toBe(1)
    })
  })
})
