import { describe, expect, test } from 'vitest'
import { createIds } from '../../src/core/ids.js'

describe(createIds, () => {
  test('the same seed and salt give the same sequence; another seed or salt another', () => {
    const draw = (seed: number, salt: string) => {
      const ids = createIds(seed, salt)
      return [ids.uuid(), ids.uuid(), ids.token(12)]
    }
    expect(draw(1, 'default')).toEqual(draw(1, 'default'))
    expect(draw(1, 'default')).not.toEqual(draw(2, 'default'))
    expect(draw(1, 'default')).not.toEqual(draw(1, 'ci-42'))
  })

  test('uuids are well-formed version 4 uuids', () => {
    const ids = createIds(7)
    for (let i = 0; i < 200; i++) {
      expect(ids.uuid()).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      )
    }
  })

  test('tokens have the asked length in base 36, and random() stays in [0, 1)', () => {
    const ids = createIds(3)
    expect(ids.token(20)).toMatch(/^[0-9a-z]{20}$/)
    for (let i = 0; i < 1000; i++) {
      const x = ids.random()
      expect(x >= 0 && x < 1).toBe(true)
    }
  })
})
