import { describe, expect, test } from 'vitest'
import { SessionEvents } from '../../src/core/events.js'
import { createRecordTable } from '../../src/core/records.js'

describe(createRecordTable, () => {
  test('put creates then changes, remove removes; each is told; snapshots are copies', () => {
    const events = new SessionEvents()
    const told: string[] = []
    events.on('record', (e) => told.push(`${e.kind}/${e.id} ${e.change} @${e.at}`))
    const table = createRecordTable<{ n: number }>({
      kind: 'thing',
      vendor: 'v',
      events,
      now: () => 7,
    })
    table.put('a', { n: 1 })
    table.put('a', { n: 2 })
    table.put('b', { n: 3 })
    expect(table.all()).toEqual([{ n: 2 }, { n: 3 }])
    expect(table.find((t) => t.n > 2)).toEqual({ n: 3 })
    const saved = table.snapshot()
    expect(table.remove('a')).toBe(true)
    expect(table.remove('a')).toBe(false)
    expect(told).toEqual([
      'thing/a created @7',
      'thing/a changed @7',
      'thing/b created @7',
      'thing/a removed @7',
    ])
    table.restore(saved)
    expect(table.get('a')).toEqual({ n: 2 })
    saved[0]![1].n = 99
    expect(table.get('a')).toEqual({ n: 2 })
  })
})
