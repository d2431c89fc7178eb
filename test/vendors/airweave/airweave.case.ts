import { cpSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import { DEFAULT_SCENARIOS_DIR, DEFAULT_SPECS_DIR, type FakeOptions } from '../../../src/index.js'
import { compileSpec } from '../../../src/spec/compile.js'
import { deviations } from '../../../src/vendors/airweave/deviations.js'
import { airweave } from '../../../src/vendors/airweave/index.js'
import type { Deviation } from '../../../src/vendor/types.js'
import { conformingFake, type Answer, type CallOptions } from '../../support/conformance.js'
import { againstVendorDoc } from '../../support/vendor-doc.js'

const own = compileSpec(join(DEFAULT_SPECS_DIR, airweave.spec))

/** The listed deviations the answers of this test file showed, as `<operation> <status>`. */
export const seen = new Set<string>()

/** How an Airweave fake holds its answers to the vendor's own document. */
export interface DocumentCheck {
  /** The deviations that excuse an answer for breaking the document. */
  listed: Deviation[]
  /** Only the operations (by jobfake's operationId) this accepts are checked; all when absent. */
  only?: (operation: string) => boolean
  /** Told of each listed deviation an answer showed. */
  note(deviation: Deviation, operation: string, status: number): void
}

const everyOperation: DocumentCheck = {
  listed: deviations,
  note: (deviation, _, status) => seen.add(`${deviation.operation} ${status}`),
}

/**
 * Checks an answer against Airweave's own document: it validates, or it is a listed deviation
 * and then it really breaks the document (a deviation that validates is listed in vain).
 */
async function againstTheDocument(
  { listed, only, note }: DocumentCheck,
  method: string,
  path: string,
  answer: Answer,
) {
  const match = (await own).route(method, new URL(path, 'http://x').pathname)
  if (match.kind !== 'operation' || (only && !only(match.operation.id))) return
  const violations = await againstVendorDoc('airweave', method, path, answer)
  const { id } = match.operation
  const deviation = listed.find(
    (d) =>
      (d.operation === id || d.operation === '*') &&
      (d.status === undefined || d.status === answer.status),
  )
  const what = `${method} ${path} → ${answer.status} ${JSON.stringify(answer.body)}`
  if (!deviation) return void expect(violations, what).toEqual([])
  // A deviation of every operation ('*') need not show on each: some declare what is sent.
  if (deviation.operation === '*' && violations.length === 0) return
  expect(violations, `${what} is listed as a deviation, yet validates`).not.toEqual([])
  note(deviation, id, answer.status)
}

/**
 * An Airweave-only fake whose every answer is checked against the project's spec (conformingFake)
 * and against the vendor's own document (only the listed deviations may break it).
 */
export async function airweaveFake(options: FakeOptions = {}, check = everyOperation) {
  // Only Airweave's scenarios: the other vendors' folders would name vendors not mounted here.
  const scenariosDir = mkdtempSync(join(tmpdir(), 'jobfake-airweave-'))
  const from = join(options.scenariosDir ?? DEFAULT_SCENARIOS_DIR, 'airweave')
  cpSync(from, join(scenariosDir, 'airweave'), { recursive: true })
  const {
    fake,
    call: conforming,
    fixtures,
  } = await conformingFake({
    ...options,
    vendors: [airweave],
    scenariosDir,
  })
  const own = fixtures.airweave as {
    apiKey: string
    sourceConnectionIds: string[]
    collectionIds: string[]
  }
  const key = { 'x-api-key': own.apiKey }
  async function call(method: string, path: string, init: CallOptions = {}) {
    const answer = await conforming(method, path, init)
    if (path.startsWith('/airweave/'))
      await againstTheDocument(check, method, path.slice('/airweave'.length), answer)
    return answer
  }
  /** A call with the demo key, to a path below the mount. */
  const api = (method: string, path: string, init: CallOptions = {}) =>
    call(method, `/airweave${path}`, { ...init, headers: { ...key, ...init.headers } })
  return {
    fake,
    call,
    api,
    key,
    fixtures: own,
    sc: own.sourceConnectionIds[0]!,
    other: own.sourceConnectionIds[1]!,
    collection: own.collectionIds[0]!,
  }
}

/** Everything a direct-auth connection needs, in a collection. */
export const directConnection = (collection: string, more: Record<string, unknown> = {}) => ({
  short_name: 'stripe',
  readable_collection_id: collection,
  authentication: { credentials: { api_key: 'sk_test_jobfake' } },
  ...more,
})
