import fc from 'fast-check'
import { generateSync } from 'json-schema-faker'
import type { Schema } from '../../../src/spec/operations.js'

// ---------------------------------------------------------------------------------------------
// Values: samples from the schemas (json-schema-faker), and wrong ones (fast-check).

/** A draw from json-schema-faker, seeded by fast-check (so that runs replay and shrink). */
export const sampleOf = (schema: Schema) =>
  fc
    .record({ seed: fc.integer({ min: 1, max: 0x7fffffff }), optionals: fc.boolean() })
    .map(({ seed, optionals }) =>
      generateSync(schema as never, {
        seed,
        optionalsProbability: optionals ? 0.9 : 0.3,
        maxDefaultItems: 3,
      }),
    )

// Strings that break a parameter: wrong types, bounds, encodings, ids of the wrong shape.
export const wrongString = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '-1',
    '0',
    '1.5',
    '1e309',
    'NaN',
    'true',
    'null',
    '[]',
    '{}',
    '%',
    '%zz',
    '%00',
    '%2F',
    '%252F',
    '..',
    'a/b',
    '00000000-0000-0000-0000-000000000000',
    '6f1c2b9e-0d4a-4c8e-9b7f-3a2e1d0c9b8a',
    'op_',
    'op_unknown0000000000',
    'clu_unknown',
    '__proto__',
    'constructor',
    'x'.repeat(300),
  ),
  fc.string({ maxLength: 16 }),
  fc.integer().map(String),
)

// The same, and any Unicode text, for where it is percent-encoded (paths, queries; not headers).
export const wrongText = fc.oneof(wrongString, fc.string({ unit: 'grapheme', maxLength: 8 }))

// JSON values that break a body property.
export const wrongValue = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(null, 0, -1, 1.5, '', 'x', true, [], {}, 2 ** 53) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
)

// HEAD answers carry no body; PROPFIND is a method no route has (one Node's HTTP parser knows).
export const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'PROPFIND']

export const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/merge-patch+json',
  'application/x-www-form-urlencoded',
]

export const MALFORMED = [
  '{',
  '{"a":',
  '[1,]',
  'nul',
  '{"a":1}}',
  "{'a':1}",
  'true false',
  '\u0000',
  '{}{}',
]

export const stringOf = (value: unknown): string =>
  typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value)
