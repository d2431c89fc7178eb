import { Webhook } from 'svix'
import { describe, expect, test } from 'vitest'
import { webhookDeviations } from '../../../src/vendors/airweave/deviations.js'
import { receiver } from '../../webhooks/receiver.case.js'
import { seenWebhookDeviations, webhookFake } from './webhooks.case.js'

const NOBODY = '00000000-0000-4000-8000-000000000000'

describe('airweave webhooks API: subscriptions', () => {
  test('create, list (newest first), read with its secret, change, delete', async () => {
    const a = await webhookFake()
    const first = await a.subscribe('https://hooks.example.test/a', ['sync.completed'])
    expect(first).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      url: 'https://hooks.example.test/a',
      filter_types: ['sync.completed'],
      disabled: false,
      description: null,
      created_at: '2026-01-01T00:00:00.000Z',
      updated_at: '2026-01-01T00:00:00.000Z',
      health_status: 'unknown',
    })
    await a.advance('1m')
    const second = await a.subscribe('https://hooks.example.test/b', ['sync.failed'])
    const list = (await a.api('GET', '/webhooks/subscriptions')).body
    expect(list.map((s: any) => s.id)).toEqual([second.id, first.id])
    const plain = (await a.api('GET', `/webhooks/subscriptions/${first.id}`)).body
    expect(plain).toMatchObject({ id: first.id, delivery_attempts: [], secret: null })
    expect(await a.secretOf(first.id)).toMatch(/^whsec_/)
    const patched = await a.api('PATCH', `/webhooks/subscriptions/${first.id}`, {
      body: { url: 'https://hooks.example.test/c', event_types: ['sync.failed', 'sync.running'] },
    })
    expect(patched.body).toMatchObject({
      url: 'https://hooks.example.test/c',
      filter_types: ['sync.failed', 'sync.running'],
      updated_at: '2026-01-01T00:01:00.000Z',
    })
    const deleted = await a.api('DELETE', `/webhooks/subscriptions/${first.id}`)
    expect(deleted.body).toEqual(patched.body)
    const gone = await a.api('GET', `/webhooks/subscriptions/${first.id}`)
    expect(gone).toMatchObject({
      status: 404,
      body: { detail: 'Failed to get subscription: Entity not found' },
    })
  })

  test('unknown subscriptions and messages are 404 in the service words', async () => {
    const a = await webhookFake()
    const answers = [
      await a.api('PATCH', `/webhooks/subscriptions/${NOBODY}`, { body: { disabled: true } }),
      await a.api('DELETE', `/webhooks/subscriptions/${NOBODY}`),
      await a.api('POST', `/webhooks/subscriptions/${NOBODY}/recover`, {
        body: { since: '2026-01-01T00:00:00Z' },
      }),
      await a.api('GET', `/webhooks/messages/${NOBODY}`),
    ]
    expect(answers.map((x) => [x.status, x.body.detail])).toEqual([
      [404, 'Failed to update subscription: Entity not found'],
      [404, 'Failed to delete subscription: Entity not found'],
      [404, 'Failed to recover messages: Entity not found'],
      [404, 'Failed to get message: Entity not found'],
    ])
  })

  test('a secret of your own signs the deliveries; Svix takes it with or without whsec_', async () => {
    const a = await webhookFake()
    const r = await receiver()
    const key = Buffer.from('jobfake-test-secret-0123456').toString('base64')
    const mine = await a.subscribe(r.url, ['sync.pending'], { secret: key })
    expect(await a.secretOf(mine.id)).toBe(`whsec_${key}`)
    await a.run()
    await a.advance('0s')
    const [call] = await r.received(1)
    expect(new Webhook(`whsec_${key}`).verify(call!.raw, call!.headers as any)).toMatchObject({
      event_type: 'sync.pending',
    })
  })

  test('event types filter the deliveries and the message list', async () => {
    const a = await webhookFake()
    const r = await receiver()
    await a.subscribe(r.url, ['sync.completed', 'sync.failed'])
    await a.run(a.sc[0])
    await a.run(a.sc[1], 'fails-midway')
    await a.advance('3m')
    const calls = await r.received(2)
    expect(calls.map((c) => c.body.event_type)).toEqual(['sync.failed', 'sync.completed'])
    const listed = await a.messages('?event_types=sync.failed&event_types=sync.pending')
    expect(listed.map((m: any) => m.event_type)).toEqual([
      'sync.failed',
      'sync.pending',
      'sync.pending',
    ])
    expect((await a.messages()).length).toBe(6)
  })
})

