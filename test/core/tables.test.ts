import { describe, expect, test } from 'vitest'
import { Kinds, Tables } from '../../src/core/tables.js'

class Made extends Tables<{ kind: string }> {
  made_: string[] = []
  protected make(kind: string) {
    this.made_.push(kind)
    return { kind }
  }
}

describe(Tables, () => {
  test('reads like a Map of its kinds, and makes each table once, when first asked for', () => {
    const tables = new Made(new Kinds(['a', 'b', 'c']))
    expect(tables.size).toBe(3)
    expect(tables.has('b')).toBe(true)
    expect(tables.get('zzz')).toBeUndefined()
    expect(tables.made()).toEqual([])
    expect(tables.get('b')).toBe(tables.get('b'))
    expect(tables.made_).toEqual(['b'])
    expect(tables.made()).toEqual([{ kind: 'b' }])
    expect([...tables.keys()]).toEqual(['a', 'b', 'c'])
    expect([...tables].map(([kind, t]) => [kind, t.kind])).toEqual([
      ['a', 'a'],
      ['b', 'b'],
      ['c', 'c'],
    ])
    expect(tables.made_).toEqual(['b', 'a', 'c'])
  })
})
