import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { loadSpec, SpecError, type SpecDocument } from '../../src/spec/load.js'
import { operationsOf, responseFor, type Operation } from '../../src/spec/operations.js'

const AIRWEAVE = new URL('../../specs/airweave.yaml', import.meta.url).pathname

function load(text: string, options: { lenient?: boolean } = {}): SpecDocument {
  const file = join(mkdtempSync(join(tmpdir(), 'jobfake-spec-ops-')), 'vendor.yaml')
  writeFileSync(file, text)
  return loadSpec(file, options)
}

const byId = (operations: Operation[], id: string): Operation => {
  const found = operations.find((op) => op.id === id)
  expect(found, `operation ${id}`).toBeDefined()
  return found!
}

const JOBS = `openapi: 3.0.3
info: { title: Jobs, version: '1' }
paths:
  /jobs:
    summary: Jobs
    x-owner: team
    get:
      operationId: listJobs
      parameters:
        - $ref: '#/components/parameters/Limit'
        - { name: X-Request-Id, in: header, required: true, schema: { type: string } }
        - { name: session, in: cookie, schema: { type: string } }
        - name: filter
          in: query
          content:
            application/json:
              schema: { type: object, properties: { status: { type: string } } }
      responses:
        '200':
          description: The jobs.
          headers:
            ETag: { required: true, schema: { type: string } }
            X-Total: { $ref: '#/components/headers/Total' }
          content:
            application/json:
              schema: { type: array, items: { $ref: '#/components/schemas/Job' } }
        4xx: { $ref: '#/components/responses/Problem' }
        default: { $ref: '#/components/responses/Problem' }
    post:
      requestBody: { $ref: '#/components/requestBodies/NewJob' }
      responses:
        '201':
          description: Created.
          content:
            application/problem+json: { schema: { type: object } }
  /jobs/{job_id}:
    parameters:
      - { name: job_id, in: path, schema: { type: string } }
      - { name: verbose, in: query, schema: { type: boolean } }
    get:
      operationId: getJob
      parameters:
        - { name: verbose, in: query, required: true, schema: { type: integer } }
      responses:
        '200': { description: The job. }
    put:
      operationId: replaceJob
      requestBody:
        content:
          text/plain: { schema: { type: string } }
      responses:
        '204': { description: Replaced. }
    delete:
      operationId: deleteJob
      requestBody:
        content:
          '*/*': { schema: { type: object } }
      responses:
        '204': { description: Deleted. }
    head: { operationId: headJob, responses: { '200': { description: ok } } }
    options: { operationId: optionsJob, responses: { '200': { description: ok } } }
    patch: { operationId: patchJob, responses: { '200': { description: ok } } }
    trace: { operationId: traceJob, responses: { '200': { description: ok } } }
  /mirror:
    $ref: '#/components/pathItems/Mirror'
components:
  parameters:
    Limit: { $ref: '#/components/parameters/RealLimit' }
    RealLimit: { name: limit, in: query, schema: { type: integer, default: 20 } }
  headers:
    Total: { schema: { type: integer } }
  requestBodies:
    NewJob:
      required: true
      content:
        application/json: { schema: { $ref: '#/components/schemas/Job' } }
  responses:
    Problem:
      description: A problem.
      content:
        application/problem+json: { schema: { $ref: '#/components/schemas/Problem' } }
  pathItems:
    Mirror:
      get: { operationId: mirror, responses: { '200': { description: ok } } }
  schemas:
    Job: { type: object, properties: { id: { type: string } } }
    Problem: { type: object, properties: { title: { type: string } } }
`

