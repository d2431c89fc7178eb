import { describe, expect, test } from 'vitest'
import { preferencesOf } from '../../src/mock/prefer.js'

describe(preferencesOf, () => {
  test("reads prism's Prefer header: code, example, dynamic and seed", () => {
    expect(preferencesOf('code=404, example="gone"; dynamic=true, seed=7', {}, 's')).toEqual({
      config: { code: 404, exampleKey: 'gone', dynamic: true, seed: '7' },
    })
  })

  test('without Prefer, the __code, __example, __dynamic and __seed query parameters', () => {
    const query = { __code: '201', __example: 'one', __dynamic: 'false' }
    expect(preferencesOf(undefined, query, 's')).toEqual({
      config: { code: 201, exampleKey: 'one', dynamic: false, seed: 's' },
    })
  })

  test("a dynamic answer without a seed of its own is seeded from jobfake's", () => {
    expect(preferencesOf('dynamic=true', {}, '1:GET /x')).toEqual({
      config: { dynamic: true, seed: '1:GET /x' },
    })
  })

  test('a code that is not a status, or a dynamic that is not a boolean, is named', () => {
    expect(preferencesOf('code=abc', {}, 's')).toEqual({
      violation: {
        in: 'header',
        name: 'prefer',
        message: 'code "abc" must be a three-digit status',
      },
    })
    expect(preferencesOf(undefined, { __dynamic: 'yes' }, 's')).toEqual({
      violation: { in: 'query', name: '__dynamic', message: 'dynamic must be true or false' },
    })
  })
})
