import { describe, expect, test } from 'vitest'
import { createClock } from '../../src/core/clock.js'
import { createRecordTable } from '../../src/core/records.js'
import { deliveriesSettled } from '../../src/webhooks/inflight.js'
import { handleAttempts, MAX_MESSAGES, publish, recover } from '../../src/webhooks/outbox.js'
import type { Endpoint, Message, Outbox } from '../../src/webhooks/types.js'
import { receiver } from './receiver.case.js'

function outbox(): Outbox {
  const box: Outbox = {
    name: 'test/webhooks',
    source: 'test',
    clock: createClock({ mode: { kind: 'manual' } }),
    endpoints: createRecordTable<Endpoint>({ kind: 'endpoint' }),
    messages: createRecordTable<Message>({ kind: 'message' }),
  }
  handleAttempts(box)
  return box
}

const endpoint = (id: string, url: string, more: Partial<Endpoint> = {}): Endpoint => ({
  id,
  url,
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  events: null,
  disabled: false,
  createdAt: 0,
  updatedAt: 0,
  failing: null,
  ...more,
})

const event = (id: string) => ({ id, eventType: 'e', payload: { id }, match: () => true })

describe(publish, () => {
  test('keeps nothing without a subscription, and each event once', () => {
    const box = outbox()
    expect(publish(box, event('m1'))).toBeUndefined()
    box.endpoints.put('ep', endpoint('ep', 'http://127.0.0.1:9/'))
    expect(publish(box, event('m1'))).toMatchObject({ id: 'm1' })
    expect(publish(box, event('m1'))).toBeUndefined()
    expect(box.messages.size()).toBe(1)
  })

  test('a disabled subscription gets a failed delivery and no timer; recover resends it', async () => {
    const box = outbox()
    const r = await receiver()
    box.endpoints.put('ep', endpoint('ep', r.url, { disabled: true }))
    const message = publish(box, event('m1'))!
    expect(message.deliveries).toEqual([
      { endpoint: 'ep', status: 'failed', fired: 0, timer: null, due: null, reason: 'disabled' },
    ])
    expect(box.clock.snapshot().timers).toEqual([])
    box.endpoints.put('ep', endpoint('ep', r.url))
    expect(recover(box, 'ep', 0)).toBe(1)
    box.clock.advance(0)
    await deliveriesSettled(box.clock)
    expect(r.calls.map((c) => c.body)).toEqual([{ id: 'm1' }])
    expect(box.messages.get('m1')!.deliveries[0]).toMatchObject({ status: 'success', timer: null })
  })

  test(`keeps the newest ${MAX_MESSAGES} messages; an older one goes with its armed attempt`, () => {
    const box = outbox()
    box.endpoints.put('ep', endpoint('ep', 'http://127.0.0.1:9/'))
    for (let i = 0; i <= MAX_MESSAGES; i++) publish(box, event(`m${i}`))
    expect(box.messages.size()).toBe(MAX_MESSAGES)
    expect(box.messages.has('m0')).toBe(false)
    const armed = box.clock.snapshot().timers.map((t) => t.task.message)
    expect(armed).toHaveLength(MAX_MESSAGES)
    expect(armed).not.toContain('m0')
  })
})
