import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { loadSpec, type SpecDocument } from '../../src/spec/load.js'
import { operationsOf } from '../../src/spec/operations.js'
import {
  compileValidators,
  type OperationValidator,
  type RequestParts,
} from '../../src/spec/validators.js'

const AIRWEAVE = new URL('../../specs/airweave.yaml', import.meta.url).pathname

function load(name: string, text: string): SpecDocument {
  const file = join(mkdtempSync(join(tmpdir(), 'jobfake-spec-validators-')), name)
  writeFileSync(file, text)
  return loadSpec(file)
}

function validatorsOf(spec: SpecDocument, options: { trusted?: boolean } = {}) {
  const validators = compileValidators(spec, operationsOf(spec), options)
  return (id: string): OperationValidator => {
    const found = validators.get(id)
    expect(found, `validator of ${id}`).toBeDefined()
    return found!
  }
}

const parts = (over: Partial<RequestParts> = {}): RequestParts => ({ path: {}, query: {}, headers: {}, ...over })

/** A document with one POST /x whose JSON body is `schema`, for probing how schemas compile. */
const bodyDoc = (version: '3.0.3' | '3.1.0', schema: string, components = '{}') => `openapi: ${version}
info: { title: probe, version: '1' }
paths:
  /x:
    post:
      operationId: probe
      requestBody:
        content:
          application/json:
            schema: ${schema}
      responses:
        '204': { description: ok }
components:
  schemas: ${components}
`

const JOBS_30 = `openapi: 3.0.3
info: { title: Jobs, version: '1', x-logo: { url: 'https://example.com/logo.png' } }
x-extension-root: true
paths:
  /jobs:
    get:
      operationId: listJobs
      x-rate-limit: 10
      parameters:
        - { name: limit, in: query, schema: { type: integer, minimum: 1, maximum: 100, default: 20 } }
        - { name: flag, in: query, schema: { type: boolean } }
        - { name: status, in: query, schema: { type: string, enum: [pending, running] } }
        - { name: after, in: query, schema: { type: string, format: date-time } }
        - { name: score, in: query, schema: { type: number, minimum: 0, exclusiveMinimum: true } }
        - { name: cursor, in: query, required: true, schema: { type: string, minLength: 2, maxLength: 8 } }
        - { name: X-Request-Id, in: header, required: true, schema: { type: string, format: uuid } }
        - { name: X-Page-Size, in: header, schema: { type: integer, default: 10 } }
      responses:
        '200':
          description: The jobs.
          headers:
            ETag: { required: true, schema: { type: string } }
            X-Total: { schema: { type: integer } }
          content:
            application/json:
              schema: { type: array, items: { $ref: '#/components/schemas/Job' } }
        '4XX': { $ref: '#/components/responses/Problem' }
    post:
      operationId: createJob
      requestBody:
        required: true
        content:
          application/json:
            schema: { $ref: '#/components/schemas/NewJob' }
      responses:
        '201':
          description: Created.
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Job' }
        default: { $ref: '#/components/responses/Problem' }
  /jobs/{job_id}:
    parameters:
      - { name: job_id, in: path, required: true, schema: { type: string, pattern: '^job_[0-9]+$' } }
    patch:
      operationId: patchJob
      requestBody:
        content:
          application/json:
            schema: { type: object, properties: { note: { type: string } }, additionalProperties: false }
      responses:
        '204': { description: Patched. }
    delete:
      operationId: deleteJob
      responses:
        '204': { description: Deleted. }
  /jobs/{job_id}/attempts/{n}:
    get:
      operationId: getAttempt
      parameters:
        - { name: job_id, in: path, required: true, schema: { type: string } }
        - { name: n, in: path, required: true, schema: { type: integer, minimum: 1 } }
      responses:
        '200': { description: The attempt. }
components:
  responses:
    Problem:
      description: A problem.
      content:
        application/problem+json:
          schema: { $ref: '#/components/schemas/Problem' }
  schemas:
    Problem:
      type: object
      required: [title]
      properties: { title: { type: string }, status: { type: integer } }
    Job:
      type: object
      x-internal: true
      required: [id, status]
      additionalProperties: false
      properties:
        id: { type: string, example: job_1, x-order: 1 }
        status: { type: string, enum: [pending, running, done] }
        note: { type: string, nullable: true }
        priority: { type: integer, minimum: 0, exclusiveMinimum: true, nullable: true }
        x-trace-id: { type: string }
    NewJob:
      type: object
      required: [name]
      additionalProperties: false
      example: { name: nightly, kind: full }
      properties:
        name: { type: string, minLength: 1 }
        kind: { type: string, enum: [full, delta], nullable: true }
        weight: { type: number, maximum: 10, exclusiveMaximum: true }
        x-api-key: { type: string }
        code: { type: string, format: currency }
        source:
          oneOf:
            - $ref: '#/components/schemas/Webhook'
            - $ref: '#/components/schemas/Poll'
          discriminator:
            propertyName: type
            mapping:
              webhook: '#/components/schemas/Webhook'
              poll: '#/components/schemas/Poll'
    Webhook:
      type: object
      required: [type, url]
      properties:
        type: { type: string, enum: [webhook] }
        url: { type: string, format: uri }
    Poll:
      type: object
      required: [type, every]
      properties:
        type: { type: string, enum: [poll] }
        every: { type: integer, minimum: 1 }
`

