import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import {
  danglingRefs,
  loadSpec,
  refsIn,
  refsOf,
  resolvePointer,
  SpecError,
} from '../../src/spec/load.js'
import { writeSpec, CHROMA_DANGLING, AIRWEAVE } from '../support/spec-fixtures.js'
import { VENDOR_DOCS, vendorDocPath } from '../support/vendor-doc.js'

/** Catches the SpecError a call throws, so its fields can be asserted one by one. */
function specErrorOf(run: () => unknown): SpecError {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(SpecError)
    return error as SpecError
  }
  throw new Error('expected a SpecError, but nothing was thrown')
}

const JOBS_30 = `openapi: 3.0.3
info: { title: Jobs, version: '1.0' }
x-generator: hand
paths:
  /jobs/{job_id}:
    get:
      operationId: getJob
      parameters:
        - { name: job_id, in: path, required: true, schema: { type: string } }
      responses:
        '200':
          description: The job.
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Job' }
components:
  schemas:
    Job:
      type: object
      x-internal: true
      properties:
        id: { type: string, example: job_1 }
        note: { type: string, nullable: true }
        score: { type: number, minimum: 0, exclusiveMinimum: true }
`

// Shaped like the vendor's own Chroma document: two query parameters name a schema that the
// document never defines (DESIGN.md, "Measured here").

describe(SpecError, () => {
  test('names the file and the JSON pointer behind the [jobfake] prefix', () => {
    const error = new SpecError('specs/x.yaml', '/paths/~1jobs/get', 'something is off.')
    expect(error).toBeInstanceOf(Error)
    expect(error.name).toBe('SpecError')
    expect(error.file).toBe('specs/x.yaml')
    expect(error.pointer).toBe('/paths/~1jobs/get')
    expect(error.message).toBe('[jobfake] specs/x.yaml at /paths/~1jobs/get: something is off.')
  })

  test('leaves out "at" when the fault is the whole file', () => {
    expect(new SpecError('x.yaml', '', 'is empty.').message).toBe('[jobfake] x.yaml: is empty.')
  })
})

