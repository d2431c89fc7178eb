import { Webhook } from 'svix'
import { beforeAll, describe, expect, test } from 'vitest'
import type { SessionEvent } from '../../src/core/events.js'
import { createFake, type Fake } from '../../src/index.js'
import { TRANSITION } from '../../src/webhooks/jobfake.js'
import { receiver } from './receiver.case.js'
import { onSession } from './session.case.js'

let fake: Fake
let f: any
// One fake (all four vendors) for the file, one session per test: loading it is the slow part.
beforeAll(async () => {
  fake = await createFake()
  f = await (await fake.request('/__admin/fixtures')).json()
}, 60_000)

const on = (session: string) => onSession(fake, f, session)

describe("jobfake's own transition events (POST /__admin/webhooks)", () => {
  test.each(['peaka', 'chroma', 'akua'] as const)(
    '%s: every transition of its jobs, signed as Svix signs, named as jobfake’s',
    async (vendor) => {
      const s = on(`feed-${vendor}`)
      const r = await receiver()
      const subscription = await s.subscribe({ url: `${r.url}/jobfake`, vendor })
      expect((await s.start[vendor]()).status).toBeLessThan(300)
      for (const other of ['peaka', 'chroma', 'akua'] as const)
        if (other !== vendor) await s.start[other]()
      await s.advance('1h')
      const verifier = new Webhook(subscription.secret)
      const events = r.calls.map((call) => verifier.verify(call.raw, call.headers as any) as any)
      expect(events.length).toBeGreaterThanOrEqual(2)
      expect(new Set(events.map((e) => e.type))).toEqual(new Set([TRANSITION]))
      expect(new Set(events.map((e) => e.data.vendor))).toEqual(new Set([vendor]))
      // A job's events chain: created (from null), then each state from the one before.
      const job = events[0].data
      expect(job.from).toBeNull()
      const chain = events.filter((e) => e.data.id === job.id).map((e) => e.data)
      for (const [i, e] of chain.entries()) {
        if (i > 0) expect(e.from).toBe(chain[i - 1].to)
        expect(e.at).toBe(events.find((x) => x.data === e).timestamp)
        expect(e).toMatchObject({ session: `feed-${vendor}`, kind: expect.any(String) })
        expect(e.job.id).toBe(job.id)
      }
      const jobs = (await s.send('GET', `/__admin/jobs?vendor=${vendor}`)).body
      expect(chain.at(-1).to).toBe(jobs.find((j: any) => j.id === job.id).state)
    },
  )

  test('"events" keeps the states entered that are asked for', async () => {
    const s = on('feed-filter')
    const r = await receiver()
    await s.subscribe({ url: r.url, vendor: 'chroma', events: ['complete'] })
    await s.start.chroma()
    await s.advance('1h')
    expect(r.calls.map((c) => [c.body.data.from, c.body.data.to])).toEqual([
      ['processing', 'complete'],
    ])
    expect(r.calls[0]!.body.data.job.status).toMatchObject({ complete: expect.any(Object) })
  })

  test('a failing receiver: the same retry schedule, exhausted after eight attempts', async () => {
    const s = on('feed-failing')
    const r = await receiver([500])
    const { id } = await s.subscribe({ url: r.url, vendor: 'chroma', events: ['pending'] })
    await s.start.chroma()
    await s.advance('2d')
    const view = (await s.send('GET', `/__admin/webhooks/${id}`)).body
    expect(view).toMatchObject({ health: 'failing', disabled: false })
    expect(view.messages).toHaveLength(1)
    expect(view.messages[0]).toMatchObject({ status: 'failed', reason: 'exhausted', next: null })
    expect(view.messages[0].attempts.map((a: any) => a.at)).toEqual([
      '2026-01-01T00:00:00.000Z',
      '2026-01-01T00:00:05.000Z',
      '2026-01-01T00:05:05.000Z',
      '2026-01-01T00:35:05.000Z',
      '2026-01-01T02:35:05.000Z',
      '2026-01-01T07:35:05.000Z',
      '2026-01-01T17:35:05.000Z',
      '2026-01-02T03:35:05.000Z',
    ])
    expect(r.calls).toHaveLength(8)
  })

  test('deliveries are told as `webhook` session events', async () => {
    const s = on('feed-events')
    const r = await receiver([503, 204])
    await s.subscribe({ url: r.url, vendor: 'chroma', events: ['pending'] })
    const told: SessionEvent[] = []
    fake.session('feed-events').events.on('webhook', (e) => told.push(e))
    await s.start.chroma()
    await s.advance('10s')
    expect(told.map((e) => e.type === 'webhook' && [e.source, e.status, e.code, e.at])).toEqual([
      ['jobfake', 'failed', 503, Date.parse('2026-01-01T00:00:00Z')],
      ['jobfake', 'success', 204, Date.parse('2026-01-01T00:00:05Z')],
    ])
  })

  test('subscriptions and the retries they have coming are kept in a session snapshot', async () => {
    const s = on('feed-snapshot')
    const r = await receiver([500, 204])
    const { id } = await s.subscribe({ url: r.url, vendor: 'chroma', events: ['pending'] })
    await s.start.chroma()
    await s.advance('0s')
    const written = JSON.stringify(fake.session('feed-snapshot').snapshot())
    const copy = on('feed-restored')
    fake.session('feed-restored').restore(JSON.parse(written))
    await copy.advance('5s')
    expect(r.calls).toHaveLength(2)
    const view = (await copy.send('GET', `/__admin/webhooks/${id}`)).body
    expect(view.messages[0]).toMatchObject({ status: 'success' })
    expect(view.messages[0].attempts.map((a: any) => a.status)).toEqual(['failed', 'success'])
  })
})
