import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Browser } from 'playwright-core'
import { createCors, EXPOSED_HEADERS, parseCors } from '../../src/http/cors.js'
import { createFake, startFake } from '../../src/index.js'
import { browserTests, launchBrowser } from '../support/browser.js'

const APP = 'http://localhost:3000'
const preflight = (method = 'POST', headers: Record<string, string> = {}) => ({
  method: 'OPTIONS',
  headers: { origin: APP, 'access-control-request-method': method, ...headers },
})

describe(createCors, () => {
  test('a preflight is answered before spec routing: reflected origin and headers, nothing journaled', async () => {
    const fake = await createFake()
    for (const path of [
      '/airweave/source-connections/x/run',
      '/airweave/no/such/path',
      '/__admin/reset',
    ]) {
      const res = await fake.request(
        path,
        preflight('POST', { 'access-control-request-headers': 'x-api-key, content-type' }),
      )
      expect(res.status, path).toBe(204)
      expect(Object.fromEntries(res.headers)).toMatchObject({
        'access-control-allow-origin': APP,
        'access-control-allow-credentials': 'true',
        'access-control-allow-headers': 'x-api-key, content-type',
        'access-control-allow-methods': expect.stringContaining('DELETE'),
        'access-control-max-age': '600',
      })
    }
    expect(fake.journal()).toEqual([])
    // Chrome's Private Network Access preflight, for a public page calling localhost.
    const pna = await fake.request(
      '/airweave/x',
      preflight('GET', { 'access-control-request-private-network': 'true' }),
    )
    expect(pna.headers.get('access-control-allow-private-network')).toBe('true')
  })

  test('answers carry the origin and expose ETag, Retry-After and the RateLimit headers', async () => {
    const fake = await createFake({ scenario: ['airweave/rate-limited'] })
    const { airweave } = await (await fake.request('/__admin/fixtures')).json()
    const url = `/airweave/source-connections/${airweave.sourceConnectionIds[0]}/jobs`
    const headers = { origin: APP, 'x-api-key': airweave.apiKey }
    let res = await fake.request(url, { headers })
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
    expect(res.headers.get('vary')).toBe('Origin')
    expect(res.headers.get('access-control-expose-headers')).toBe(EXPOSED_HEADERS)
    for (const name of [
      'ETag',
      'Retry-After',
      'RateLimit-Limit',
      'RateLimit-Remaining',
      'RateLimit-Reset',
    ])
      expect(EXPOSED_HEADERS).toContain(name)
    while (res.status !== 429) res = await fake.request(url, { headers })
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/)
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
    // The admin API and jobfake's own 404 too; a request without Origin gets no CORS header.
    const admin = await fake.request('/__admin/clock', { headers: { origin: APP } })
    expect(admin.headers.get('access-control-allow-origin')).toBe(APP)
    const missing = await fake.request('/stripe/v1', { headers: { origin: APP } })
    expect(missing.headers.get('access-control-allow-origin')).toBe(APP)
    expect((await fake.request(url)).headers.get('access-control-allow-origin')).toBeNull()
  })

  test('a bare OPTIONS is no preflight: the vendor answers it', async () => {
    const fake = await createFake()
    const res = await fake.request('/airweave/source-connections/x/run', { method: 'OPTIONS' })
    expect(res.status).toBe(405)
    expect(fake.journal()).toHaveLength(1)
  })

  test('a list of origins: others get no CORS headers, and their preflight a 403 that says why', async () => {
    const fake = await createFake({ cors: parseCors('http://app.test,https://ci.example.com/') })
    const allowed = await fake.request('/__admin/clock', {
      headers: { origin: 'https://ci.example.com' },
    })
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://ci.example.com')
    const other = await fake.request('/__admin/clock', { headers: { origin: APP } })
    expect(other.status).toBe(200)
    expect(other.headers.get('access-control-allow-origin')).toBeNull()
    const refused = await fake.request('/airweave/x', preflight())
    expect(refused.status).toBe(403)
    expect(await refused.json()).toEqual({
      error: 'forbidden',
      message: `[jobfake] Origin ${APP} may not call jobfake (--cors http://app.test,https://ci.example.com). Add it to --cors, or use --cors on.`,
    })
  })

  test('off: no CORS at all, a preflight is a request like any other', async () => {
    const fake = await createFake({ cors: false })
    const res = await fake.request('/airweave/source-connections/x/run', preflight())
    expect(res.status).toBe(405)
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
  })

  test('parseCors reads on, off and lists of origins, and says what it takes', () => {
    expect(parseCors('on')).toBe(true)
    expect(parseCors('off')).toBe(false)
    expect(parseCors('http://Localhost:3000/, https://a.example')).toEqual([
      'http://localhost:3000',
      'https://a.example',
    ])
    expect(() => parseCors('localhost:3000')).toThrow(
      /^\[jobfake\] --cors takes "off", "on" or origins such as http:\/\/localhost:3000/,
    )
  })
})

