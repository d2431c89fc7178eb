import { describe, expect, test } from 'vitest'
import { createClock } from '../../src/core/clock.js'
import { deliveriesSettled, enqueue } from '../../src/webhooks/inflight.js'

describe(enqueue, () => {
  test('work under one key runs in order, each after the last has finished', async () => {
    const clock = createClock({ mode: { kind: 'manual' } })
    const order: string[] = []
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    enqueue(clock, 'a', async () => {
      await gate
      order.push('a1')
    })
    enqueue(clock, 'a', async () => void order.push('a2'))
    enqueue(clock, 'b', async () => void order.push('b1'))
    await Promise.resolve()
    release()
    expect(await deliveriesSettled(clock)).toBe(true)
    expect(order).toEqual(['b1', 'a1', 'a2'])
  })
})

describe(deliveriesSettled, () => {
  test('gives up after its timeout, answering false; a thrown work counts as done', async () => {
    const clock = createClock({ mode: { kind: 'manual' } })
    expect(await deliveriesSettled(clock)).toBe(true)
    enqueue(clock, 'k', () => Promise.reject(new Error('boom')))
    expect(await deliveriesSettled(clock)).toBe(true)
    enqueue(clock, 'k', () => new Promise<void>(() => {}))
    expect(await deliveriesSettled(clock, 20)).toBe(false)
  })
})
