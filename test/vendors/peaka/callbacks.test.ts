import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, test } from 'vitest'
import { callbacksSettled } from '../../../src/vendors/peaka/callbacks.js'
import { peaka, withScenarios } from './peaka.case.js'

interface Call {
  path: string
  headers: IncomingHttpHeaders
  body: any
}

const servers: Array<() => void> = []
afterEach(() => servers.splice(0).forEach((close) => close()))

/** A receiver on 127.0.0.1 that answers `status`, or never when `status` is 0. */
async function receiver(status = 204) {
  const calls: Call[] = []
  const waiting: Array<(call: Call) => void> = []
  const server = createServer((req, res) => {
    let text = ''
    req.on('data', (chunk) => (text += chunk))
    req.on('end', () => {
      const call = { path: req.url!, headers: req.headers, body: JSON.parse(text) }
      calls.push(call)
      waiting.shift()?.(call)
      if (status !== 0) res.writeHead(status).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  servers.push(() => (server.closeAllConnections(), server.close()))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url,
    calls,
    next: () => new Promise<Call>((resolve) => waiting.push(resolve)),
  }
}

const scenariosDir = withScenarios({
  'metadata-stalls': 'description: Metadata jobs stall.\noutcome:\n  kind: stall\n  at: 0.5\n',
})

async function callbacks(options = {}) {
  const p = await peaka({ scenariosDir, ...options })
  const root = `/peaka/api/v1/metadata/${p.project}/refresh`
  const register = (body: unknown) => p.post(`${root}/callback`, body)
  const registered = async () => (await p.get(`${root}/callback`)).body
  const refresh = (body: unknown = { catalogId: 'pg_sales' }, headers?: Record<string, string>) =>
    p.post(root, body, headers)
  return { ...p, root, register, registered, refresh }
}

describe('peaka metadata refresh callbacks', () => {
  test('the registered URL is called when a job ends, with its token; how it went is recorded', async () => {
    const p = await callbacks()
    const r = await receiver()
    const registered = await p.register({
      callbackURL: `${r.url}/hooks/peaka`,
      callbackToken: 's3cret',
    })
    expect(registered.body).toEqual({
      callback: { callbackURL: `${r.url}/hooks/peaka`, hasToken: true },
    })
    const { jobId } = (await p.refresh()).body.pg_sales
    const called = r.next()
    p.fake.clock.advance('1m')
    const call = await called
    expect(call.path).toBe('/hooks/peaka')
    expect(call.headers.authorization).toBe('Bearer s3cret')
    expect(call.headers['content-type']).toBe('application/json')
    expect(call.body).toEqual({
      projectId: p.project,
      catalogId: 'pg_sales',
      jobId,
      status: 'COMPLETED',
      finishedAt: '2026-01-01T00:00:32.000Z',
    })
    await callbacksSettled()
    expect(await p.registered()).toEqual({
      callback: { callbackURL: `${r.url}/hooks/peaka`, hasToken: true },
      deliveries: {
        [jobId]: {
          jobId,
          catalogId: 'pg_sales',
          status: 'COMPLETED',
          url: `${r.url}/hooks/peaka`,
          at: '2026-01-01T00:00:32.000Z',
          outcome: 'delivered',
          responseStatus: 204,
        },
      },
    })
  })

  test("a request's own callbackURL is called instead of the registered one; a FAILED job carries its error", async () => {
    const p = await callbacks({ scenario: ['peaka/fails-midway'] })
    const registered = await receiver()
    const own = await receiver()
    await p.register({ callbackURL: registered.url })
    await p.refresh({ catalogId: 'stripe', callbackURL: `${own.url}/mine` })
    const called = own.next()
    p.fake.clock.advance('1m')
    const call = await called
    expect(call.body).toMatchObject({
      catalogId: 'stripe',
      status: 'FAILED',
      error: 'Source connection reset by peer while reading batch 12',
    })
    expect(call.headers).not.toHaveProperty('authorization')
    await callbacksSettled()
    expect(registered.calls).toEqual([])
  })

  test('a receiver that fails, or is not there, is recorded as failed; nothing reaches the session', async () => {
    const p = await callbacks()
    const broken = await receiver(500)
    await p.register({ callbackURL: broken.url })
    await p.refresh()
    const called = broken.next()
    p.fake.clock.advance('1m')
    await called
    await callbacksSettled()
    const gone = await receiver()
    servers.pop()!()
    await p.refresh({ catalogId: 'stripe', callbackURL: gone.url })
    p.fake.clock.advance('1m')
    await callbacksSettled()
    const deliveries = Object.values((await p.registered()).deliveries) as any[]
    expect(deliveries.map((d) => [d.catalogId, d.outcome, d.responseStatus, d.error])).toEqual([
      ['pg_sales', 'failed', 500, 'HTTP 500'],
      ['stripe', 'failed', undefined, 'ECONNREFUSED'],
    ])
    expect((await p.get(`${p.root}/pg_sales`)).body.status).toBe('COMPLETED')
  })

  test('neither the clock nor a request waits for a receiver that does not answer', async () => {
    const p = await callbacks()
    const silent = await receiver(0)
    await p.register({ callbackURL: silent.url })
    await p.refresh()
    const called = silent.next()
    p.fake.clock.advance('1m')
    await called
    // The call hangs; the fake goes on answering.
    expect((await p.get(`${p.root}/pg_sales`)).body.status).toBe('COMPLETED')
    expect((await p.registered()).deliveries).toEqual({})
  })

  test('no call for a STUCK job, or once the callback is unregistered', async () => {
    const p = await callbacks()
    const r = await receiver()
    await p.register({ callbackURL: r.url })
    await p.refresh({ catalogId: 'pg_sales' }, { 'x-jobfake-scenario': 'metadata-stalls' })
    p.fake.clock.advance('1m')
    expect((await p.get(`${p.root}/pg_sales`)).body.status).toBe('STUCK')
    const removed = await p.call('DELETE', `${p.root}/callback`, { headers: p.auth })
    expect(removed.body).toEqual({ callback: { callbackURL: r.url, hasToken: false } })
    expect((await p.call('DELETE', `${p.root}/callback`, { headers: p.auth })).body).toEqual({})
    await p.refresh({ catalogId: 'stripe' })
    p.fake.clock.advance('1m')
    await callbacksSettled()
    expect(r.calls).toEqual([])
    expect(await p.registered()).toEqual({ deliveries: {} })
  })

  test('400 for a callback URL jobfake cannot call, or none', async () => {
    const p = await callbacks()
    expect((await p.register({ callbackURL: 'not a url' })).body.errorCode).toBe(125)
    expect((await p.register({ callbackToken: 'x' })).body.errorCode).toBe(100)
    expect(await p.registered()).toEqual({ deliveries: {} })
  })
})
