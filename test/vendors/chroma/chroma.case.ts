import { cpSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import { DEFAULT_SCENARIOS_DIR, DEFAULT_SPECS_DIR, type FakeOptions } from '../../../src/index.js'
import { compileSpec } from '../../../src/spec/compile.js'
import { chroma } from '../../../src/vendors/chroma/index.js'
import { deviations } from '../../../src/vendors/chroma/deviations.js'
import { conformingFake, type Answer, type CallOptions } from '../../support/conformance.js'
import { againstVendorDoc } from '../../support/vendor-doc.js'
import type { CommonState } from '../lifecycle.case.js'
import type { Violation } from '../../../src/spec/validators.js'

const own = compileSpec(join(DEFAULT_SPECS_DIR, chroma.spec))
const SOME_ID = '00000000-0000-4000-8000-000000000000'

// The document's single reads, by which the items of the two lists are checked.
const ITEM_OF: Record<string, string> = {
  list_sources: `/api/v1/sources/${SOME_ID}`,
  list_jobs: `/api/v1/invocations/${SOME_ID}`,
}

// A web_scrape invocation's metadata as a GitHub one's: what is left must validate.
function mended(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(mended)
  if (value === null || typeof value !== 'object') return value
  const entries = Object.entries(value).map(([key, v]): [string, unknown] => {
    if (key !== 'metadata' || v === null || typeof v !== 'object' || !('web_scrape' in v))
      return [key, mended(v)]
    const { web_scrape, ...rest } = v as Record<string, unknown>
    expect(web_scrape).toBeNull()
    return [key, { github: { git_ref_identifier: { branch: 'main' } }, ...rest }]
  })
  return Object.fromEntries(entries)
}

const against = (method: string, path: string, answer: Answer, body = answer.body) =>
  againstVendorDoc('chroma', method, path, { ...answer, body })

// The document's `Vec` is a list of invocations: each source misses exactly status and metadata.
async function expectSourcesAsVec(violations: readonly Violation[], answer: Answer) {
  const items = answer.body as unknown[]
  expect(violations).toEqual(
    items.flatMap((_, i) =>
      ['status', 'metadata'].map((name) => ({
        in: 'response',
        name: `${i}.${name}`,
        message: `is required (missing "${name}")`,
      })),
    ),
  )
  for (const item of items)
    expect(await against('GET', ITEM_OF.list_sources!, answer, item)).toEqual([])
}

async function expectExactDeviation(
  operation: string,
  method: string,
  path: string,
  answer: Answer,
) {
  const violations = await against(method, path, answer)
  if (violations.length === 0) return
  const what = `${method} ${path} → ${answer.status}: ${JSON.stringify(violations)}`
  const listed = deviations.find((d) => d.operation === operation && d.status === answer.status)
  expect(listed, what).toBeDefined()
  if (operation === 'list_sources') return expectSourcesAsVec(violations, answer)
  // Otherwise only a web_scrape invocation's metadata breaks the document.
  expect(
    violations.every((v) => /^(\d+\.)?metadata(\.|$)/.test(v.name)),
    what,
  ).toBe(true)
  expect(await against(method, path, answer, mended(answer.body))).toEqual([])
}

/**
 * Checks an answer against Chroma Sync's own document (`path` below the mount): it validates, or
 * breaks it exactly as a deviation listed in src/vendors/chroma/deviations.ts says.
 */
export async function expectVendorDoc(method: string, path: string, answer: Answer) {
  const match = (await own).route(method, new URL(path, 'http://x').pathname)
  if (match.kind !== 'operation') return
  const operation = match.operation.id
  const absent = `the document has no ${method} ${path}`
  const found = await against(method, path, answer)
  if (found.length !== 1 || found[0]!.message !== absent)
    return expectExactDeviation(operation, method, path, answer)
  // A --lenient that leaves out the operations with a dangling $ref: check the items one by one.
  const single = ITEM_OF[operation]
  expect(single, absent).toBeDefined()
  const items = answer.status === 200 ? (answer.body as unknown[]) : [answer.body]
  for (const body of items)
    await expectExactDeviation(operation, 'GET', single!, { ...answer, body, headers: {} })
}

let scenarios: string | undefined

/**
 * The bundled Chroma scenarios, and `uploads-limited` (one add-file a minute) for the tests.
 */
export function scenariosDir(): string {
  if (scenarios) return scenarios
  const dir = mkdtempSync(join(tmpdir(), 'jobfake-chroma-'))
  cpSync(join(DEFAULT_SCENARIOS_DIR, 'chroma'), join(dir, 'chroma'), { recursive: true })
  writeFileSync(
    join(dir, 'chroma', 'uploads-limited.yaml'),
    'faults:\n  - { kind: rate-limit, limit: 1, per: 1m, operation: add_file }\n',
  )
  return (scenarios = dir)
}

/**
 * A fake of Chroma alone whose every answer is checked against the project's spec
 * (conformingFake) and against the vendor's own document (expectVendorDoc).
 */
export async function chromaFake(options: FakeOptions = {}) {
  const {
    fake,
    call: conforming,
    fixtures,
  } = await conformingFake({
    vendors: [chroma],
    scenariosDir: scenariosDir(),
    ...options,
  })
  async function call(method: string, path: string, init: CallOptions = {}): Promise<Answer> {
    const answer = await conforming(method, path, init)
    if (path.startsWith(`${chroma.mount}/`))
      await expectVendorDoc(method, path.slice(chroma.mount.length), answer)
    return answer
  }
  return { fake, call, fixtures }
}

/** chromaFake, with the demo token's headers and the three fixture sources by kind. */
export async function chromaWith(options: FakeOptions = {}) {
  const { fake, call, fixtures } = await chromaFake(options)
  const f = fixtures.chroma
  const auth = { 'x-chroma-token': f.token as string }
  const [github, s3, web] = f.sourceIds as string[]
  return { fake, call, f, auth, github: github!, s3: s3!, web: web! }
}

/** An invocation's status in the lifecycle suite's words. */
export const commonState = (status: unknown): CommonState =>
  typeof status === 'string'
    ? ({ pending: 'PENDING', processing: 'RUNNING', cancelled: 'CANCELLED' } as const)[
        status as 'pending'
      ]
    : 'complete' in (status as object)
      ? 'COMPLETED'
      : 'FAILED'

/** What the lifecycle suite needs to know of any Chroma invocation, however it was started. */
export const invocationLifecycle = {
  accepted: 202,
  refusal: 412,
  longEnough: '10m',
  skip: {
    cancelling:
      'Chroma has no cancelling state, and a processing invocation is not cancelable by default',
  },
}
