import { describe, expect, test } from 'vitest'
import { airweaveFake } from './airweave.case.js'

async function setup() {
  const { fake, call, key: headers, sc } = await airweaveFake()
  return { fake, call, headers, sc }
}

describe('airweave: bad input is answered in the vendor shape, never a 500', () => {
  test('a malformed UUID in the path is 422 with the path location', async () => {
    const { call, headers } = await setup()
    const { status, body } = await call('GET', '/airweave/source-connections/not-a-uuid/jobs', {
      headers,
    })
    expect(status).toBe(422)
    expect(body).toEqual({ errors: [{ 'path.source_connection_id': 'must be a valid uuid' }] })
  })

  test.each(['0', '1001', 'ten'])('limit=%s is 422 on query.limit', async (limit) => {
    const { call, headers, sc } = await setup()
    const { status, body } = await call(
      'GET',
      `/airweave/source-connections/${sc}/jobs?limit=${limit}`,
      { headers },
    )
    expect(status).toBe(422)
    expect(Object.keys(body.errors[0])).toEqual(['query.limit'])
  })

  test('limit at its bounds is accepted', async () => {
    const { call, headers, sc } = await setup()
    for (const limit of ['1', '1000']) {
      expect(
        (await call('GET', `/airweave/source-connections/${sc}/jobs?limit=${limit}`, { headers }))
          .status,
      ).toBe(200)
    }
  })

  test('malformed JSON is 422 with a body location', async () => {
    const { call, headers, sc } = await setup()
    const { status, body } = await call('POST', `/airweave/source-connections/${sc}/run`, {
      headers: { ...headers, 'content-type': 'application/json' },
      raw: '{"force_full_sync": tru',
    })
    expect(status).toBe(422)
    expect(Object.keys(body.errors[0])).toEqual(['body'])
    expect(body.errors[0].body).toMatch(/^JSON decode error/)
  })

  test('a body over 1 MiB is 413 {detail}', async () => {
    const { call, headers, sc } = await setup()
    const { status, body } = await call('POST', `/airweave/source-connections/${sc}/run`, {
      headers: { ...headers, 'content-type': 'application/json' },
      raw: JSON.stringify({ pad: 'x'.repeat(1024 * 1024) }),
    })
    expect(status).toBe(413)
    expect(body.detail).toMatch(/larger than 1048576 bytes/)
  })

  test('an unknown path under the mount is 404 {detail: Not Found}', async () => {
    const { call, headers } = await setup()
    for (const path of [
      '/airweave',
      '/airweave/nothing/here',
      '/airweave/source-connections/x/y',
    ]) {
      const { status, body } = await call('GET', path, { headers })
      expect(status).toBe(404)
      expect(body).toEqual({ detail: 'Not Found' })
    }
  })

  test('a wrong method on a known path is 405 {detail} with Allow', async () => {
    const { call, headers, sc } = await setup()
    const {
      status,
      body,
      headers: h,
    } = await call('DELETE', `/airweave/source-connections/${sc}/run`, { headers })
    expect(status).toBe(405)
    expect(body).toEqual({ detail: 'Method Not Allowed' })
    expect(h.allow).toBe('POST')
  })

  test('a malformed session name is refused in the vendor shape', async () => {
    const { call, headers, sc } = await setup()
    const { status, body } = await call('GET', `/airweave/source-connections/${sc}/jobs`, {
      headers: { ...headers, 'x-jobfake-session': 'has spaces' },
    })
    expect(status).toBe(422)
    expect(Object.keys(body.errors[0])).toEqual(['header.x-jobfake-session'])
  })

  test('the journal records the request violations, and no response violation', async () => {
    const { fake, call, headers } = await setup()
    await call('GET', '/airweave/source-connections/not-a-uuid/jobs?limit=0', { headers })
    const [entry] = fake.violations()
    expect(entry).toMatchObject({ operation: 'sourceConnections.getJobs', status: 422 })
    expect(entry!.violations.map((v) => `${v.in}.${v.name}`)).toEqual([
      'path.source_connection_id',
      'query.limit',
    ])
    expect(
      fake
        .journal()
        .flatMap((e) => e.violations)
        .filter((v) => v.in === 'response'),
    ).toEqual([])
  })
})

describe('airweave: determinism', () => {
  async function transcript(seed: number) {
    const { fake, call, key: headers, sc } = await airweaveFake({ seed })
    const base = `/airweave/source-connections/${sc}`
    const out: string[] = []
    out.push(JSON.stringify((await call('POST', `${base}/run`, { headers })).body))
    fake.clock.advance('90s')
    out.push(JSON.stringify((await call('GET', `${base}/jobs`, { headers })).body))
    fake.clock.advance('10m')
    out.push(JSON.stringify((await call('POST', `${base}/run`, { headers })).body))
    return out.join('\n')
  }

  test('the same seed and the same requests give byte-identical responses', async () => {
    expect(await transcript(42)).toBe(await transcript(42))
  })

  test('another seed gives other ids', async () => {
    expect(await transcript(42)).not.toBe(await transcript(43))
  })
})
