import { cpSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import { DEFAULT_SCENARIOS_DIR, DEFAULT_SPECS_DIR, type FakeOptions } from '../../../src/index.js'
import { compileSpec } from '../../../src/spec/compile.js'
import { deviations } from '../../../src/vendors/peaka/deviations.js'
import { conformingFake, type Answer, type CallOptions } from '../../support/conformance.js'
import { againstVendorDoc } from '../../support/vendor-doc.js'

export const MOUNT = '/peaka/api/v1'
const ownSpec = compileSpec(join(DEFAULT_SPECS_DIR, 'peaka.yaml'))

/** The project operation a vendor request is, by the project's spec. */
export async function operationOf(method: string, path: string): Promise<string | undefined> {
  const pathname = new URL(path, 'http://x').pathname.slice(MOUNT.length)
  const match = (await ownSpec).route(method, pathname)
  return match.kind === 'operation' ? match.operation.id : undefined
}

/** The listed deviation an answer falls under, if any. */
export async function deviationOf(method: string, path: string, status: number) {
  const operation = await operationOf(method, path)
  return deviations.find(
    (d) =>
      (d.operation === operation || d.operation === '*') &&
      (d.status === undefined || d.status === status),
  )
}

/** What the vendor's own document says of an answer (the path with its mount). */
export const vendorViolations = (method: string, path: string, answer: Answer) =>
  againstVendorDoc('peaka', method, path.slice(MOUNT.length), answer)

/**
 * Fails unless the answer validates against the vendor's own document, or is of an operation and
 * status that `deviations` lists.
 */
export async function expectVendorDoc(method: string, path: string, answer: Answer) {
  const violations = await vendorViolations(method, path, answer)
  if (violations.length === 0) return
  const deviation = await deviationOf(method, path, answer.status)
  const what = `${method} ${path} → ${answer.status} ${JSON.stringify(answer.body)}`
  expect(
    deviation,
    `${what} breaks the vendor's document: ${JSON.stringify(violations)}`,
  ).toBeDefined()
}

/** The bundled scenarios and, beside Peaka's, the test's own (name → YAML). */
export function withScenarios(own: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'jobfake-peaka-'))
  cpSync(DEFAULT_SCENARIOS_DIR, dir, { recursive: true })
  for (const [name, yaml] of Object.entries(own))
    writeFileSync(join(dir, 'peaka', `${name}.yaml`), yaml)
  return dir
}

/**
 * A fake whose every Peaka answer is checked against the project's spec (conformingFake) and
 * the vendor's own document (expectVendorDoc), with the fixtures and request helpers tests share.
 */
export async function peaka(options: FakeOptions = {}) {
  const { fake, call: conforming, fixtures } = await conformingFake(options)
  const call = async (method: string, path: string, init: CallOptions = {}) => {
    const answer = await conforming(method, path, init)
    if (path.startsWith(`${MOUNT}/`)) await expectVendorDoc(method, path, answer)
    return answer
  }
  const f = fixtures.peaka
  const project = f.projectIds[0] as string
  const auth = { authorization: `Bearer ${f.partnerKey}` }
  const data = `${MOUNT}/data/projects/${project}`
  const base = `${data}/cache`
  const orders = { catalogId: 'pg_sales', schemaName: 'public', tableName: 'orders' }
  const as = (headers: Record<string, string> = {}) => ({ ...auth, ...headers })
  const get = (path: string, headers?: Record<string, string>) =>
    call('GET', path, { headers: as(headers) })
  const post = (path: string, body?: unknown, headers?: Record<string, string>) =>
    call('POST', path, { headers: as(headers), body })
  const create = (body: Record<string, unknown> = orders, headers: Record<string, string> = {}) =>
    post(base, body, headers)
  const status = (id: string, query = '') => get(`${base}/${id}/status${query}`)
  return { fake, call, f, project, auth, data, base, orders, get, post, create, status }
}

/** The shared harness, with `post(cacheId, action)` for the cache's own actions. */
export async function peakaCache(options: FakeOptions = {}) {
  const p = await peaka(options)
  const post = (id: string, action: string, headers: Record<string, string> = {}) =>
    p.call('POST', `${p.base}/${id}/${action}`, { headers: { ...p.auth, ...headers } })
  return { ...p, post }
}