describe(loadSpec, () => {
  test('reads an OpenAPI 3.0.3 YAML document, with its version, name and content hash', () => {
    const file = writeSpec('jobs.yaml', JOBS_30)
    const spec = loadSpec(file)
    expect(spec.file).toBe(file)
    expect(spec.name).toBe('jobs')
    expect(spec.version).toBe('3.0')
    expect(spec.hash).toBe(createHash('sha256').update(JOBS_30).digest('hex'))
    expect(spec.hash).toMatch(/^[0-9a-f]{64}$/)
    const job = (spec.doc.components as { schemas: Record<string, Record<string, unknown>> })
      .schemas.Job!
    // Loading keeps the document as written: extension keys and 3.0 forms are the validators'
    // concern.
    expect(job['x-internal']).toBe(true)
    expect(job.properties).toMatchObject({
      note: { nullable: true },
      score: { exclusiveMinimum: true },
    })
    expect(spec.doc['x-generator']).toBe('hand')
  })

  test('reads an OpenAPI 3.1.0 JSON document', () => {
    const doc = {
      openapi: '3.1.0',
      info: { title: 'Jobs', version: '1' },
      paths: { '/jobs': { get: { responses: { '200': { description: 'ok' } } } } },
    }
    const spec = loadSpec(writeSpec('jobs.v2.json', JSON.stringify(doc, null, 2)))
    expect(spec.version).toBe('3.1')
    expect(spec.name).toBe('jobs.v2')
    expect(spec.doc).toEqual(doc)
  })

  test.each([
    ['vendor.yaml', 'vendor'],
    ['vendor.yml', 'vendor'],
    ['vendor.json', 'vendor'],
    ['vendor.openapi.yaml', 'vendor.openapi'],
  ])('names %s "%s"', (file, name) => {
    const text = file.endsWith('.json')
      ? JSON.stringify({ openapi: '3.0.3', info: { title: 't', version: '1' }, paths: {} })
      : JOBS_30
    expect(loadSpec(writeSpec(file, text)).name).toBe(name)
  })

  test('a file that cannot be read is named, with the reason', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'jobfake-spec-load-')), 'missing.yaml')
    const error = specErrorOf(() => loadSpec(file))
    expect(error.file).toBe(file)
    expect(error.pointer).toBe('')
    expect(error.message).toMatch(`[jobfake] ${file}: cannot be read (`)
    expect(error.message).toMatch(/ENOENT/)
  })

  test('invalid YAML is reported as such, naming the file', () => {
    const file = writeSpec('broken.yaml', 'openapi: 3.0.3\ninfo: { title: t\npaths:\n  - : :\n')
    const error = specErrorOf(() => loadSpec(file))
    expect(error.file).toBe(file)
    expect(error.message).toMatch(`[jobfake] ${file}: is not valid YAML: `)
  })

  test('invalid JSON is reported as such, naming the file', () => {
    const file = writeSpec('broken.json', '{ "openapi": "3.1.0", "info": ')
    const error = specErrorOf(() => loadSpec(file))
    expect(error.message).toMatch(`[jobfake] ${file}: is not valid JSON: `)
  })

  test.each([
    ['an empty file', ''],
    ['a list', '- openapi: 3.1.0\n'],
    ['a scalar', 'just some text\n'],
  ])('%s is not an OpenAPI document', (_, text) => {
    const error = specErrorOf(() => loadSpec(writeSpec('odd.yaml', text)))
    expect(error.message).toMatch(/is not an OpenAPI document \(expected an object at the top\)\./)
  })

  test.each([
    ['openapi 2.0', 'openapi: "2.0"\ninfo: { title: t, version: "1" }\npaths: {}\n', '2.0'],
    ['Swagger 2.0', 'swagger: "2.0"\ninfo: { title: t, version: "1" }\npaths: {}\n', ''],
    ['OpenAPI 4', 'openapi: 4.0.0\ninfo: { title: t, version: "1" }\npaths: {}\n', '4.0.0'],
  ])('%s is refused at /openapi, with the versions to use', (_, text, declared) => {
    const file = writeSpec('old.yaml', text)
    const error = specErrorOf(() => loadSpec(file))
    expect(error.pointer).toBe('/openapi')
    expect(error.message).toBe(
      `[jobfake] ${file} at /openapi: version "${declared}" is not supported. Use OpenAPI 3.0.x or 3.1.x.`,
    )
  })

  test("a dangling $ref (Chroma's SourceTypeFilter) is refused with both pointers and the --lenient hint", () => {
    const file = writeSpec('chroma.yaml', CHROMA_DANGLING)
    const error = specErrorOf(() => loadSpec(file))
    const first = '/paths/~1api~1v1~1sources/get/parameters/1/schema/$ref'
    const second = '/paths/~1api~1v1~1invocations/get/parameters/0/schema/$ref'
    expect(error.file).toBe(file)
    expect(error.pointer).toBe(first)
    expect(error.message).toMatch(`[jobfake] ${file} at ${first}: $ref points nowhere (`)
    expect(error.message).toContain(`${first} → #/components/schemas/SourceTypeFilter`)
    expect(error.message).toContain(`${second} → #/components/schemas/SourceTypeFilter`)
    expect(error.message).toContain('serve with --lenient')
  })

  test('lenient: true loads a document with a dangling $ref as it is', () => {
    const spec = loadSpec(writeSpec('chroma.yaml', CHROMA_DANGLING), { lenient: true })
    expect(spec.version).toBe('3.1')
    expect(spec.name).toBe('chroma')
    expect(danglingRefs(spec.doc)).toHaveLength(2)
  })

  test("reads the project's own Airweave document", () => {
    const spec = loadSpec(AIRWEAVE)
    expect(spec.version).toBe('3.1')
    expect(spec.name).toBe('airweave')
    expect(spec.hash).toBe(
      createHash('sha256').update(readFileSync(AIRWEAVE, 'utf8')).digest('hex'),
    )
    expect(Object.keys(spec.doc.paths as object)).toContain(
      '/source-connections/{source_connection_id}/jobs/{job_id}/cancel',
    )
    expect(danglingRefs(spec.doc)).toEqual([])
  })
})

