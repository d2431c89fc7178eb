import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ValidateFunction } from 'ajv/dist/2020.js'
import { describe, expect, test } from 'vitest'
import { operationsOf } from '../../src/spec/operations.js'
import { validatorCache, type ValidatorCache } from '../../src/spec/validator-cache.js'
import {
  cacheKey,
  compileValidators,
  type CheckedRequest,
  type OperationValidator,
} from '../../src/spec/validators.js'
import { JOBS_30, load, parts, REQUEST_ID } from '../support/spec-fixtures.js'

const spec = load('jobs.yaml', JOBS_30)
const LIST_PARAMS = cacheKey(0, 'listJobs', 'params')
const freshRoot = () => mkdtempSync(join(tmpdir(), 'jobfake-validator-cache-'))
// A cache writes when the process is idle: after this turn, what it was given is on disk.
const idle = () => new Promise((resolve) => setImmediate(resolve))
const filesIn = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))

// What one operation's validators make of requests and answers, good and bad.
function verdicts(validators: Map<string, OperationValidator>) {
  const listJobs = validators.get('listJobs')!
  const createJob = validators.get('createJob')!
  const job = { id: 'job_1', status: 'done' }
  return [
    listJobs.request(
      parts({ query: { cursor: 'c1', limit: '10' }, headers: { 'x-request-id': REQUEST_ID } }),
    ),
    listJobs.request(parts({ query: { cursor: 'c', limit: '0' } })),
    listJobs.response(200, [job], { etag: '"1"' }),
    listJobs.response(200, [{ ...job, status: 'lost', extra: 1 }], {}),
    listJobs.response(404, {}, {}),
    createJob.request({ ...parts(), body: { name: '' } }),
    createJob.request({ ...parts(), body: { name: 'nightly' } }),
  ]
}

const compiled = (cache?: ValidatorCache) =>
  compileValidators(spec, operationsOf(spec), cache ? { cache } : {})

describe(validatorCache, () => {
  test('validators loaded from the cache judge exactly as compiled ones', async () => {
    const root = freshRoot()
    const expected = verdicts(compiled())
    expect(expected.map((v) => ('violations' in v ? v.violations : v).length)).toEqual([
      0, 3, 0, 3, 1, 1, 0,
    ])
    const first = verdicts(compiled(validatorCache(spec, 'strict', { root, build: 'b1' })))
    expect(first).toEqual(expected)
    await idle()
    // One file per validator used: params of both, the body of one, two responses' body+headers.
    expect(filesIn(root)).toHaveLength(7)
    const loads: string[] = []
    const cache = validatorCache(spec, 'strict', { root, build: 'b1' })!
    const counting: ValidatorCache = {
      load: (key) => {
        const found = cache.load(key)
        if (found) loads.push(key)
        return found
      },
      save: () => expect.fail('nothing is compiled, so nothing is saved'),
    }
    expect(verdicts(compiled(counting))).toEqual(expected)
    expect(loads).toHaveLength(7)
  })

  test('what a cache hands back is what the validators use, without compiling', () => {
    const refuse: ValidateFunction = Object.assign(
      (data: unknown) => {
        refuse.errors = [
          { instancePath: '', schemaPath: '#', keyword: 'cached', params: {}, message: 'cached' },
        ]
        return data === 'never'
      },
      { errors: null },
    ) as unknown as ValidateFunction
    const validators = compiled({
      load: () => refuse,
      save: () => expect.fail('a loaded validator is not saved again'),
    })
    const [asked, , answered] = verdicts(validators)
    expect((asked as CheckedRequest).violations).toEqual([
      expect.objectContaining({ message: 'cached' }),
    ])
    // The body's check and the headers' both.
    expect(answered).toEqual([
      expect.objectContaining({ message: 'cached', name: '' }),
      expect.objectContaining({ message: 'cached', name: 'header ' }),
    ])
  })

  test("another build's validators, or a broken file, are compiled again", async () => {
    const root = freshRoot()
    verdicts(compiled(validatorCache(spec, 'strict', { root, build: 'old' })))
    await idle()
    const old = filesIn(root)
    expect(old.length).toBeGreaterThan(0)
    // Another build sees none of them, and its first save drops them.
    const other = validatorCache(spec, 'strict', { root, build: 'new' })!
    const saved: string[] = []
    const watching: ValidatorCache = {
      load: (key) => other.load(key),
      save: (key, ajv, fn) => (saved.push(key), other.save(key, ajv, fn)),
    }
    expect(verdicts(compiled(watching))).toEqual(verdicts(compiled()))
    expect(saved).toHaveLength(old.length)
    await idle()
    expect(readdirSync(root)).toEqual(['new'])
    // A file that is not a validator is compiled again, and then replaced.
    for (const file of filesIn(root)) writeFileSync(file, 'module.exports = {')
    const again = validatorCache(spec, 'strict', { root, build: 'new' })!
    expect(again.load(LIST_PARAMS)).toBeUndefined()
    expect(verdicts(compiled(again))).toEqual(verdicts(compiled()))
    await idle()
    expect(again.load(LIST_PARAMS)).toBeTypeOf('function')
  })

  test('a variant of the same document has validators of its own; no build, no cache', () => {
    const root = freshRoot()
    expect(validatorCache(spec, 'strict', { root, build: null })).toBeUndefined()
    const strict = validatorCache(spec, 'strict', { root, build: 'b' })!
    const lenient = validatorCache(spec, 'lenient', { root, build: 'b' })!
    verdicts(compiled(strict))
    return idle().then(() => {
      expect(strict.load(LIST_PARAMS)).toBeTypeOf('function')
      expect(lenient.load(LIST_PARAMS)).toBeUndefined()
    })
  })
})
