import { describe, expect, test } from 'vitest'
import type { Schema } from '../../src/spec/operations.js'
import { normalizeSchema, type NormalizeOptions } from '../../src/spec/schema.js'

const ref = (r: string) => r.replace('#/components/schemas/', 'jobfake:t#/$defs/')
const v30: NormalizeOptions = { version: '3.0', ref }
const v31: NormalizeOptions = { version: '3.1', ref }

describe(normalizeSchema, () => {
  test('boolean schemas pass through', () => {
    expect(normalizeSchema(true, v30)).toBe(true)
    expect(normalizeSchema(false, v31)).toBe(false)
  })

  test('drops x-… keys at every depth, but keeps property names that start with x-', () => {
    const schema: Schema = {
      type: 'object',
      'x-internal': true,
      required: ['x-api-key'],
      properties: {
        'x-api-key': { type: 'string', 'x-secret': true },
        list: { type: 'array', 'x-order': 1, items: { type: 'integer', 'x-unit': 'ms' } },
        either: {
          oneOf: [
            { type: 'string', 'x-a': 1 },
            { type: 'null', 'x-b': 2 },
          ],
        },
      },
      patternProperties: { '^x-': { type: 'string', 'x-c': 3 } },
      additionalProperties: { type: 'number', 'x-d': 4 },
    }
    expect(normalizeSchema(schema, v31)).toEqual({
      type: 'object',
      required: ['x-api-key'],
      properties: {
        'x-api-key': { type: 'string' },
        list: { type: 'array', items: { type: 'integer' } },
        either: { oneOf: [{ type: 'string' }, { type: 'null' }] },
      },
      patternProperties: { '^x-': { type: 'string' } },
      additionalProperties: { type: 'number' },
    })
  })

  test('keeps values as written: examples, defaults, enums and consts are data, not schemas', () => {
    const schema: Schema = {
      type: 'object',
      example: { 'x-api-key': 'k', nullable: true },
      default: { 'x-trace': 'on' },
      enum: [{ 'x-kind': 'a' }],
      const: { 'x-kind': 'a' },
    }
    expect(normalizeSchema(schema, v30)).toEqual(schema)
  })

  test('keeps the OpenAPI keywords that the validators declare: example, discriminator, xml, externalDocs', () => {
    const schema: Schema = {
      oneOf: [{ $ref: '#/components/schemas/Webhook' }, { $ref: '#/components/schemas/Poll' }],
      discriminator: { propertyName: 'type', mapping: { webhook: '#/components/schemas/Webhook' } },
      example: { type: 'webhook' },
      xml: { name: 'source' },
      externalDocs: { url: 'https://example.com' },
    }
    expect(normalizeSchema(schema, v30)).toEqual({
      ...schema,
      oneOf: [{ $ref: 'jobfake:t#/$defs/Webhook' }, { $ref: 'jobfake:t#/$defs/Poll' }],
    })
  })

  test('rewrites every $ref, however deep', () => {
    const schema: Schema = {
      $defs: { Local: { $ref: '#/components/schemas/A' } },
      properties: { a: { $ref: '#/components/schemas/A' } },
      items: [{ $ref: '#/components/schemas/B' }],
      allOf: [{ not: { $ref: '#/components/schemas/C' } }],
      if: { $ref: '#/components/schemas/D' },
      then: { contains: { $ref: '#/components/schemas/E' } },
    }
    expect(normalizeSchema(schema, v31)).toEqual({
      $defs: { Local: { $ref: 'jobfake:t#/$defs/A' } },
      properties: { a: { $ref: 'jobfake:t#/$defs/A' } },
      items: [{ $ref: 'jobfake:t#/$defs/B' }],
      allOf: [{ not: { $ref: 'jobfake:t#/$defs/C' } }],
      if: { $ref: 'jobfake:t#/$defs/D' },
      then: { contains: { $ref: 'jobfake:t#/$defs/E' } },
    })
  })

  test('does not change the schema it is given', () => {
    const schema: Schema = {
      type: 'object',
      'x-a': 1,
      properties: { n: { type: 'integer', nullable: true, minimum: 0, exclusiveMinimum: true } },
    }
    const copy = structuredClone(schema)
    normalizeSchema(schema, v30)
    expect(schema).toEqual(copy)
  })

  test('reports every format it meets', () => {
    const formats: string[] = []
    normalizeSchema(
      {
        type: 'object',
        format: 'outer',
        properties: {
          id: { type: 'string', format: 'uuid' },
          code: { type: 'string', format: 'currency' },
        },
      },
      { ...v31, onFormat: (f) => formats.push(f) },
    )
    expect(formats.sort()).toEqual(['currency', 'outer', 'uuid'])
  })

  describe('OpenAPI 3.0', () => {
    test('nullable with a type becomes a type list with null', () => {
      expect(normalizeSchema({ type: 'string', nullable: true }, v30)).toEqual({
        type: ['string', 'null'],
      })
    })

    test('nullable adds null to an enum, once', () => {
      expect(normalizeSchema({ type: 'string', enum: ['a', 'b'], nullable: true }, v30)).toEqual({
        type: ['string', 'null'],
        enum: ['a', 'b', null],
      })
      expect(normalizeSchema({ type: 'string', enum: ['a', null], nullable: true }, v30)).toEqual({
        type: ['string', 'null'],
        enum: ['a', null],
      })
    })

    test('nullable without a type (a $ref, an allOf) becomes anyOf with null', () => {
      expect(normalizeSchema({ $ref: '#/components/schemas/Job', nullable: true }, v30)).toEqual({
        anyOf: [{ $ref: 'jobfake:t#/$defs/Job' }, { type: 'null' }],
      })
      expect(normalizeSchema({ allOf: [{ type: 'object' }], nullable: true }, v30)).toEqual({
        anyOf: [{ allOf: [{ type: 'object' }] }, { type: 'null' }],
      })
    })

    test('nullable: false is dropped and changes nothing', () => {
      expect(normalizeSchema({ type: 'integer', nullable: false }, v30)).toEqual({
        type: 'integer',
      })
    })

    test('nullable is converted inside properties, items and compositions too', () => {
      expect(
        normalizeSchema(
          {
            type: 'object',
            properties: { note: { type: 'string', nullable: true } },
            additionalProperties: { type: 'array', items: { type: 'integer', nullable: true } },
          },
          v30,
        ),
      ).toEqual({
        type: 'object',
        properties: { note: { type: ['string', 'null'] } },
        additionalProperties: { type: 'array', items: { type: ['integer', 'null'] } },
      })
    })

    test('boolean exclusive bounds become numeric ones', () => {
      expect(normalizeSchema({ type: 'number', minimum: 0, exclusiveMinimum: true }, v30)).toEqual({
        type: 'number',
        exclusiveMinimum: 0,
      })
      expect(normalizeSchema({ type: 'number', maximum: 10, exclusiveMaximum: true }, v30)).toEqual(
        {
          type: 'number',
          exclusiveMaximum: 10,
        },
      )
      expect(
        normalizeSchema(
          {
            type: 'number',
            minimum: 1,
            exclusiveMinimum: false,
            maximum: 5,
            exclusiveMaximum: false,
          },
          v30,
        ),
      ).toEqual({ type: 'number', minimum: 1, maximum: 5 })
    })
  })

  describe('OpenAPI 3.1', () => {
    test('type lists and numeric exclusive bounds are already standard and stay as written', () => {
      const schema: Schema = { type: ['number', 'null'], exclusiveMinimum: 0, exclusiveMaximum: 10 }
      expect(normalizeSchema(schema, v31)).toEqual(schema)
    })

    test('3.0 forms are not rewritten in a 3.1 document', () => {
      expect(normalizeSchema({ type: 'string', nullable: true }, v31)).toEqual({
        type: 'string',
        nullable: true,
      })
    })
  })
})