describe(resolvePointer, () => {
  const doc = {
    paths: { '/jobs/{id}': { get: { parameters: [{ name: 'id' }, { name: 'verbose' }] } } },
    components: { schemas: { 'a~b': { type: 'string' }, Job: { type: 'object' }, Zero: 0 } },
  }

  test('follows a local pointer through objects and arrays, unescaping ~1 and ~0', () => {
    expect(resolvePointer(doc, '#/components/schemas/Job')).toEqual({ type: 'object' })
    expect(resolvePointer(doc, '#/paths/~1jobs~1{id}/get/parameters/1')).toEqual({
      name: 'verbose',
    })
    expect(resolvePointer(doc, '#/components/schemas/a~0b')).toEqual({ type: 'string' })
    expect(resolvePointer(doc, '#/components/schemas/Zero')).toBe(0)
  })

  test('"#" is the whole document', () => {
    expect(resolvePointer(doc, '#')).toBe(doc)
  })

  test('a pointer to nothing, or to another document, is undefined', () => {
    expect(resolvePointer(doc, '#/components/schemas/Missing')).toBeUndefined()
    expect(resolvePointer(doc, '#/components/schemas/Job/type/deeper')).toBeUndefined()
    expect(resolvePointer(doc, '#/paths/~1jobs~1{id}/get/parameters/5')).toBeUndefined()
    expect(resolvePointer(doc, 'common.yaml#/components/schemas/Job')).toBeUndefined()
  })

  // Fixed bug, kept as a regression test (src/spec/load.ts:48, resolvePointer): a `$ref` is a URI,
  // so its fragment is
  // percent-encoded (RFC 6901 §6); bundlers such as Redocly write `{` as %7B. The parts are only
  // ~-unescaped, never percent-decoded, so such a reference "points nowhere" and loadSpec
  // refuses a valid document. Fix: decodeURIComponent each part before unescapePointer.
  test('follows a percent-encoded pointer, as bundlers write them', () => {
    expect(resolvePointer(doc, '#/paths/~1jobs~1%7Bid%7D/get/parameters/0')).toEqual({ name: 'id' })
  })
})

describe(refsOf, () => {
  test('yields every $ref with the pointer of the object that holds it', () => {
    const doc = {
      a: { $ref: '#/x' },
      list: [{ b: { $ref: '#/y' } }],
      'with/slash': { $ref: '#/z' },
      notRef: { $ref: 42 },
    }
    expect([...refsOf(doc)]).toEqual([
      ['#/x', '#/a'],
      ['#/y', '#/list/0/b'],
      ['#/z', '#/with~1slash'],
    ])
  })

  test('yields nothing for scalars', () => {
    expect([...refsOf('text')]).toEqual([])
    expect([...refsOf(null)]).toEqual([])
  })
})

describe(refsIn, () => {
  test("lists the refs refsOf yields, in its order, for each vendor's document", () => {
    const doc = { a: { $ref: '#/x' }, list: [{ $ref: '#/y' }, { $ref: 7 }], b: [[{ $ref: '#/x' }]] }
    expect(refsIn(doc)).toEqual(['#/x', '#/y', '#/x'])
    expect(refsIn('text')).toEqual([])
    for (const vendor of Object.keys(VENDOR_DOCS)) {
      const { doc } = loadSpec(vendorDocPath(vendor), { lenient: true })
      const refs = refsIn(doc)
      expect(refs.length, vendor).toBeGreaterThan(10)
      expect(refs, vendor).toEqual([...refsOf(doc)].map(([ref]) => ref))
    }
  })

  test('adds to the list it is given', () => {
    const into = ['#/kept']
    expect(refsIn({ $ref: '#/more' }, into)).toBe(into)
    expect(into).toEqual(['#/kept', '#/more'])
  })
})

describe(danglingRefs, () => {
  test('lists each reference that points nowhere as "pointer → target"', () => {
    const doc = {
      components: { schemas: { Job: { type: 'object' } } },
      paths: {
        '/a': { get: { responses: { '200': { $ref: '#/components/responses/Gone' } } } },
        '/b': { get: { schema: { $ref: '#/components/schemas/Job' } } },
      },
    }
    expect(danglingRefs(doc)).toEqual([
      '/paths/~1a/get/responses/200/$ref → #/components/responses/Gone',
    ])
  })

  test('an external reference counts as dangling: only local ones are served', () => {
    expect(danglingRefs({ a: { $ref: 'other.yaml#/Job' } })).toEqual(['/a/$ref → other.yaml#/Job'])
  })
})
