import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, test, vi } from 'vitest'
import * as check from '../../src/spec/check.js'
import { compileSpec } from '../../src/spec/compile.js'
import { remembered } from '../../src/spec/remembered.js'

afterEach(() => vi.restoreAllMocks())

const doc = (title: string, ref = '#/components/schemas/Job') => `openapi: 3.0.3
info: { title: ${title}, version: '1' }
paths:
  /jobs/{id}:
    get:
      operationId: getJob
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
      responses:
        '200':
          description: The job.
          content:
            application/json:
              schema: { $ref: '${ref}' }
components:
  schemas:
    Job: { type: object, required: [id], properties: { id: { type: string } } }
`

const written = (text: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'remembered-')), 'doc.yaml')
  writeFileSync(file, text)
  return file
}

test('a document checked once is not meta-validated again, and validates the same', async () => {
  const file = written(doc(`remembered-${Date.now()}`))
  const meta = vi.spyOn(check, 'checkSpec')
  const first = await compileSpec(file, { lazy: true })
  expect(remembered(first.spec.hash)).toEqual({ dangling: 0 })
  // Another process would not share this one's compiled specs: the same content, another key.
  const second = await compileSpec(file, { lazy: false })
  expect(meta).toHaveBeenCalledTimes(1)
  for (const compiled of [first, second]) {
    const validator = compiled.validators.get('getJob')!
    expect(validator.response(200, { id: 'j1' }, {})).toEqual([])
    expect(validator.response(200, {}, {})[0]?.message).toBe('is required (missing "id")')
  }
  // `validate` (full) checks whatever was remembered.
  await compileSpec(file, { full: true })
  expect(meta).toHaveBeenCalledTimes(2)
})

test('a broken document is never remembered, and one with a dangling $ref only as such', async () => {
  const broken = written(doc(`broken-${Date.now()}`).replace('type: object', 'type: objekt'))
  await expect(compileSpec(broken)).rejects.toThrow(/objekt|type/)
  await expect(compileSpec(broken)).rejects.toThrow(/objekt|type/)
  const dangling = written(doc(`dangling-${Date.now()}`, '#/components/schemas/Gone'))
  const served = await compileSpec(dangling, { lenient: true, lazy: true })
  expect(remembered(served.spec.hash)).toEqual({ dangling: 1 })
  // Without --lenient it is still refused, remembered or not.
  await expect(compileSpec(dangling)).rejects.toThrow(/points nowhere/)
})

test('an unwritable cache only means checking again', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cache-'))
  writeFileSync(join(dir, 'checked'), 'a file where the folder should be')
  const before = process.env.JOBFAKE_CACHE_DIR
  process.env.JOBFAKE_CACHE_DIR = dir
  try {
    const compiled = await compileSpec(written(doc(`unwritable-${Date.now()}`)), { lazy: true })
    expect(remembered(compiled.spec.hash)).toBeUndefined()
    expect(readdirSync(dir)).toEqual(['checked'])
  } finally {
    process.env.JOBFAKE_CACHE_DIR = before
    rmSync(dir, { recursive: true })
  }
})