describe.skipIf(!browserTests)('CORS from a real browser', () => {
  let browser: Browser
  let page: Server
  let pageUrl = ''
  beforeAll(async () => {
    browser = await launchBrowser()
    // The app's page, served on another port: another origin.
    page = createServer((_, res) => res.end('<!doctype html><title>app</title><p>app</p>'))
    await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve))
    pageUrl = `http://127.0.0.1:${(page.address() as AddressInfo).port}/`
  }, 30_000)
  afterAll(async () => {
    await browser?.close()
    page?.close()
  })

  test('a page on another port calls the vendor APIs and the admin API, and reads the exposed headers', async () => {
    const fake = await startFake({ port: 0, scenario: ['airweave/rate-limited'] })
    const tab = await browser.newPage()
    await tab.goto(pageUrl)
    const seen = await tab.evaluate(async (base) => {
      const fixtures = await (await fetch(`${base}/__admin/fixtures`)).json()
      const akua = await fetch(`${base}/akua/v1/clusters`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${fixtures.akua.token}`,
          'content-type': 'application/json',
          'idempotency-key': 'browser-1',
        },
        body: JSON.stringify({ name: 'web', region_id: fixtures.akua.regionIds[0] }),
      })
      const url = `${base}/airweave/source-connections/${fixtures.airweave.sourceConnectionIds[0]}/jobs`
      let limited = await fetch(url, { headers: { 'x-api-key': fixtures.airweave.apiKey } })
      for (let i = 0; i < 10 && limited.status !== 429; i++)
        limited = await fetch(url, { headers: { 'x-api-key': fixtures.airweave.apiKey } })
      const clock = await fetch(`${base}/__admin/clock/advance`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ by: '1m' }),
      })
      return {
        origin: location.origin,
        akua: {
          status: akua.status,
          etag: akua.headers.get('etag'),
          state: (await akua.json()).state,
        },
        limited: {
          status: limited.status,
          retryAfter: limited.headers.get('retry-after'),
          limit: limited.headers.get('ratelimit-limit'),
          remaining: limited.headers.get('ratelimit-remaining'),
          reset: limited.headers.get('ratelimit-reset'),
        },
        clock: (await clock.json()).now,
      }
    }, fake.url())
    expect(seen.origin).not.toBe(fake.url())
    expect(seen.akua).toEqual({ status: 202, etag: expect.stringMatching(/.+/), state: 'RUNNING' })
    expect(seen.limited).toEqual({
      status: 429,
      retryAfter: expect.stringMatching(/^\d+$/),
      limit: '5',
      remaining: '0',
      reset: expect.stringMatching(/^\d+$/),
    })
    expect(seen.clock).toBe('2026-01-01T00:01:00.000Z')
    await tab.close()
    await fake.close()
  })

  test('an origin --cors does not list is refused by the browser', async () => {
    const fake = await startFake({ port: 0, cors: ['http://app.test'] })
    const tab = await browser.newPage()
    await tab.goto(pageUrl)
    const outcome = await tab.evaluate(
      (base) =>
        fetch(`${base}/__admin/clock`).then(
          (res) => `answered ${res.status}`,
          (error) => `refused: ${error.name}`,
        ),
      fake.url(),
    )
    expect(outcome).toBe('refused: TypeError')
    await tab.close()
    await fake.close()
  })
})