describe('airweave webhooks API: disabling and recovery', () => {
  test('a disabled subscription gets nothing; enabled with recover_since, it gets what it missed', async () => {
    const a = await webhookFake()
    const r = await receiver()
    const subscription = await a.subscribe(r.url)
    const path = `/webhooks/subscriptions/${subscription.id}`
    expect((await a.api('PATCH', path, { body: { disabled: true } })).body.disabled).toBe(true)
    await a.run()
    await a.advance('3m')
    expect(r.calls).toHaveLength(0)
    const enabled = await a.api('PATCH', path, {
      body: { disabled: false, recover_since: '2026-01-01T00:00:00Z' },
    })
    expect(enabled.body.disabled).toBe(false)
    await a.advance('0s')
    const calls = await r.received(3)
    expect(calls.map((c) => c.body.event_type)).toEqual([
      'sync.pending',
      'sync.running',
      'sync.completed',
    ])
  })

  test('recover resends the failed messages of a window, with the same svix-id', async () => {
    const a = await webhookFake()
    const down = await receiver([500])
    const subscription = await a.subscribe(down.url, ['sync.pending'])
    await a.run()
    await a.advance('2d')
    expect(down.calls).toHaveLength(8)
    await a.run()
    await a.advance('2d')
    const up = await receiver()
    const path = `/webhooks/subscriptions/${subscription.id}`
    await a.api('PATCH', path, { body: { url: up.url } })
    // Only the first message falls in [since, until).
    const task = await a.api('POST', `${path}/recover`, {
      body: { since: '2026-01-01T00:00:00Z', until: '2026-01-02T00:00:00Z' },
    })
    expect(task.body).toEqual({ id: expect.stringMatching(/^rcvr_\w{27}$/), status: 'running' })
    await a.advance('0s')
    const [call] = await up.received(1)
    expect(call!.headers['svix-id']).toBe(down.calls[0]!.headers['svix-id'])
    await a.advance('1d')
    expect(up.calls).toHaveLength(1)
  })

  test('deleting a subscription drops the retries it had coming', async () => {
    const a = await webhookFake()
    const r = await receiver([500])
    const subscription = await a.subscribe(r.url, ['sync.pending'])
    await a.run()
    await a.advance('0s')
    await a.api('DELETE', `/webhooks/subscriptions/${subscription.id}`)
    await a.advance('1d')
    expect(r.calls).toHaveLength(1)
  })
})

describe('airweave webhooks API: where it answers otherwise than the vendor document', () => {
  test('request validation, a secret Svix would refuse, and a URL it cannot call are 422', async () => {
    const a = await webhookFake()
    const { id } = await a.subscribe('https://hooks.example.test/', ['sync.pending'])
    const answers = [
      await a.api('GET', `/webhooks/messages/${NOBODY}?include_attempts=maybe`),
      await a.api('GET', `/webhooks/subscriptions/${id}?include_secret=maybe`),
      await a.api('POST', '/webhooks/subscriptions', { body: { url: 'https://x.test/' } }),
      await a.api('POST', '/webhooks/subscriptions', {
        body: { url: 'ftp://x.test/', event_types: ['sync.pending'] },
      }),
      await a.api('POST', '/webhooks/subscriptions', {
        body: {
          url: 'https://x.test/',
          event_types: ['sync.pending'],
          secret: 'not base64 at all, sorry',
        },
      }),
      await a.api('PATCH', `/webhooks/subscriptions/${id}`, {
        body: { event_types: ['sync.bogus'] },
      }),
      await a.api('POST', `/webhooks/subscriptions/${id}/recover`, {
        body: { since: 'yesterday' },
      }),
    ]
    expect(answers.map((x) => x.status)).toEqual([422, 422, 422, 422, 422, 422, 422])
    expect(answers[3]!.body).toEqual({
      errors: [{ 'body.url': "URL scheme should be 'http' or 'https'" }],
    })
    expect(answers[4]!.body).toEqual({
      detail:
        'Failed to create subscription: secret must be base64, optionally prefixed with whsec_',
    })
  })

  test('a body over 1 MiB is 413 where a body is taken', async () => {
    const a = await webhookFake()
    const { id } = await a.subscribe('https://hooks.example.test/', ['sync.pending'])
    const raw = JSON.stringify({ pad: 'x'.repeat(1024 * 1024) })
    const headers = { 'content-type': 'application/json' }
    for (const [method, path] of [
      ['POST', '/webhooks/subscriptions'],
      ['PATCH', `/webhooks/subscriptions/${id}`],
      ['DELETE', `/webhooks/subscriptions/${id}`],
      ['POST', `/webhooks/subscriptions/${id}/recover`],
    ] as const)
      expect((await a.api(method, path, { raw, headers })).status, `${method} ${path}`).toBe(413)
  })

  test('without a key 401, with an unknown one 403, as every Airweave operation answers', async () => {
    const a = await webhookFake()
    const missing = await a.call('GET', '/airweave/webhooks/subscriptions')
    const unknown = await a.call('GET', '/airweave/webhooks/messages', {
      headers: { 'x-api-key': 'jf_nobody' },
    })
    expect([missing.body, unknown.body]).toEqual([
      { detail: 'No valid authentication provided' },
      { detail: 'Invalid or expired API key' },
    ])
  })

  test('and every listed webhook deviation was seen above', () => {
    const listed = webhookDeviations.map((d) => `${d.operation} ${d.status}`)
    expect([...seenWebhookDeviations].sort()).toEqual([...new Set(listed)].sort())
  })
})
