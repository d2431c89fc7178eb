import { describe, expect, test } from 'vitest'
import { operationsOf } from '../../src/spec/operations.js'
import { loadSpec } from '../../src/spec/load.js'
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

  describe('response', () => {
    const job = { id: 'job_1', status: 'running', note: null, priority: null, 'x-trace-id': 't' }

    test('a body and headers that match the declared status pass', () => {
      expect(jobs('listJobs').response(200, [job], { etag: '"v1"', 'x-total': '1' })).toEqual([])
      expect(jobs('createJob').response(201, { id: 'job_2', status: 'pending' }, {})).toEqual([])
      expect(jobs('deleteJob').response(204, undefined, {})).toEqual([])
    })

    test('a status the operation does not declare is reported', () => {
      expect(jobs('deleteJob').response(500, { title: 'boom' }, {})).toEqual([
        { in: 'response', name: '', message: 'status 500 is not declared for deleteJob' },
      ])
      expect(jobs('listJobs').response(503, undefined, {})).toEqual([
        { in: 'response', name: '', message: 'status 503 is not declared for listJobs' },
      ])
    })

    test('a status under a declared range (4XX) is checked against it', () => {
      expect(jobs('listJobs').response(404, { title: 'Not found' }, {})).toEqual([])
      expect(jobs('listJobs').response(422, { status: 422 }, {})).toEqual([
        expect.objectContaining({ in: 'response', message: 'is required (missing "title")' }),
      ])
    })

    test('a status covered only by default is checked against it', () => {
      expect(jobs('createJob').response(503, { title: 'Unavailable' }, {})).toEqual([])
      expect(jobs('createJob').response(409, { title: 7 }, {})).toEqual([
        { in: 'response', name: 'title', message: 'must be string' },
      ])
    })

    test('a declared body that is missing is reported', () => {
      expect(jobs('createJob').response(201, undefined, {})).toEqual([
        { in: 'response', name: '', message: 'body is missing' },
      ])
    })

    test('a body sent where the status declares none is reported', () => {
      expect(jobs('deleteJob').response(204, {}, {})).toEqual([
        { in: 'response', name: '', message: 'status 204 declares no JSON body' },
      ])
    })

    test('the body is checked against the schema: names, nullable, exclusive bounds, extra properties', () => {
      const list = jobs('listJobs')
      const headers = { etag: '"v1"' }
      expect(list.response(200, [{ ...job, status: 'lost' }], headers)).toEqual([
        {
          in: 'response',
          name: '0.status',
          message: 'must be one of ["pending","running","done"]',
        },
      ])
      expect(list.response(200, [{ ...job, priority: 0 }], headers)).toEqual([
        { in: 'response', name: '0.priority', message: 'must be > 0' },
      ])
      expect(list.response(200, [{ ...job, id: null }], headers)).toEqual([
        { in: 'response', name: '0.id', message: 'must be string' },
      ])
      expect(list.response(200, [{ ...job, 'x-trace-id': 1 }], headers)).toEqual([
        { in: 'response', name: '0.x-trace-id', message: 'must be string' },
      ])
      expect(list.response(200, [{ ...job, secret: 's' }], headers)).toEqual([
        { in: 'response', name: '0', message: 'has an unexpected property "secret"' },
      ])
    })

    test('a required response header (ETag) that is missing is reported', () => {
      const violations = jobs('listJobs').response(200, [job], {})
      expect(violations).toHaveLength(1)
      expect(violations[0]).toMatchObject({
        in: 'response',
        message: 'is required (missing "etag")',
      })
    })

    // Fixed bug, kept as a regression test (src/spec/validators.ts:63-68, toViolations): with a
    // location given (`where`: the body, a
    // response) a `required` error skips the branch that appends params.missingProperty, so the
    // violation names the object that lacks the property, not the property: a missing ETag is
    // named "header " (the headers object itself, plus the prefix), a body without "name" is named
    // "". Only the message says which. Parameters are named by the missing one. Fix: for
    // `required` errors push params.missingProperty onto `parts` whatever `where` is.
    test('a missing response header, or body property, is named in the violation', () => {
      expect(jobs('listJobs').response(200, [job], {})).toEqual([
        { in: 'response', name: 'header etag', message: 'is required (missing "etag")' },
      ])
      expect(jobs('createJob').request(parts({ body: {} })).violations).toEqual([
        { in: 'body', name: 'name', message: 'is required (missing "name")' },
      ])
    })

    test('a response header of the wrong type is named', () => {
      expect(jobs('listJobs').response(200, [job], { etag: '"v1"', 'x-total': 'many' })).toEqual([
        { in: 'response', name: 'header x-total', message: 'must be integer' },
      ])
    })

    test('3.1: a $ref with siblings, a type list with null, const and array bounds', () => {
      const getJob = validatorsOf(load('jobs31.yaml', JOBS_31))('getJob')
      expect(getJob.response(200, { id: 'job_1', finished_at: null }, {})).toEqual([])
      expect(
        getJob.response(200, { id: 'job_1', finished_at: '2026-01-01T00:00:00Z', progress: 1 }, {}),
      ).toEqual([])
      expect(
        getJob.response(200, { id: 'job_2', finished_at: 'soon', tags: ['a', 'b', 'c'] }, {}),
      ).toEqual([
        { in: 'response', name: 'id', message: 'must be equal to constant' },
        { in: 'response', name: 'finished_at', message: 'must be a valid date-time' },
        { in: 'response', name: 'tags', message: 'must NOT have more than 2 items' },
      ])
      expect(getJob.response(502, undefined, {})).toEqual([])
      expect(getJob.response(502, { down: true }, {})).toEqual([
        { in: 'response', name: '', message: 'status 502 declares no JSON body' },
      ])
    })
  })

  describe('compiling schemas', () => {
    test('a misspelt keyword stops compilation (strict mode), but only when the operation is compiled', () => {
      const spec = load('typo.yaml', bodyDoc('3.1.0', '{ type: string, maxLenght: 3 }'))
      const probe = validatorsOf(spec)('probe')
      expect(() => probe.compile()).toThrow(/strict mode: unknown keyword: "maxLenght"/)
    })

    test('a schema the JSON Schema meta-schema refuses is caught, unless the spec is trusted', () => {
      const spec = load('negative.yaml', bodyDoc('3.1.0', '{ type: string, minLength: -1 }'))
      expect(() => validatorsOf(spec)('probe').compile()).toThrow(/schema is invalid/)
      expect(() => validatorsOf(spec, { trusted: true })('probe').compile()).not.toThrow()
    })

    test('extension keys, example and discriminator compile in strict mode', () => {
      const spec = load(
        'ext.yaml',
        bodyDoc(
          '3.0.3',
          '{ type: object, x-a: 1, example: { kind: a }, properties: { x-b: { type: string, x-c: true } } }',
        ),
      )
      const probe = validatorsOf(spec)('probe')
      expect(() => probe.compile()).not.toThrow()
      expect(probe.request(parts({ body: { 'x-b': 'ok' } })).violations).toEqual([])
    })

    // Fixed bug, kept as a regression test (src/spec/validators.ts:149, compileRequest): an
    // operation's body schema is normalized
    // lazily, after the unknown formats were declared to Ajv (the `for (const format of formats)`
    // loop runs on the schemas of components, parameters and responses only), so an inline
    // request body with a format Ajv does not know fails strict compilation:
    // 'unknown format "currency" ignored in schema'. Fix: normalize `operation.body.schema` in the
    // `prepared` step, with the parameters, and compile that.
    test('an unknown format in an inline request body accepts any string, as elsewhere', () => {
      const spec = load(
        'format.yaml',
        bodyDoc(
          '3.1.0',
          '{ type: object, properties: { code: { type: string, format: currency } } }',
        ),
      )
      const probe = validatorsOf(spec)('probe')
      expect(() => probe.compile()).not.toThrow()
      expect(probe.request(parts({ body: { code: 'EUR' } })).violations).toEqual([])
    })

    // Fixed bug, kept as a regression test (src/spec/validators.ts:45, createAjv): `strict: true`
    // turns on strictTypes and
    // strictRequired as well as strictSchema, so valid OpenAPI schemas that have passed
    // meta-validation are refused at start-up: `properties` without `type: object` ('missing type
    // "object" for keyword "properties"'), `required` in an allOf branch, a 3.1 union type
    // ('use allowUnionTypes'). STYLE 12 wants typos (unknown keywords) caught, which is
    // strictSchema. Fix: `strict: true, strictTypes: false, strictRequired: false` (or
    // `allowUnionTypes: true` at least), keeping strictSchema.
    test.each([
      ['properties without a type', '3.0.3', '{ properties: { a: { type: string } } }', '{}'],
      [
        'required in an allOf branch',
        '3.0.3',
        "{ allOf: [{ $ref: '#/components/schemas/Base' }, { required: [id] }] }",
        '{ Base: { type: object, properties: { id: { type: string } } } }',
      ],
      ['a 3.1 union type', '3.1.0', '{ type: [string, integer] }', '{}'],
    ])('a valid schema with %s compiles', (_, version, schema, components) => {
      const spec = load('valid.yaml', bodyDoc(version as '3.0.3' | '3.1.0', schema, components))
      expect(() => validatorsOf(spec)('probe').compile()).not.toThrow()
    })
  })

  describe("the project's Airweave document", () => {
    const airweave = validatorsOf(loadSpec(AIRWEAVE))
    const sc = '5d7f2b8e-8c1a-4a61-9c55-0a3a7e0f1b2c'
    const job = {
      id: '0b7e1f4c-2f5e-4f3a-8f0e-9a6b5c4d3e2f',
      source_connection_id: sc,
      status: 'pending',
      started_at: null,
      completed_at: null,
      entities_inserted: 0,
    }

    test('compiles every operation', () => {
      for (const id of [
        'sourceConnections.get',
        'sourceConnections.run',
        'sourceConnections.getJobs',
        'sourceConnections.cancelJob',
      ]) {
        expect(() => airweave(id).compile()).not.toThrow()
      }
    })

    test('checks and coerces the parameters of getJobs and run', () => {
      const list = airweave('sourceConnections.getJobs').request(
        parts({ path: { source_connection_id: sc } }),
      )
      expect(list).toEqual({
        violations: [],
        path: { source_connection_id: sc },
        query: { limit: 100 },
        headers: {},
      })
      const run = airweave('sourceConnections.run').request(
        parts({ path: { source_connection_id: sc }, query: { force_full_sync: 'true' } }),
      )
      expect(run.query.force_full_sync).toBe(true)
      expect(
        airweave('sourceConnections.getJobs').request(
          parts({ path: { source_connection_id: 'sc' }, query: { limit: '0' } }),
        ).violations,
      ).toEqual([
        { in: 'path', name: 'source_connection_id', message: 'must be a valid uuid' },
        { in: 'query', name: 'limit', message: 'must be >= 1' },
      ])
    })

    test('checks responses: a job, a 429 without Retry-After, an undeclared body shape', () => {
      const cancel = airweave('sourceConnections.cancelJob')
      expect(cancel.response(200, { ...job, status: 'cancelling' }, {})).toEqual([])
      expect(cancel.response(200, { ...job, status: 'CANCELLING' }, {})).toHaveLength(1)
      expect(cancel.response(429, { detail: 'slow down' }, { 'retry-after': '5' })).toEqual([])
      expect(cancel.response(429, { detail: 'slow down' }, {})).toEqual([
        expect.objectContaining({ in: 'response', message: 'is required (missing "retry-after")' }),
      ])
      expect(cancel.response(500, { detail: 'boom' }, {})).toEqual([])
      expect(cancel.response(500, { message: 'boom' }, {})).toHaveLength(2)
    })
  })
})
