import { describe, expect, test } from 'vitest'
import { vendorDocsOf } from '../../src/cli/vendor-docs.js'

describe(vendorDocsOf, () => {
  test('NAME=FILE, repeatable, with mounts by name', () => {
    expect(vendorDocsOf(['airweave=./a.json', 'toy=t.yaml'], ['toy=/toy/v1'])).toEqual({
      airweave: { file: './a.json' },
      toy: { file: 't.yaml', mount: '/toy/v1' },
    })
  })

  test('a bare --mount applies to the one --vendor-doc', () => {
    expect(vendorDocsOf(['toy=t.yaml'], ['/toy'])).toEqual({
      toy: { file: 't.yaml', mount: '/toy' },
    })
  })

  test('malformed or ambiguous options are refused with what to write', () => {
    expect(() => vendorDocsOf(['airweave'])).toThrow('--vendor-doc takes NAME=FILE')
    expect(() => vendorDocsOf(['a=x', 'a=y'])).toThrow('names a twice')
    expect(() => vendorDocsOf(['a=x', 'b=y'], ['/a'])).toThrow('--mount NAME=/a')
    expect(() => vendorDocsOf(['a=x'], ['b=/b'])).toThrow('names no --vendor-doc')
  })
})