describe(operationsOf, () => {
  const operations = operationsOf(load(JOBS))

  test('lists every operation of every method, with ids made up when the spec has none', () => {
    expect(operations.map((op) => [op.id, op.method, op.path])).toEqual([
      ['listJobs', 'GET', '/jobs'],
      ['post /jobs', 'POST', '/jobs'],
      ['getJob', 'GET', '/jobs/{job_id}'],
      ['replaceJob', 'PUT', '/jobs/{job_id}'],
      ['deleteJob', 'DELETE', '/jobs/{job_id}'],
      ['optionsJob', 'OPTIONS', '/jobs/{job_id}'],
      ['headJob', 'HEAD', '/jobs/{job_id}'],
      ['patchJob', 'PATCH', '/jobs/{job_id}'],
      ['traceJob', 'TRACE', '/jobs/{job_id}'],
      ['mirror', 'GET', '/mirror'],
    ])
  })

  test('follows parameter $refs, even chained ones, and skips cookie parameters', () => {
    const list = byId(operations, 'listJobs')
    expect(list.parameters).toEqual([
      { name: 'limit', in: 'query', required: false, schema: { type: 'integer', default: 20 } },
      { name: 'x-request-id', in: 'header', required: true, schema: { type: 'string' } },
      {
        name: 'filter',
        in: 'query',
        required: false,
        schema: { type: 'object', properties: { status: { type: 'string' } } },
      },
    ])
  })

  test("merges path-level parameters, an operation's own overriding by name and place; path ones are required", () => {
    const get = byId(operations, 'getJob')
    expect(get.parameters).toEqual([
      { name: 'job_id', in: 'path', required: true, schema: { type: 'string' } },
      { name: 'verbose', in: 'query', required: true, schema: { type: 'integer' } },
    ])
    expect(byId(operations, 'deleteJob').parameters.map((p) => `${p.in}:${p.name}`)).toEqual([
      'path:job_id',
      'query:verbose',
    ])
  })

  test('follows a request body $ref and keeps whether it is required', () => {
    expect(byId(operations, 'post /jobs').body).toEqual({
      required: true,
      schema: { $ref: '#/components/schemas/Job' },
    })
  })

  test('a body only in a non-JSON media type has no schema; */* counts as JSON', () => {
    expect(byId(operations, 'replaceJob').body).toBeUndefined()
    expect(byId(operations, 'deleteJob').body).toEqual({
      required: false,
      schema: { type: 'object' },
    })
    expect(byId(operations, 'getJob').body).toBeUndefined()
  })

  test('follows response and header $refs, lower-cases header names and keys ranges and default in capitals', () => {
    const list = byId(operations, 'listJobs')
    expect(Object.keys(list.responses)).toEqual(['200', '4XX', 'DEFAULT'])
    expect(list.responses['200']).toEqual({
      schema: { type: 'array', items: { $ref: '#/components/schemas/Job' } },
      headers: {
        etag: { required: true, schema: { type: 'string' } },
        'x-total': { required: false, schema: { type: 'integer' } },
      },
    })
    expect(list.responses['4XX']).toEqual({
      schema: { $ref: '#/components/schemas/Problem' },
      headers: {},
    })
    expect(list.responses.DEFAULT).toEqual(list.responses['4XX'])
  })

  test('a response with no content has no schema; +json media types count as JSON', () => {
    expect(byId(operations, 'getJob').responses['200']).toEqual({ schema: undefined, headers: {} })
    expect(byId(operations, 'post /jobs').responses['201']!.schema).toEqual({ type: 'object' })
  })

  test('a document without paths has no operations', () => {
    expect(operationsOf(load("openapi: 3.1.0\ninfo: { title: t, version: '1' }\n"))).toEqual([])
  })

  test('a parameter $ref that cannot be followed (lenient load) is a SpecError naming the operation', () => {
    const spec = load(
      `openapi: 3.1.0
info: { title: t, version: '1' }
paths:
  /jobs:
    get:
      parameters: [{ $ref: '#/components/parameters/Gone' }]
      responses: { '200': { description: ok } }
`,
      { lenient: true },
    )
    expect(() => operationsOf(spec)).toThrow(SpecError)
    expect(() => operationsOf(spec)).toThrow(
      /at \/paths\/~1jobs\/get\/parameters: \$ref #\/components\/parameters\/Gone cannot be resolved\./,
    )
  })

  test('a $ref cycle is reported instead of looping forever', () => {
    const spec = load(
      `openapi: 3.1.0
info: { title: t, version: '1' }
paths:
  /jobs:
    get:
      responses: { '200': { $ref: '#/components/responses/A' } }
components:
  responses:
    A: { $ref: '#/components/responses/B' }
    B: { $ref: '#/components/responses/A' }
`,
    )
    expect(() => operationsOf(spec)).toThrow(
      /at \/paths\/~1jobs\/get\/responses\/200: \$ref .* cannot be resolved/,
    )
  })

  test("reads the project's Airweave document, shared path parameters included", () => {
    const operations = operationsOf(loadSpec(AIRWEAVE))
    // In document order; the lifecycle's four among the rest.
    const ids = operations.map((op) => op.id)
    const lifecycle = [
      'sourceConnections.get',
      'sourceConnections.run',
      'sourceConnections.getJobs',
      'sourceConnections.cancelJob',
    ]
    expect(ids.filter((id) => lifecycle.includes(id))).toEqual(lifecycle)
    const cancel = byId(operations, 'sourceConnections.cancelJob')
    expect(cancel.method).toBe('POST')
    expect(cancel.parameters.map((p) => [p.in, p.name, p.required])).toEqual([
      ['path', 'source_connection_id', true],
      ['path', 'job_id', true],
    ])
    expect(cancel.responses['429']!.headers['retry-after']).toEqual({
      required: true,
      schema: { type: 'string', pattern: '^[0-9]+$' },
    })
    expect(cancel.responses['429']!.headers['ratelimit-limit']!.required).toBe(false)
    expect(cancel.responses.DEFAULT!.schema).toEqual({ $ref: '#/components/schemas/Detail' })
    expect(byId(operations, 'sourceConnections.getJobs').parameters[1]).toEqual({
      name: 'limit',
      in: 'query',
      required: false,
      schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
    })
  })
})

describe(responseFor, () => {
  const operation = (responses: Operation['responses']): Operation => ({
    id: 'op',
    method: 'GET',
    path: '/x',
    parameters: [],
    security: [],
    responses,
  })
  const exact = { schema: { type: 'string' }, headers: {} }
  const range = { schema: { type: 'integer' }, headers: {} }
  const fallback = { schema: { type: 'boolean' }, headers: {} }

  test('picks the exact code first, then its range, then default', () => {
    const op = operation({ '404': exact, '4XX': range, DEFAULT: fallback })
    expect(responseFor(op, 404)).toBe(exact)
    expect(responseFor(op, 409)).toBe(range)
    expect(responseFor(op, 500)).toBe(fallback)
    expect(responseFor(op, 200)).toBe(fallback)
  })

  test('is undefined for a status the operation does not cover', () => {
    const op = operation({ '200': exact, '5XX': range })
    expect(responseFor(op, 503)).toBe(range)
    expect(responseFor(op, 201)).toBeUndefined()
    expect(responseFor(op, 404)).toBeUndefined()
  })
})
