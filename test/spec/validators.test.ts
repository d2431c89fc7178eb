import { describe, expect, test } from 'vitest'
import { operationsOf } from '../../src/spec/operations.js'
import { compileValidators } from '../../src/spec/validators.js'
import {
  AIRWEAVE,
  load,
  validatorsOf,
  parts,
  bodyDoc,
  JOBS_30,
  JOBS_31,
  REQUEST_ID,
} from '../support/spec-fixtures.js'

describe(compileValidators, () => {
  const jobs = validatorsOf(load('jobs.yaml', JOBS_30))
  const listJobs = (
    query: Record<string, string | string[]>,
    headers: Record<string, string> = {},
  ) =>
    jobs('listJobs').request(
      parts({
        query: { cursor: 'c1', ...query },
        headers: { 'x-request-id': REQUEST_ID, ...headers },
      }),
    )

  test('makes one validator per operation, keyed by operation id', () => {
    const spec = load('jobs.yaml', JOBS_30)
    expect([...compileValidators(spec, operationsOf(spec)).keys()]).toEqual([
      'listJobs',
      'createJob',
      'deleteJob',
      'patchJob',
      'getAttempt',
    ])
  })

  test('compile() builds every validator of an operation up front', () => {
    for (const id of ['listJobs', 'createJob', 'patchJob', 'deleteJob', 'getAttempt']) {
      expect(() => jobs(id).compile()).not.toThrow()
    }
  })

  describe('request', () => {
    test('coerces query parameters to their declared types', () => {
      const checked = listJobs({ limit: '10', flag: 'true', score: '0.5' })
      expect(checked.violations).toEqual([])
      expect(checked.query).toEqual({ cursor: 'c1', limit: 10, flag: true, score: 0.5 })
    })

    test('fills in the defaults of absent parameters, headers included', () => {
      const checked = listJobs({})
      expect(checked.violations).toEqual([])
      expect(checked.query).toEqual({ cursor: 'c1', limit: 20 })
      expect(checked.headers).toEqual({ 'x-request-id': REQUEST_ID, 'x-page-size': 10 })
    })

    test('coerces path parameters and headers too', () => {
      const attempt = jobs('getAttempt').request(parts({ path: { job_id: 'job_1', n: '3' } }))
      expect(attempt).toEqual({
        violations: [],
        path: { job_id: 'job_1', n: 3 },
        query: {},
        headers: {},
      })
      expect(listJobs({}, { 'x-page-size': '50' }).headers['x-page-size']).toBe(50)
    })

    test('keeps only declared headers', () => {
      const checked = listJobs({}, { authorization: 'Bearer t', 'x-other': '1' })
      expect(Object.keys(checked.headers).sort()).toEqual(['x-page-size', 'x-request-id'])
    })

    test('leaves undeclared query parameters alone', () => {
      const checked = listJobs({ unknown: 'x' })
      expect(checked.violations).toEqual([])
      expect(checked.query.unknown).toBe('x')
    })

    test.each([
      ['a value of the wrong type', { limit: 'ten' }, 'limit', 'must be integer'],
      ['a boolean that is not one', { flag: 'yes' }, 'flag', 'must be boolean'],
      [
        'a value outside the enum',
        { status: 'done' },
        'status',
        'must be one of ["pending","running"]',
      ],
      ['a malformed date-time', { after: 'yesterday' }, 'after', 'must be a valid date-time'],
      ['a value under the minimum', { limit: '0' }, 'limit', 'must be >= 1'],
      ['a value over the maximum', { limit: '101' }, 'limit', 'must be <= 100'],
      ['a value on a 3.0 exclusive minimum', { score: '0' }, 'score', 'must be > 0'],
      ['a string too short', { cursor: 'c' }, 'cursor', 'must NOT have fewer than 2 characters'],
      [
        'a string too long',
        { cursor: 'c123456789' },
        'cursor',
        'must NOT have more than 8 characters',
      ],
    ])('reports %s in the query, by name', (_, query, name, message) => {
      expect(listJobs(query).violations).toEqual([{ in: 'query', name, message }])
    })

    test('reports a missing required query parameter', () => {
      const checked = jobs('listJobs').request(parts({ headers: { 'x-request-id': REQUEST_ID } }))
      expect(checked.violations).toEqual([{ in: 'query', name: 'cursor', message: 'is required' }])
    })

    test('reports every violation at once', () => {
      expect(listJobs({ limit: '0', status: 'done', flag: 'maybe' }).violations).toHaveLength(3)
    })

    test('reports a path parameter against its pattern', () => {
      const checked = jobs('deleteJob').request(parts({ path: { job_id: 'abc' } }))
      expect(checked.violations).toEqual([
        { in: 'path', name: 'job_id', message: 'must match pattern "^job_[0-9]+$"' },
      ])
      expect(jobs('deleteJob').request(parts({ path: { job_id: 'job_12' } })).violations).toEqual(
        [],
      )
    })

    test('reports a missing required header, by its lower-case name', () => {
      const violations = jobs('listJobs').request(parts({ query: { cursor: 'c1' } })).violations
      expect(violations).toHaveLength(1)
      expect(violations[0]).toMatchObject({ name: 'x-request-id', message: 'is required' })
    })

    // Fixed bug, kept as a regression test (src/spec/validators.ts:65 and :69, toViolations): a
    // header's location is taken from the
    // validated data's key, "headers", so violations say `in: "headers"` where the Violation type
    // (and the vendors' error bodies, e.g. Airweave's "header.x-api-key") expect "header".
    // Fix: map the location, e.g. `const where = location === 'headers' ? 'header' : location`.
    test('a header violation is "in" header', () => {
      expect(jobs('listJobs').request(parts({ query: { cursor: 'c1' } })).violations).toEqual([
        { in: 'header', name: 'x-request-id', message: 'is required' },
      ])
      expect(listJobs({}, { 'x-request-id': 'not-a-uuid' }).violations).toEqual([
        { in: 'header', name: 'x-request-id', message: 'must be a valid uuid' },
      ])
    })

    test('a missing required body is reported as the whole body', () => {
      expect(jobs('createJob').request(parts()).violations).toEqual([
        { in: 'body', name: '', message: 'is required' },
      ])
    })

    test('an optional body may be left out, but is checked when sent', () => {
      const patch = jobs('patchJob')
      expect(patch.request(parts({ path: { job_id: 'job_1' } })).violations).toEqual([])
      expect(
        patch.request(parts({ path: { job_id: 'job_1' }, body: { note: 'n' } })).violations,
      ).toEqual([])
      expect(
        patch.request(parts({ path: { job_id: 'job_1' }, body: { note: 1 } })).violations,
      ).toEqual([{ in: 'body', name: 'note', message: 'must be string' }])
    })

    test('a body property not in the schema is refused (additionalProperties: false)', () => {
      const checked = jobs('createJob').request(parts({ body: { name: 'n', extra: 1 } }))
      expect(checked.violations).toEqual([
        { in: 'body', name: '', message: 'has an unexpected property "extra"' },
      ])
    })

    test('the body is checked exactly: no coercion, no defaults', () => {
      const body = { name: 'nightly', weight: '5' }
      const checked = jobs('createJob').request(parts({ body }))
      expect(checked.violations).toEqual([
        { in: 'body', name: 'weight', message: 'must be number' },
      ])
      expect(body.weight).toBe('5')
    })

    test('a required body property that is missing is named in the message', () => {
      const violations = jobs('createJob').request(parts({ body: {} })).violations
      expect(violations).toHaveLength(1)
      expect(violations[0]).toMatchObject({ in: 'body', message: 'is required (missing "name")' })
    })

    test('3.0 nullable: null is accepted where nullable, refused where not', () => {
      const create = jobs('createJob')
      expect(create.request(parts({ body: { name: 'n', kind: null } })).violations).toEqual([])
      expect(create.request(parts({ body: { name: null } })).violations).toEqual([
        { in: 'body', name: 'name', message: 'must be string' },
      ])
      expect(create.request(parts({ body: { name: 'n', kind: 'other' } })).violations).toEqual([
        { in: 'body', name: 'kind', message: 'must be one of ["full","delta",null]' },
      ])
    })

    test('3.0 boolean exclusiveMaximum is honoured in the body', () => {
      const create = jobs('createJob')
      expect(create.request(parts({ body: { name: 'n', weight: 9.5 } })).violations).toEqual([])
      expect(create.request(parts({ body: { name: 'n', weight: 10 } })).violations).toEqual([
        { in: 'body', name: 'weight', message: 'must be < 10' },
      ])
    })

    test('a property named like an extension (x-api-key) is kept and checked', () => {
      const create = jobs('createJob')
      expect(create.request(parts({ body: { name: 'n', 'x-api-key': 'k' } })).violations).toEqual(
        [],
      )
      expect(create.request(parts({ body: { name: 'n', 'x-api-key': 5 } })).violations).toEqual([
        { in: 'body', name: 'x-api-key', message: 'must be string' },
      ])
    })

    test('a format the validators do not know (from a component schema) accepts any string', () => {
      expect(
        jobs('createJob').request(parts({ body: { name: 'n', code: 'EUR' } })).violations,
      ).toEqual([])
    })

    test('a discriminated oneOf accepts each variant and refuses a broken one', () => {
      const create = jobs('createJob')
      const webhook = { type: 'webhook', url: 'https://example.com/hook' }
      expect(create.request(parts({ body: { name: 'n', source: webhook } })).violations).toEqual([])
      expect(
        create.request(parts({ body: { name: 'n', source: { type: 'poll', every: 5 } } }))
          .violations,
      ).toEqual([])
      const broken = create.request(
        parts({ body: { name: 'n', source: { type: 'webhook' } } }),
      ).violations
      expect(broken.length).toBeGreaterThan(0)
      expect(broken.every((v) => v.in === 'body' && v.name.startsWith('source'))).toBe(true)
    })

    test('3.1: a type list with null, a numeric exclusiveMinimum and a uuid path parameter', () => {
      const getJob = validatorsOf(load('jobs31.yaml', JOBS_31))('getJob')
      const ok = getJob.request(parts({ path: { job_id: REQUEST_ID }, query: { since: '5' } }))
      expect(ok.violations).toEqual([])
      expect(ok.query.since).toBe(5)
      expect(
        getJob.request(parts({ path: { job_id: 'job_1' }, query: { since: '0' } })).violations,
      ).toEqual([
        { in: 'path', name: 'job_id', message: 'must be a valid uuid' },
        { in: 'query', name: 'since', message: 'must be > 0' },
      ])
    })

    test('a repeated query parameter declared as an array is accepted', () => {
      const spec = load(
        'arrays.yaml',
        `openapi: 3.1.0
info: { title: arrays, version: '1' }
paths:
  /jobs:
    get:
      operationId: list
      parameters:
        - { name: tag, in: query, schema: { type: array, items: { type: integer } } }
      responses: { '200': { description: ok } }
`,
      )
      const checked = validatorsOf(spec)('list').request(parts({ query: { tag: ['1', '2'] } }))
      expect(checked.violations).toEqual([])
      expect(checked.query.tag).toEqual([1, 2])
    })

    // Fixed bug, kept as a regression test (src/spec/validators.ts:45, createAjv): the parameter
    // validator coerces with
    // `coerceTypes: true`, which never turns a scalar into an array, and the query parser hands
    // over a lone `?tag=1` as the string "1"; so any array parameter sent once is refused with
    // "must be array". Fix: `coerceTypes: 'array'` for the parameter (lenient) Ajv.
    test('a query parameter declared as an array accepts a single value', () => {
      const spec = load(
        'arrays.yaml',
        `openapi: 3.1.0
info: { title: arrays, version: '1' }
paths:
  /jobs:
    get:
      operationId: list
      parameters:
        - { name: tag, in: query, schema: { type: array, items: { type: integer } } }
      responses: { '200': { description: ok } }
`,
      )
      const checked = validatorsOf(spec)('list').request(parts({ query: { tag: '1' } }))
      expect(checked.violations).toEqual([])
      expect(checked.query.tag).toEqual([1])
    })
  })
})
