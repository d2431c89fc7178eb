import { describe, expect, test } from 'vitest'
import { copyData, copyRecord, isData, isShared, sameData, shareData } from '../../src/core/data.js'

describe(sameData, () => {
  test('compares data as JSON would write it, key order included', () => {
    expect(sameData({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toBe(true)
    expect(sameData({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false)
    expect(sameData([1, 2], [1, 2, 3])).toBe(false)
    expect(sameData({ a: undefined }, {})).toBe(false)
    expect(sameData(new Date(0), new Date(0))).toBe(false)
  })
})

describe(copyData, () => {
  test('copies data deeply, own "__proto__" keys and null prototypes included', () => {
    const value = JSON.parse('{"a":[{"b":1}],"__proto__":{"c":2}}')
    const copy = copyData(value) as Record<string, unknown>
    expect(copy).toEqual(value)
    expect(Object.keys(copy)).toEqual(['a', '__proto__'])
    expect((copy.a as unknown[])[0]).not.toBe(value.a[0])
    expect(Object.getPrototypeOf(copyData(Object.create(null)))).toBe(null)
  })

  test('isData tells what a copy keeps whole', () => {
    expect(isData({ a: [1, 'x', null, true, { b: 1.5 }] })).toBe(true)
    expect(isData({ a: new Map() })).toBe(false)
    expect(isData([1, , 3])).toBe(false)
    expect(isData({ f: () => 1 })).toBe(false)
  })
})

describe(shareData, () => {
  test('makes a deep-frozen copy that stands for its contents, and keeps what is shared already', () => {
    const value = JSON.parse('{"a":[{"b":1}],"__proto__":{"c":2}}')
    const shared = shareData(value) as Record<string, unknown>
    expect(shared).toEqual(value)
    expect(Object.keys(shared)).toEqual(['a', '__proto__'])
    expect(shared).not.toBe(value)
    // Frozen all the way down, and each part known as shared.
    const inner = (shared.a as Array<Record<string, unknown>>)[0]!
    for (const part of [shared, shared.a, inner, shared.__proto__]) {
      expect(Object.isFrozen(part)).toBe(true)
      expect(isShared(part)).toBe(true)
    }
    expect(() => (inner.b = 2)).toThrow(TypeError)
    // The value it was made of is left as it was: not frozen, not shared.
    expect(Object.isFrozen(value)).toBe(false)
    expect(isShared(value)).toBe(false)
    expect(shareData(shared)).toBe(shared)
    // Shared parts go into a new value as themselves.
    const outer = shareData({ list: shared.a, n: 1 }) as Record<string, unknown>
    expect(outer.list).toBe(shared.a)
    expect(shareData(3)).toBe(3)
    expect(isShared(null)).toBe(false)
  })
})

describe(copyRecord, () => {
  test('copies own properties into a plain object; an own "__proto__" stays data', () => {
    const record = { etag: 'WzFd', n: 1 }
    const copy = copyRecord(record)
    expect(copy).toEqual(record)
    expect(copy).not.toBe(record)
    ;(copy as Record<string, unknown>)['content-length'] = '5'
    expect(Object.keys(record)).toEqual(['etag', 'n'])
    const tricky = JSON.parse('{"__proto__":{"polluted":true},"a":1}')
    const safe = copyRecord(tricky) as Record<string, unknown>
    expect(Object.getPrototypeOf(safe)).toBe(Object.prototype)
    expect(Object.keys(safe)).toEqual(['__proto__', 'a'])
    expect(safe.polluted).toBeUndefined()
    expect(copyRecord(Object.assign(Object.create(null), { q: 'x' }))).toEqual({ q: 'x' })
  })
})
