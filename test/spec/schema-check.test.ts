import { describe, expect, test } from 'vitest'
import { checkSchemas } from '../../src/spec/schema-check.js'
import { SpecError, type SpecDocument } from '../../src/spec/load.js'

const specOf = (doc: Record<string, unknown>, version: '3.0' | '3.1' = '3.1') =>
  ({ file: 'specs/x.yaml', name: 'x', version, hash: 'h', doc }) as SpecDocument

const errorOf = (spec: SpecDocument): SpecError => {
  try {
    checkSchemas(spec)
  } catch (error) {
    return error as SpecError
  }
  throw new Error('expected a SpecError')
}

describe(checkSchemas, () => {
  test('a typo in a parameter schema names the file and the JSON pointer', () => {
    const spec = specOf({
      paths: {
        '/jobs/{id}': {
          get: {
            parameters: [{ name: 'id', in: 'path', schema: { type: 'integr' } }],
            responses: {},
          },
        },
      },
    })
    const error = errorOf(spec)
    expect(error).toBeInstanceOf(SpecError)
    expect(error.file).toBe('specs/x.yaml')
    expect(error.pointer).toBe('/paths/~1jobs~1{id}/get/parameters/0/schema/type')
    expect(error.message).toContain('must be equal to one of the allowed values')
  })

  test('components, bodies, responses and their headers are checked too', () => {
    const bad = { type: 'object', required: 'id' }
    const pointers = [
      specOf({ components: { schemas: { Job: bad } } }),
      specOf({
        paths: {
          '/j': { post: { requestBody: { content: { 'application/json': { schema: bad } } } } },
        },
      }),
      specOf({
        paths: { '/j': { get: { responses: { '200': { headers: { 'x-n': { schema: bad } } } } } } },
      }),
    ].map((spec) => errorOf(spec).pointer)
    expect(pointers).toEqual([
      '/components/schemas/Job/required',
      '/paths/~1j/post/requestBody/content/application~1json/schema/required',
      '/paths/~1j/get/responses/200/headers/x-n/schema/required',
    ])
  })

  test("valid schemas pass, 3.0's nullable included", () => {
    const spec = specOf(
      { components: { schemas: { Job: { type: 'string', nullable: true, 'x-note': 1 } } } },
      '3.0',
    )
    expect(() => checkSchemas(spec)).not.toThrow()
  })
})
