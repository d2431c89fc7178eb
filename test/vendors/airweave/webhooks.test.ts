import { Webhook } from 'svix'
import { describe, expect, test } from 'vitest'
import { receiver, refusing, type Answer } from '../../webhooks/receiver.case.js'
import { SYNC_EVENTS, webhookFake } from './webhooks.case.js'

const T0 = Date.parse('2026-01-01T00:00:00Z')
const at = (ms: number) => new Date(T0 + ms).toISOString()
const S = 1000
const M = 60 * S
const H = 60 * M

// Svix's schedule as clock times of the eight attempts, counted from the first.
const SCHEDULE = [0, 5 * S, 5 * M, 30 * M, 2 * H, 5 * H, 10 * H, 10 * H]
const ATTEMPT_TIMES = SCHEDULE.map((_, i) => SCHEDULE.slice(0, i + 1).reduce((a, b) => a + b))

describe('airweave webhooks: fired by sync job transitions', () => {
  test('every sync event type is delivered, each job in order, signed as svix verifies', async () => {
    const a = await webhookFake()
    const r = await receiver()
    const subscription = await a.subscribe(`${r.url}/hooks/airweave`)
    const secret = await a.secretOf(subscription.id)
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/)
    const completes = await a.run(a.sc[0])
    const fails = await a.run(a.sc[1], 'fails-midway')
    const cancelled = await a.run(a.sc[2])
    await a.api('POST', `/source-connections/${a.sc[2]}/jobs/${cancelled.id}/cancel`)
    await a.advance('3m')
    const calls = await r.received(8)
    const verifier = new Webhook(secret)
    const seen = calls.map((call) => {
      expect(call.path).toBe('/hooks/airweave')
      // The real svix package checks the signature, and svix-timestamp against its wall clock.
      const payload = verifier.verify(call.raw, call.headers as Record<string, string>) as any
      expect(payload.event_type).toBe(`sync.${payload.status}`)
      return `${payload.job_id} ${payload.status} ${payload.timestamp} ${payload.error}`
    })
    // In clock order; the cancel fired nothing until the job was cancelled (no sync.cancelling).
    expect(seen).toEqual([
      `${completes.id} pending ${at(0)} null`,
      `${fails.id} pending ${at(0)} null`,
      `${cancelled.id} pending ${at(0)} null`,
      `${cancelled.id} cancelled ${at(3 * S)} null`,
      `${completes.id} running ${at(5 * S)} null`,
      `${fails.id} running ${at(5 * S)} null`,
      `${fails.id} failed ${at(65 * S)} Source API error: 502 Bad Gateway while listing pages`,
      `${completes.id} completed ${at(125 * S)} null`,
    ])
    expect(calls[0]!.body).toEqual({
      event_type: 'sync.pending',
      job_id: completes.id,
      collection_readable_id: 'notion-collection-jf01',
      collection_name: 'Notion Pages',
      source_connection_id: a.sc[0],
      source_type: 'notion',
      status: 'pending',
      timestamp: at(0),
      error: null,
    })
    // A message per event, newest first, each delivered at its first attempt.
    const messages = await a.messages()
    expect(messages.map((m: any) => m.event_type)).toEqual(
      [...seen].reverse().map((line) => `sync.${line.split(' ')[1]}`),
    )
    expect(messages.map((m: any) => m.id)).toEqual(calls.map((c) => c.headers['svix-id']).reverse())
  })

  test('no subscription, no message: nothing is kept or timed for a session that uses none', async () => {
    const a = await webhookFake()
    await a.run()
    await a.advance('3m')
    expect(await a.messages()).toEqual([])
    const timers = a.fake
      .session()
      .clock.snapshot()
      .timers.map((t) => t.task.to)
    expect(timers.filter((to) => to.includes('webhooks'))).toEqual([])
  })
})

