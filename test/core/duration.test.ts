import { describe, expect, test } from 'vitest'
import { formatDuration, parseDuration } from '../../src/core/duration.js'

describe(parseDuration, () => {
  test.each([
    ['90s', 90_000],
    ['2m30s', 150_000],
    ['1.5h', 5_400_000],
    ['PT2M30S', 150_000],
    ['3m', 180_000],
    [1500, 1500],
    ['250ms', 250],
  ])('reads %s', (text, ms) => expect(parseDuration(text)).toBe(ms))

  test.each([['soon'], [''], [-5], [Number.NaN], [null], [{}]])('refuses %s', (value) => {
    expect(parseDuration(value)).toBeUndefined()
  })
})

describe(formatDuration, () => {
  test('writes compound forms', () => {
    expect(formatDuration(150_000)).toBe('2m30s')
    expect(formatDuration(3_600_000)).toBe('1h')
    expect(formatDuration(250)).toBe('250ms')
  })
})
