import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test, vi } from 'vitest'
import { builtByProject, checkSpec, HASHES_FILE } from '../../src/spec/check.js'
import { loadSpec, SpecError, type SpecDocument } from '../../src/spec/load.js'
import { rejectionOf } from '../support/spec-fixtures.js'

// The build records the hashes of the project's own specs in spec-hashes.json; from source there
// is none, so the test stands one in: every other file is read from disk as usual.
const BUILT = vi.hoisted(() => 'b'.repeat(64))
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>()
  const read = fs.readFileSync as (...args: unknown[]) => unknown
  const readFileSync = (path: unknown, ...rest: unknown[]) =>
    String(path).endsWith('/spec-hashes.json')
      ? JSON.stringify({ 'airweave.yaml': BUILT })
      : read(path, ...rest)
  return { ...fs, default: { ...fs, readFileSync }, readFileSync }
})

const AIRWEAVE = new URL('../../specs/airweave.yaml', import.meta.url).pathname

function writeSpec(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'jobfake-spec-check-')), name)
  writeFileSync(file, text)
  return file
}

/** A small document; `title` makes its content (and so its hash) unique to a test. */
const valid = (version: '3.0.3' | '3.1.0', title: string) => `openapi: ${version}
info: { title: ${title}, version: '1' }
paths:
  /jobs:
    get:
      operationId: listJobs
      responses:
        '200':
          description: The jobs.
          content:
            application/json:
              schema: { type: array, items: { type: string } }
`

// A response object must have a description, in 3.0 and 3.1 alike.
const withoutDescription = (version: '3.0.3' | '3.1.0', title: string) => `openapi: ${version}
info: { title: ${title}, version: '1' }
paths:
  /jobs:
    get:
      responses:
        '200':
          content:
            application/json:
              schema: { type: array, items: { type: string } }
`

describe(checkSpec, () => {
  test.each(['3.0.3', '3.1.0'] as const)('accepts a valid OpenAPI %s document', async (version) => {
    await expect(
      checkSpec(loadSpec(writeSpec('ok.yaml', valid(version, `ok ${version}`)))),
    ).resolves.toBeUndefined()
  })

  test.each(['3.0.3', '3.1.0'] as const)(
    'refuses an OpenAPI %s response without description, naming the file and the pointer',
    async (version) => {
      const file = writeSpec('bad.yaml', withoutDescription(version, `bad ${version}`))
      const spec = loadSpec(file)
      const error = await rejectionOf(checkSpec(spec))
      expect(error.file).toBe(file)
      expect(error.pointer).toBe('/paths/~1jobs/get/responses/200')
      expect(error.message).toMatch(
        `[jobfake] ${file} at /paths/~1jobs/get/responses/200: is not a valid OpenAPI ${spec.version} document: `,
      )
      expect(error.message).toMatch(/required property 'description'/)
    },
  )

  test('counts the further errors after the first', async () => {
    const text = `openapi: 3.0.3
info: { title: many errors, version: '1' }
paths:
  /a: { get: { responses: { '200': { content: {} } } } }
  /b: { get: { responses: { '200': { content: {} } } } }
`
    const error = await rejectionOf(checkSpec(loadSpec(writeSpec('many.yaml', text))))
    expect(error.message).toMatch(/\(and \d+ more\)$/)
  })

  test('a document missing its info is refused at the top', async () => {
    const text = 'openapi: 3.1.0\npaths: {}\n'
    const error = await rejectionOf(checkSpec(loadSpec(writeSpec('noinfo.yaml', text))))
    expect(error.message).toMatch(/is not a valid OpenAPI 3\.1 document: .*info/)
  })

  test('a document checked once is not checked again, unless forced', async () => {
    const spec = loadSpec(writeSpec('once.yaml', valid('3.1.0', 'checked once')))
    await checkSpec(spec)
    // Same content hash, so the cached verdict stands even for a document changed in memory.
    const changed: SpecDocument = {
      ...spec,
      doc: loadSpec(writeSpec('bad.yaml', withoutDescription('3.1.0', 'x'))).doc,
    }
    await expect(checkSpec(changed)).resolves.toBeUndefined()
    const error = await rejectionOf(checkSpec(changed, { force: true }))
    expect(error.pointer).toBe('/paths/~1jobs/get/responses/200')
  })

  test('a document whose hash the build recorded is skipped, unless forced', async () => {
    const invalid = loadSpec(writeSpec('built.yaml', withoutDescription('3.0.3', 'built')))
    const recorded: SpecDocument = { ...invalid, hash: BUILT }
    await expect(checkSpec(recorded)).resolves.toBeUndefined()
    const error = await rejectionOf(checkSpec(recorded, { force: true }))
    expect(error.message).toMatch(/required property 'description'/)
  })

  test('a failed check is not remembered: the same document fails again', async () => {
    const spec = loadSpec(writeSpec('twice.yaml', withoutDescription('3.1.0', 'fails twice')))
    await rejectionOf(checkSpec(spec))
    await rejectionOf(checkSpec(spec))
  })

  test("the project's Airweave document passes a forced check", async () => {
    await expect(checkSpec(loadSpec(AIRWEAVE), { force: true })).resolves.toBeUndefined()
  })
})

describe(builtByProject, () => {
  test('knows the hashes recorded next to the build, and only those', () => {
    expect(HASHES_FILE.pathname).toMatch(/\/spec-hashes\.json$/)
    const spec = loadSpec(AIRWEAVE)
    expect(builtByProject({ ...spec, hash: BUILT })).toBe(true)
    expect(builtByProject(spec)).toBe(spec.hash === BUILT)
    expect(builtByProject({ ...spec, hash: 'c'.repeat(64) })).toBe(false)
  })
})
