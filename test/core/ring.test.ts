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

  test('clear empties it, and a bad capacity is refused', () => {
    const ring = new Ring<number>(2)
    ring.push(1)
    ring.clear()
    expect(ring.toArray()).toEqual([])
    expect(() => new Ring(0)).toThrow(/whole, positive capacity/)
  })
})
