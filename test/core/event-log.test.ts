import { describe, expect, test } from 'vitest'
import { eventData, eventLogOf } from '../../src/core/event-log.js'
import { createFake } from '../../src/index.js'

describe(eventLogOf, () => {
  test('is made on first use, once per session, and numbers events from then on', async () => {
    const fake = await createFake()
    const session = fake.session()
    fake.clock.advance('1s')
    const log = eventLogOf(session, 3)
    expect(eventLogOf(session)).toBe(log)
    expect(log.last).toBe(0)
    const heard: number[] = []
    const off = log.listen((e) => heard.push(e.id))
    for (const by of [1, 2, 3, 4]) fake.clock.advance(by)
    off()
    expect(heard).toEqual([1, 2, 3, 4])
    expect(log.last).toBe(4)
    expect(log.since(4)).toEqual([])
    expect(log.since(2)!.map((e) => [e.id, e.type])).toEqual([
      [3, 'clock'],
      [4, 'clock'],
    ])
    // Gone from the ring of 3, or never given out: the client must read the state afresh.
    expect(log.since(0)).toBeUndefined()
    expect(log.since(5)).toBeUndefined()
    expect(log.since(Number('x'))).toBeUndefined()
    // It outlives a reset (the fixtures are seeded again: record events, then the reset).
    fake.reset()
    const last = log.since(log.last - 1)!
    expect(last.map((e) => e.id)).toEqual([log.last])
    expect(JSON.parse(last[0]!.data)).toEqual({ type: 'reset', at: '2026-01-01T00:00:00.000Z' })
  })

  test('eventData writes clock times in ISO 8601', () => {
    expect(eventData({ type: 'clock', now: 0, by: 5 })).toEqual({
      type: 'clock',
      now: '1970-01-01T00:00:00.000Z',
      by: 5,
    })
  })
})
