import { describe, expect, test } from 'vitest'
import { Ring } from '../../src/core/ring.js'

describe(Ring, () => {
  test('keeps the newest items up to its capacity, oldest first', () => {
    const ring = new Ring<number>(3)
    for (let i = 1; i <= 7; i++) ring.push(i)
    expect(ring.toArray()).toEqual([5, 6, 7])
    expect(ring.size).toBe(3)
  })

  test('memory stays bounded however many items pass', () => {
    const ring = new Ring<number>(100)
    for (let i = 0; i < 100_000; i++) ring.push(i)
    expect(ring.size).toBe(100)
    expect(ring.toArray()[0]).toBe(99_900)
  })

  test('with a byte limit, the oldest go until the rest fit (the newest always stays)', () => {
    const ring = new Ring<string>(100, { maxBytes: 10, sizeOf: (s) => s.length })
    for (const s of ['aaaa', 'bbbb', 'cccc']) ring.push(s)
    expect(ring.toArray()).toEqual(['bbbb', 'cccc'])
    expect(ring.byteSize).toBe(8)
    ring.push('x'.repeat(50))
    expect(ring.toArray()).toEqual(['x'.repeat(50)])
  })

  test('clear empties it, and a bad capacity is refused', () => {
    const ring = new Ring<number>(2)
    ring.push(1)
    ring.clear()
    expect(ring.toArray()).toEqual([])
    expect(() => new Ring(0)).toThrow(/whole, positive capacity/)
  })
})
