import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { bearerToken, matchSecret, sameSecret } from '../../src/vendor/secrets.js'

describe('sameSecret', () => {
  test('is string equality, wherever two secrets differ', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        expect(sameSecret(a, b)).toBe(a === b)
        expect(sameSecret(a, a)).toBe(true)
      }),
    )
    const known = 'jf_airweave_demo_3f9c2a7d51e84b06'
    expect(sameSecret(known, known)).toBe(true)
    expect(sameSecret(`x${known.slice(1)}`, known)).toBe(false)
    expect(sameSecret(`${known.slice(0, -1)}7`, known)).toBe(false)
    expect(sameSecret(known.slice(0, -1), known)).toBe(false)
    expect(sameSecret('', known)).toBe(false)
    expect(sameSecret('', '')).toBe(true)
  })
})

test('matchSecret finds the value of the secret presented, and nothing for another', () => {
  const known = new Map([
    ['key-one', 1],
    ['key-two', 2],
  ])
  expect(matchSecret('key-two', known)).toBe(2)
  expect(matchSecret('key-thr', known)).toBeUndefined()
  expect(matchSecret(undefined, known)).toBeUndefined()
  expect(bearerToken('Bearer abc ')).toBe('abc')
  expect(bearerToken('Basic abc')).toBeUndefined()
})
