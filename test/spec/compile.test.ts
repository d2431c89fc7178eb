import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { compileSpec, warmUp, type CompiledSpec } from '../../src/spec/compile.js'
import { SpecError } from '../../src/spec/load.js'
import type { OperationValidator } from '../../src/spec/validators.js'
import { AIRWEAVE, rejectionOf, writeSpec } from '../support/spec-fixtures.js'

/** An AIP-136 style document; `title` makes its content (and so its cache key) unique to a test. */
const operationsDoc = (title: string) => `openapi: 3.0.3
info: { title: ${title}, version: '1' }
paths:
  /operations/{id}:
    get:
      operationId: getOperation
      parameters:
        - { name: id, in: path, required: true, schema: { type: string, pattern: '^op_' } }
        - { name: verbose, in: query, schema: { type: boolean, default: false } }
      responses:
        '200':
          description: The operation.
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Operation' }
  /operations/{id}:cancel:
    post:
      operationId: cancelOperation
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
      responses:
        '200':
          description: Cancelling.
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Operation' }
components:
  schemas:
    Operation:
      type: object
      required: [name, done]
      properties:
        name: { type: string }
        done: { type: boolean }
        error: { type: string, nullable: true, x-note: set on failure }
`

const CHROMA_DANGLING = `openapi: 3.1.0
info: { title: Chroma Sync, version: '1' }
paths:
  /health:
    get:
      operationId: health_check
      responses:
        '200': { description: ok, content: { application/json: { schema: { type: object } } } }
  /api/v1/sources:
    get:
      operationId: list_sources
      parameters:
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

describe(compileSpec, () => {
  test('loads, checks and compiles a spec: operations, a router over them and their validators', async () => {
    const compiled = await compileSpec(writeSpec('akua.yaml', operationsDoc('compiled')))
    expect(compiled.spec.name).toBe('akua')
    expect(compiled.spec.version).toBe('3.0')
    expect(compiled.operations.map((op) => op.id)).toEqual(['getOperation', 'cancelOperation'])
    expect([...compiled.validators.keys()]).toEqual(['getOperation', 'cancelOperation'])

    const match = compiled.route('POST', '/operations/op_1:cancel')
    expect(match.kind === 'operation' && [match.operation.id, match.params]).toEqual([
      'cancelOperation',
      { id: 'op_1' },
    ])
    expect(compiled.route('POST', '/operations/op_1:bogus')).toEqual({ kind: 'not-found' })

    const get = compiled.validators.get('getOperation')!
    expect(get.request({ path: { id: 'op_1' }, query: {}, headers: {} })).toEqual({
      violations: [],
      path: { id: 'op_1' },
      query: { verbose: false },
      headers: {},
    })
    expect(get.response(200, { name: 'operations/op_1', done: true, error: null }, {})).toEqual([])
    expect(get.response(200, { name: 'operations/op_1' }, {})).toHaveLength(1)
  })

  test('the same content is compiled once and shared; lenient is compiled apart', async () => {
    const text = operationsDoc('shared')
    const first = await compileSpec(writeSpec('a.yaml', text))
    const again = await compileSpec(writeSpec('b.yaml', text))
    expect(again).toBe(first)
    const lenient = await compileSpec(writeSpec('a.yaml', text), { lenient: true })
    expect(lenient).not.toBe(first)
    expect(lenient.operations.map((op) => op.id)).toEqual(first.operations.map((op) => op.id))
  })

  test('a document that fails meta-validation stops start-up, naming the pointer', async () => {
    const text = operationsDoc('invalid').replace('          description: Cancelling.\n', '')
    const file = writeSpec('invalid.yaml', text)
    const error = await rejectionOf(compileSpec(file))
    expect(error.file).toBe(file)
    expect(error.pointer).toBe('/paths/~1operations~1{id}:cancel/post/responses/200')
    expect(error.message).toMatch(
      /is not a valid OpenAPI 3\.0 document: must have required property 'description'/,
    )
  })

  test('a misspelt schema keyword in 3.0 is caught by meta-validation, at its pointer', async () => {
    const text = operationsDoc('typo 3.0').replace(
      'name: { type: string }',
      'name: { type: string, maxLenght: 3 }',
    )
    const error = await rejectionOf(compileSpec(writeSpec('typo.yaml', text)))
    expect(error.pointer).toBe('/components/schemas/Operation/properties/name')
    expect(error.message).toContain('"additionalProperty":"maxLenght"')
  })

  test("a misspelt schema keyword in 3.1 (an open dialect) stops start-up too: a user's spec is compiled at once", async () => {
    const text = operationsDoc('typo 3.1')
      .replace('openapi: 3.0.3', 'openapi: 3.1.0')
      .replace('type: string, nullable: true', "type: [string, 'null']")
      .replace('name: { type: string }', 'name: { type: string, maxLenght: 3 }')
    await expect(compileSpec(writeSpec('typo.yaml', text))).rejects.toThrow(
      /strict mode: unknown keyword: "maxLenght"/,
    )
  })

  test('a dangling $ref stops start-up, with the pointer and the --lenient hint', async () => {
    const file = writeSpec('chroma.yaml', CHROMA_DANGLING)
    const error = await rejectionOf(compileSpec(file))
    expect(error.pointer).toBe('/paths/~1api~1v1~1sources/get/parameters/0/schema/$ref')
    expect(error.message).toContain('/paths/~1api~1v1~1invocations/get/parameters/0/schema/$ref')
    expect(error.message).toContain('--lenient')
  })

  // A vendor's document with one broken reference must not lose the operations a client calls
  // most: they are served, and what the reference stood for accepts anything.
  test('lenient: true serves every operation of a spec with a dangling $ref, that part unchecked', async () => {
    const compiled = await compileSpec(writeSpec('chroma.yaml', CHROMA_DANGLING), { lenient: true })
    expect(compiled.operations.map((op) => op.id)).toEqual([
      'health_check',
      'list_sources',
      'list_jobs',
    ])
    const health = compiled.route('GET', '/health')
    expect(health.kind === 'operation' && health.operation.id).toBe('health_check')
    expect(compiled.validators.get('health_check')!.response(200, {}, {})).toEqual([])
    const sources = compiled.validators.get('list_sources')!
    expect(
      sources.request({ path: {}, query: { source_type: 'anything' }, headers: {} }).violations,
    ).toEqual([])
  })

  test("compiles the project's Airweave document", async () => {
    const airweave = await compileSpec(AIRWEAVE)
    expect(airweave.spec.version).toBe('3.1')
    expect(airweave.operations.map((op) => op.id)).toEqual(
      expect.arrayContaining(['sourceConnections.run', 'sourceConnections.cancelJob']),
    )
    const sc = '5d7f2b8e-8c1a-4a61-9c55-0a3a7e0f1b2c'
    const match = airweave.route('POST', `/source-connections/${sc}/run`)
    expect(match.kind === 'operation' && match.operation.id).toBe('sourceConnections.run')
    const run = airweave.validators.get('sourceConnections.run')!
    expect(
      run.request({ path: { source_connection_id: sc }, query: {}, headers: {} }).query,
    ).toEqual({
      force_full_sync: false,
    })
    expect(await compileSpec(AIRWEAVE)).toBe(airweave)
  })
})

describe(warmUp, () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  const fakeSpec = (ids: string[], log: string[]): CompiledSpec => {
    const validators = new Map<string, OperationValidator>()
    for (const id of ids) {
      validators.set(id, {
        request: () => ({ violations: [], path: {}, query: {}, headers: {} }),
        response: () => [],
        compile: () => void log.push(id),
      })
    }
    return { validators } as CompiledSpec
  }

  test('compiles nothing before the delay, then every validator once, one per turn, in order', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate'] })
    const log: string[] = []
    warmUp([fakeSpec(['a', 'b'], log), fakeSpec(['c'], log)], { after: 300 })
    expect(log).toEqual([])
    await vi.advanceTimersByTimeAsync(299)
    expect(log).toEqual([])
    // At 300 ms the first compilation is queued for the next idle turn, then one per turn.
    await vi.advanceTimersByTimeAsync(1)
    expect(log).toEqual([])
    expect(vi.getTimerCount()).toBe(1)
    await vi.advanceTimersToNextTimerAsync()
    expect(log).toEqual(['a'])
    await vi.advanceTimersToNextTimerAsync()
    expect(log).toEqual(['a', 'b'])
    await vi.runAllTimersAsync()
    expect(log).toEqual(['a', 'b', 'c'])
    expect(vi.getTimerCount()).toBe(0)
  })

  test('does the work it is given first before any validator, then what that work gives', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate'] })
    const log: string[] = []
    const more = () => void log.push('its validator')
    warmUp([fakeSpec(['a'], log)], {
      first: [() => (log.push('doc 1'), [more]), () => void log.push('doc 2')],
    })
    await vi.advanceTimersByTimeAsync(300)
    expect(log).toEqual([])
    await vi.advanceTimersToNextTimerAsync()
    expect(log).toEqual(['doc 1'])
    await vi.runAllTimersAsync()
    // What a first task gives comes after the rest.
    expect(log).toEqual(['doc 1', 'doc 2', 'a', 'its validator'])
  })

  test('waits 300 ms by default, and has nothing to do for no specs', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate'] })
    const log: string[] = []
    warmUp([fakeSpec(['only'], log)])
    await vi.advanceTimersByTimeAsync(299)
    expect(log).toEqual([])
    await vi.runAllTimersAsync()
    expect(log).toEqual(['only'])
    warmUp([])
    await vi.runAllTimersAsync()
    expect(log).toEqual(['only'])
  })
})