describe('airweave webhooks: retries on the session clock', () => {
  const failing = async (answers: Answer[] = [500], event_types = ['sync.pending']) => {
    const a = await webhookFake()
    const r = await receiver(answers)
    const subscription = await a.subscribe(r.url, event_types)
    await a.run()
    const [message] = await a.messages('?event_types=sync.pending')
    return { a, r, subscription, message }
  }
  const timesOf = async (a: Awaited<ReturnType<typeof webhookFake>>, id: string) =>
    (await a.attemptsOf(id)).map((x: any) => x.timestamp).reverse()

  test("a failing receiver: Svix's schedule walked attempt by attempt with clock/advance", async () => {
    const { a, r, message } = await failing()
    await a.advance('0s')
    expect(await timesOf(a, message.id)).toEqual([at(0)])
    await a.advance('4s')
    expect(r.calls).toHaveLength(1)
    await a.advance('1s')
    expect(await timesOf(a, message.id)).toEqual([at(0), at(5 * S)])
    await a.advance('5m')
    expect(r.calls).toHaveLength(3)
    // One long advance walks the rest of the schedule, each attempt at its own clock time.
    await a.advance('2d')
    expect(await timesOf(a, message.id)).toEqual(ATTEMPT_TIMES.map(at))
    const attempts = await a.attemptsOf(message.id)
    expect(
      attempts.every((x: any) => x.status === 'failed' && x.response_status_code === 500),
    ).toBe(true)
    expect(new Set(r.calls.map((c) => c.headers['svix-id']))).toEqual(new Set([message.id]))
  })

  test('a receiver that fails twice, then takes the message: jobfake records and stops', async () => {
    // The receiver's side of the story: its failures are its own; jobfake only retries.
    const { a, r, subscription, message } = await failing([500, 503, { status: 200, body: 'ok' }])
    await a.advance('1d')
    expect(r.calls).toHaveLength(3)
    const attempts = (await a.attemptsOf(message.id)).reverse()
    expect(attempts.map((x: any) => [x.timestamp, x.status, x.response_status_code])).toEqual([
      [at(0), 'failed', 500],
      [at(5 * S), 'failed', 503],
      [at(5 * M + 5 * S), 'success', 200],
    ])
    expect(attempts[2].response).toBe('ok')
    const detail = (await a.api('GET', `/webhooks/subscriptions/${subscription.id}`)).body
    expect(detail).toMatchObject({ health_status: 'degraded', disabled: false })
    expect(detail.delivery_attempts.map((x: any) => x.id)).toEqual(
      [...attempts].reverse().map((x: any) => x.id),
    )
  })

  test('refused connections are failed attempts with no status; abort-message stops retrying', async () => {
    const a = await webhookFake()
    const refused = await a.subscribe(await refusing(), ['sync.pending'])
    const r = await receiver([{ status: 410, headers: { 'webhook-delivery': 'abort-message' } }])
    await a.subscribe(r.url, ['sync.pending'])
    await a.run()
    await a.advance('2d')
    const [message] = await a.messages('?event_types=sync.pending')
    const attempts = await a.attemptsOf(message.id)
    const to = (id: string) => attempts.filter((x: any) => x.endpoint_id === id)
    expect(to(refused.id)).toHaveLength(8)
    expect(to(refused.id)[0]).toMatchObject({
      status: 'failed',
      response_status_code: 0,
      response: null,
    })
    expect(r.calls).toHaveLength(1)
  })

  test("exhausted after eight attempts; disabled once every attempt failed for five days (Svix's rule)", async () => {
    const { a, r, subscription, message } = await failing()
    await a.advance('2d')
    expect(r.calls).toHaveLength(8)
    const read = async () => (await a.api('GET', `/webhooks/subscriptions/${subscription.id}`)).body
    // Failures 12 to 24 hours apart started the five-day clock at the seventh attempt.
    expect(await read()).toMatchObject({ disabled: false, health_status: 'failing' })
    await a.advance('4d')
    expect(await timesOf(a, message.id)).toHaveLength(8)
    // Six days in, over five days after the clock started: a new message's first failure
    // disables the subscription, and its retries are not made.
    await a.run()
    await a.advance('1d')
    expect(await read()).toMatchObject({ disabled: true, health_status: 'failing' })
    expect(r.calls).toHaveLength(9)
  })
})

describe('airweave webhooks: session state', () => {
  test('a snapshot with a retry pending, restored into a fresh fake, makes that retry there', async () => {
    const a = await webhookFake()
    const r = await receiver([500, 204])
    await a.subscribe(r.url, ['sync.pending'])
    await a.run()
    await a.advance('0s')
    const written = JSON.stringify(a.fake.session().snapshot())
    const b = await webhookFake()
    b.fake.session().restore(JSON.parse(written))
    await b.advance('5s')
    expect(r.calls.map((c) => c.headers['svix-id'])).toEqual([
      r.calls[0]!.headers['svix-id'],
      r.calls[0]!.headers['svix-id'],
    ])
    const [message] = await b.messages('?event_types=sync.pending')
    expect((await b.attemptsOf(message.id)).map((x: any) => x.status)).toEqual([
      'success',
      'failed',
    ])
  })

  test('a reset drops subscriptions, messages and the retries they had coming', async () => {
    const a = await webhookFake()
    const r = await receiver([500])
    await a.subscribe(r.url, ['sync.pending'])
    await a.run()
    await a.advance('0s')
    expect((await a.fake.request('/__admin/reset', { method: 'POST' })).status).toBe(204)
    expect((await a.api('GET', '/webhooks/subscriptions')).body).toEqual([])
    await a.advance('1d')
    expect(r.calls).toHaveLength(1)
    expect(await a.messages()).toEqual([])
  })
})