const JOBS_31 = `openapi: 3.1.0
info: { title: Jobs, version: '1' }
paths:
  /jobs/{job_id}:
    get:
      operationId: getJob
      parameters:
        - { name: job_id, in: path, required: true, schema: { type: string, format: uuid } }
        - { name: since, in: query, schema: { type: [integer, 'null'], exclusiveMinimum: 0 } }
      responses:
        '200':
          description: The job.
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Job' }
        5XX:
          description: Down.
components:
  schemas:
    Job:
      type: object
      required: [id, finished_at]
      additionalProperties: false
      properties:
        id: { type: string, const: job_1 }
        finished_at:
          $ref: '#/components/schemas/Timestamp'
          description: Null until the job finishes.
        progress: { type: number, minimum: 0, maximum: 1, exclusiveMaximum: 1.5 }
        tags: { type: array, items: { type: string }, maxItems: 2 }
    Timestamp: { type: [string, 'null'], format: date-time }
`

const REQUEST_ID = '8b1c3c2e-7d1f-4a51-9a0e-2f6a9c3b4d5e'

describe(compileValidators, () => {
  const jobs = validatorsOf(load('jobs.yaml', JOBS_30))
  const listJobs = (query: Record<string, string | string[]>, headers: Record<string, string> = {}) =>
    jobs('listJobs').request(parts({ query: { cursor: 'c1', ...query }, headers: { 'x-request-id': REQUEST_ID, ...headers } }))

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
      expect(attempt).toEqual({ violations: [], path: { job_id: 'job_1', n: 3 }, query: {}, headers: {} })
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
      ['a value outside the enum', { status: 'done' }, 'status', 'must be one of ["pending","running"]'],
      ['a malformed date-time', { after: 'yesterday' }, 'after', 'must be a valid date-time'],
      ['a value under the minimum', { limit: '0' }, 'limit', 'must be >= 1'],
      ['a value over the maximum', { limit: '101' }, 'limit', 'must be <= 100'],
      ['a value on a 3.0 exclusive minimum', { score: '0' }, 'score', 'must be > 0'],
      ['a string too short', { cursor: 'c' }, 'cursor', 'must NOT have fewer than 2 characters'],
      ['a string too long', { cursor: 'c123456789' }, 'cursor', 'must NOT have more than 8 characters'],
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
      expect(checked.violations).toEqual([{ in: 'path', name: 'job_id', message: 'must match pattern "^job_[0-9]+$"' }])
      expect(jobs('deleteJob').request(parts({ path: { job_id: 'job_12' } })).violations).toEqual([])
    })

    test('reports a missing required header, by its lower-case name', () => {
      const violations = jobs('listJobs').request(parts({ query: { cursor: 'c1' } })).violations
      expect(violations).toHaveLength(1)
      expect(violations[0]).toMatchObject({ name: 'x-request-id', message: 'is required' })
    })

    // Fixed bug, kept as a regression test (src/spec/validators.ts:65 and :69, toViolations): a header's location is taken from the
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
      expect(jobs('createJob').request(parts()).violations).toEqual([{ in: 'body', name: '', message: 'is required' }])
    })

    test('an optional body may be left out, but is checked when sent', () => {
      const patch = jobs('patchJob')
      expect(patch.request(parts({ path: { job_id: 'job_1' } })).violations).toEqual([])
      expect(patch.request(parts({ path: { job_id: 'job_1' }, body: { note: 'n' } })).violations).toEqual([])
      expect(patch.request(parts({ path: { job_id: 'job_1' }, body: { note: 1 } })).violations).toEqual([
        { in: 'body', name: 'note', message: 'must be string' },
      ])
    })

    test('a body property not in the schema is refused (additionalProperties: false)', () => {
      const checked = jobs('createJob').request(parts({ body: { name: 'n', extra: 1 } }))
      expect(checked.violations).toEqual([{ in: 'body', name: '', message: 'has an unexpected property "extra"' }])
    })

    test('the body is checked exactly: no coercion, no defaults', () => {
      const body = { name: 'nightly', weight: '5' }
      const checked = jobs('createJob').request(parts({ body }))
      expect(checked.violations).toEqual([{ in: 'body', name: 'weight', message: 'must be number' }])
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
      expect(create.request(parts({ body: { name: 'n', 'x-api-key': 'k' } })).violations).toEqual([])
      expect(create.request(parts({ body: { name: 'n', 'x-api-key': 5 } })).violations).toEqual([
        { in: 'body', name: 'x-api-key', message: 'must be string' },
      ])
    })

    test('a format the validators do not know (from a component schema) accepts any string', () => {
      expect(jobs('createJob').request(parts({ body: { name: 'n', code: 'EUR' } })).violations).toEqual([])
    })

    test('a discriminated oneOf accepts each variant and refuses a broken one', () => {
      const create = jobs('createJob')
      const webhook = { type: 'webhook', url: 'https://example.com/hook' }
      expect(create.request(parts({ body: { name: 'n', source: webhook } })).violations).toEqual([])
      expect(create.request(parts({ body: { name: 'n', source: { type: 'poll', every: 5 } } })).violations).toEqual([])
      const broken = create.request(parts({ body: { name: 'n', source: { type: 'webhook' } } })).violations
      expect(broken.length).toBeGreaterThan(0)
      expect(broken.every((v) => v.in === 'body' && v.name.startsWith('source'))).toBe(true)
    })

    test('3.1: a type list with null, a numeric exclusiveMinimum and a uuid path parameter', () => {
      const getJob = validatorsOf(load('jobs31.yaml', JOBS_31))('getJob')
      const ok = getJob.request(parts({ path: { job_id: REQUEST_ID }, query: { since: '5' } }))
      expect(ok.violations).toEqual([])
      expect(ok.query.since).toBe(5)
      expect(getJob.request(parts({ path: { job_id: 'job_1' }, query: { since: '0' } })).violations).toEqual([
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

    // Fixed bug, kept as a regression test (src/spec/validators.ts:45, createAjv): the parameter validator coerces with
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
        { in: 'response', name: '0.status', message: 'must be one of ["pending","running","done"]' },
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
      expect(violations[0]).toMatchObject({ in: 'response', message: 'is required (missing "etag")' })
    })

    // Fixed bug, kept as a regression test (src/spec/validators.ts:63-68, toViolations): with a location given (`where`: the body, a
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
      expect(getJob.response(200, { id: 'job_1', finished_at: '2026-01-01T00:00:00Z', progress: 1 }, {})).toEqual([])
      expect(getJob.response(200, { id: 'job_2', finished_at: 'soon', tags: ['a', 'b', 'c'] }, {})).toEqual([
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
          "{ type: object, x-a: 1, example: { kind: a }, properties: { x-b: { type: string, x-c: true } } }",
        ),
      )
      const probe = validatorsOf(spec)('probe')
      expect(() => probe.compile()).not.toThrow()
      expect(probe.request(parts({ body: { 'x-b': 'ok' } })).violations).toEqual([])
    })

    // Fixed bug, kept as a regression test (src/spec/validators.ts:149, compileRequest): an operation's body schema is normalized
    // lazily, after the unknown formats were declared to Ajv (the `for (const format of formats)`
    // loop runs on the schemas of components, parameters and responses only), so an inline
    // request body with a format Ajv does not know fails strict compilation:
    // 'unknown format "currency" ignored in schema'. Fix: normalize `operation.body.schema` in the
    // `prepared` step, with the parameters, and compile that.
    test('an unknown format in an inline request body accepts any string, as elsewhere', () => {
      const spec = load(
        'format.yaml',
        bodyDoc('3.1.0', '{ type: object, properties: { code: { type: string, format: currency } } }'),
      )
      const probe = validatorsOf(spec)('probe')
      expect(() => probe.compile()).not.toThrow()
      expect(probe.request(parts({ body: { code: 'EUR' } })).violations).toEqual([])
    })

    // Fixed bug, kept as a regression test (src/spec/validators.ts:45, createAjv): `strict: true` turns on strictTypes and
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

  describe('the project\'s Airweave document', () => {
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
      for (const id of ['sourceConnections.get', 'sourceConnections.run', 'sourceConnections.getJobs', 'sourceConnections.cancelJob']) {
        expect(() => airweave(id).compile()).not.toThrow()
      }
    })

    test('checks and coerces the parameters of getJobs and run', () => {
      const list = airweave('sourceConnections.getJobs').request(parts({ path: { source_connection_id: sc } }))
      expect(list).toEqual({ violations: [], path: { source_connection_id: sc }, query: { limit: 100 }, headers: {} })
      const run = airweave('sourceConnections.run').request(
        parts({ path: { source_connection_id: sc }, query: { force_full_sync: 'true' } }),
      )
      expect(run.query.force_full_sync).toBe(true)
      expect(
        airweave('sourceConnections.getJobs').request(parts({ path: { source_connection_id: 'sc' }, query: { limit: '0' } }))
          .violations,
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
