import { describe, expect, test } from 'vitest'
import { SessionEvents } from '../../src/core/events.js'
import { createRecordTable, RecordHost, Records, SeedRecords } from '../../src/core/records.js'

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

describe(Records, () => {
  // Sessions whose seeds put the same share it: each table must still behave as its own.
  const seeded = (seed: SeedRecords, puts: Array<[string, { n: number; tags: string[] }]>) => {
    const events = new SessionEvents()
    const told: string[] = []
    events.on('record', (e) => told.push(`${e.id} ${e.change}`))
    const host = new RecordHost('v', events, () => 1)
    const table = new Records<{ n: number; tags: string[] }>('thing', host)
    table.seedFrom(seed)
    host.seeding = true
    for (const [id, value] of puts) table.put(id, value)
    host.seeding = false
    return { table, told }
  }
  const puts = (): Array<[string, { n: number; tags: string[] }]> => [
    ['a', { n: 1, tags: ['x'] }],
    ['b', { n: 2, tags: [] }],
  ]

  test('tables seeded alike read, change and snapshot as if each had its own records', () => {
    const seed = new SeedRecords()
    const first = seeded(seed, puts())
    const second = seeded(seed, puts())
    // What a seed puts is where a session starts: nobody is told of it.
    expect(second.told).toEqual([])
    second.table.put('a', { n: 3, tags: [] })
    expect(second.told).toEqual(['a changed'])
    second.table.put('a', { n: 1, tags: ['x'] })
    expect(second.table.size()).toBe(2)
    expect(second.table.has('b')).toBe(true)
    expect(second.table.has('c')).toBe(false)
    expect(second.table.get('c')).toBeUndefined()
    expect(second.table.snapshot()).toEqual(first.table.snapshot())
    // What one session reads is its own: changing it (even in place) changes no other session.
    second.table.get('a')!.tags.push('changed in place')
    second.table.put('b', { n: 20, tags: [] })
    expect(first.table.all()).toEqual([
      { n: 1, tags: ['x'] },
      { n: 2, tags: [] },
    ])
    expect(seeded(seed, puts()).table.all()).toEqual(first.table.all())
    expect(second.table.all()).toEqual([
      { n: 1, tags: ['x', 'changed in place'] },
      { n: 20, tags: [] },
    ])
  })

  test('a seed that puts something else, or more, keeps what it put', () => {
    const seed = new SeedRecords()
    seeded(seed, puts())
    const other = seeded(seed, [
      ['a', { n: 1, tags: ['x'] }],
      ['b', { n: 3, tags: [] }],
    ])
    expect(other.table.all()).toEqual([
      { n: 1, tags: ['x'] },
      { n: 3, tags: [] },
    ])
    const longer = seeded(seed, [...puts(), ['c', { n: 4, tags: [] }]])
    expect(longer.table.snapshot().map(([id]) => id)).toEqual(['a', 'b', 'c'])
    const shorter = seeded(seed, puts().slice(0, 1))
    expect(shorter.table.all()).toEqual([{ n: 1, tags: ['x'] }])
    expect(shorter.table.remove('a')).toBe(true)
    expect(shorter.table.size()).toBe(0)
    expect(seeded(seed, puts()).table.size()).toBe(2)
  })
})
