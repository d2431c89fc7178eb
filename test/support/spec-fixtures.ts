// Small OpenAPI documents and helpers shared by the tests of src/spec/validators.ts.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { loadSpec, SpecError, type SpecDocument } from '../../src/spec/load.js'
import { operationsOf, type Operation } from '../../src/spec/operations.js'
import {
  compileValidators,
  type OperationValidator,
  type RequestParts,
} from '../../src/spec/validators.js'

export const AIRWEAVE = new URL('../../specs/airweave.yaml', import.meta.url).pathname

export function load(name: string, text: string): SpecDocument {
  const file = join(mkdtempSync(join(tmpdir(), 'jobfake-spec-validators-')), name)
  writeFileSync(file, text)
  return loadSpec(file)
}

export function validatorsOf(spec: SpecDocument, options: { trusted?: boolean } = {}) {
  const validators = compileValidators(spec, operationsOf(spec), options)
  return (id: string): OperationValidator => {
    const found = validators.get(id)
    expect(found, `validator of ${id}`).toBeDefined()
    return found!
  }
}

export const parts = (over: Partial<RequestParts> = {}): RequestParts => ({
  path: {},
  query: {},
  headers: {},
  ...over,
})

/** A document with one POST /x whose JSON body is `schema`, for probing how schemas compile. */
export const bodyDoc = (
  version: '3.0.3' | '3.1.0',
  schema: string,
  components = '{}',
) => `openapi: ${version}
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

export const JOBS_30 = `openapi: 3.0.3
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

export const JOBS_31 = `openapi: 3.1.0
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

export const REQUEST_ID = '8b1c3c2e-7d1f-4a51-9a0e-2f6a9c3b4d5e'

export function writeSpec(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'jobfake-spec-load-')), name)
  writeFileSync(file, text)
  return file
}

export const CHROMA_DANGLING = `openapi: 3.1.0
info: { title: Chroma Sync, version: '1' }
paths:
  /health:
    get:
      operationId: health_check
      responses:
        '200': { description: ok }
  /api/v1/sources:
    get:
      operationId: list_sources
      parameters:
        - { name: database_name, in: query, schema: { type: string } }
        - { name: source_type, in: query, schema: { $ref: '#/components/schemas/SourceTypeFilter' } }
      responses:
        '200': { description: ok }
  /api/v1/invocations:
    get:
      operationId: list_jobs
      parameters:
        - { name: source_type, in: query, schema: { $ref: '#/components/schemas/SourceTypeFilter' } }
      responses:
        '200': { description: ok }
components:
  schemas:
    SourceType: { type: string, enum: [github, s3, web] }
`

export async function rejectionOf(promise: Promise<unknown>): Promise<SpecError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(SpecError)
  return error as SpecError
}

/** A bare operation at a method and path, for routing and binding tests. */
export const operationAt = (method: string, path: string, id = `${method} ${path}`): Operation => ({
  id,
  method,
  path,
  parameters: [],
  responses: {},
  security: [],
})
