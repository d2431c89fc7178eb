// loadProject with the vendors' own documents (issue 11): the modelled lifecycles answer exactly
// as under the project's specs, byte for byte, and within each vendor's document.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { createFake, type Fake } from '../src/index.js'
import { DeferredMount, type MountedVendor } from '../src/pipeline/mounted.js'
import { loadProject } from '../src/project.js'
import { vendors } from '../src/vendors/index.js'
import { vendorDocPath } from './support/vendor-doc.js'

type Step =
  [method: string, path: string, headers?: Record<string, string>, body?: unknown] | string
const vendorDocs = Object.fromEntries(vendors.map((v) => [v.name, vendorDocPath(v.name)]))

/** Per vendor: start a job, poll, move the clock, cancel, poll, cancel again, ask for nothing. */
function lifecycles(f: any): Record<string, (ids: string[]) => Step[]> {
  const aw = { 'x-api-key': f.airweave.apiKey }
  const sc = `/airweave/source-connections/${f.airweave.sourceConnectionIds[0]}`
  const ch = { 'x-chroma-token': f.chroma.token }
  const pk = { authorization: `Bearer ${f.peaka.partnerKey}` }
  const project = `/peaka/api/v1/data/projects/${f.peaka.projectIds[0]}`
  const ak = { authorization: `Bearer ${f.akua.token}` }
  const none = '00000000-0000-4000-8000-000000000000'
  return {
    airweave: ([job]) => [
      ['POST', `${sc}/run`, aw],
      ['GET', `${sc}/jobs`, aw],
      '30s',
      ['GET', sc, aw],
      ['POST', `${sc}/jobs/${job}/cancel`, aw],
      ['POST', `${sc}/jobs/${job}/cancel`, aw],
      '10s',
      ['GET', `${sc}/jobs`, aw],
      ['POST', `${sc}/jobs/${none}/cancel`, aw],
    ],
    chroma: ([invocation]) => [
      ['POST', `/chroma/api/v1/sources/${f.chroma.sourceIds[0]}/invocations`, ch, {}],
      ['GET', `/chroma/api/v1/invocations/${invocation}`, ch],
      ['PUT', `/chroma/api/v1/invocations/${invocation}`, ch],
      ['PUT', `/chroma/api/v1/invocations/${invocation}`, ch],
      '2m',
      ['GET', `/chroma/api/v1/invocations?database_name=docs-prod`, ch],
      ['GET', `/chroma/api/v1/invocations/${none}`, ch],
    ],
    peaka: ([cache]) => [
      ['POST', `${project}/cache`, pk, f.peaka.tables[0]],
      ['GET', `${project}/cache/${cache}/status?excludeLogs=true`, pk],
      '10s',
      ['POST', `${project}/cache/${cache}/cancelFullRefreshUpdate`, pk],
      '10s',
      ['POST', `${project}/cache/${cache}/cancelFullRefreshUpdate`, pk],
      ['GET', `${project}/cache/${cache}/executionHistory`, pk],
      ['GET', `${project}/cache/${none}`, pk],
    ],
    akua: ([operation]) => [
      ['POST', '/akua/v1/clusters', ak, { name: 'twin', region_id: f.akua.regionIds[0] }],
      ['GET', `/akua/v1/operations/${operation}`, ak],
      '30s',
      ['POST', `/akua/v1/operations/${operation}:cancel`, ak],
      '5m',
      ['POST', `/akua/v1/operations/${operation}:cancel`, ak],
      ['GET', '/akua/v1/operations', ak],
      ['GET', '/akua/v1/operations/op_00000000000000000000', ak],
    ],
  }
}

/** Plays a lifecycle: its first answer's id fills the rest (each fake makes the same ids). */
async function play(fake: Fake, lifecycle: (ids: string[]) => Step[]): Promise<string[]> {
  const first = lifecycle([''])[0] as Exclude<Step, string>
  const answers: string[] = []
  let ids: string[] = []
  for (const step of [first, ...lifecycle(['pending']).slice(1)]) {
    if (typeof step === 'string') {
      fake.clock.advance(step)
      continue
    }
    const [method, rawPath, headers = {}, body] = step
    const path = rawPath.replace('pending', ids[0] ?? '')
    const init: RequestInit = {
      method,
      headers: { 'content-type': 'application/json', ...headers },
    }
    if (body !== undefined) init.body = JSON.stringify(body)
    const res = await fake.request(path, init)
    const text = await res.text()
    if (ids.length === 0) {
      const parsed = JSON.parse(text)
      ids = [parsed.id ?? parsed.invocation_id]
    }
    answers.push(`${method} ${path.replace(ids[0]!, '<id>')} → ${res.status} ${text}`)
  }
  return answers
}

describe("the vendors' own documents", () => {
  test('every modelled operation binds to the document by method and path', async () => {
    const { mounted } = await loadProject({ lenient: true, vendorDocs })
    for (const { vendor, bound } of mounted) {
      const modelled = new Set([...bound.values()].map((b) => b.name))
      // Every route jobfake has serves some operation of the vendor's own document.
      expect(
        [...Object.keys(vendor.routes)].filter((name) => !modelled.has(name)),
        vendor.name,
      ).toEqual([])
    }
  })

  test("the modelled lifecycles answer byte for byte as under the project's specs, and within the documents", async () => {
    const own = await createFake({ seed: 3 })
    const theirs = await createFake({ seed: 3, lenient: true, vendorDocs })
    const f = await (await own.request('/__admin/fixtures')).json()
    for (const [vendor, lifecycle] of Object.entries(lifecycles(f))) {
      const expected = await play(own, lifecycle)
      expect(await play(theirs, lifecycle), vendor).toEqual(expected)
      expect(expected.length).toBeGreaterThanOrEqual(6)
    }
    // Served from the documents, nothing broke them but the listed deviations.
    expect(theirs.violations()).toEqual([])
    expect(theirs.journal().filter((e) => e.mocked)).toEqual([])
    const deviations = theirs.journal().filter((e) => e.deviation)
    expect(deviations.map((e) => `${e.vendor} ${e.status}`)).toContain('airweave 400')
    // The journal names the document's operations.
    expect(theirs.journal().map((e) => e.operation)).toContain(
      'run_source_connections__source_connection_id__run_post',
    )
  })
})

describe('a document an earlier run checked', () => {
  test('is read and hashed at start-up, compiled when first needed, and mounts the same', async () => {
    // The first load checks every document in full and remembers it (by content hash).
    const eager = await loadProject({ lenient: true, vendorDocs })
    const deferred = await loadProject({ lenient: true, vendorDocs })
    for (const [i, mount] of deferred.mounted.entries()) {
      expect(mount, mount.vendor.name).toBeInstanceOf(DeferredMount)
      expect((mount as DeferredMount).loaded).toBe(false)
      // Anything that reads the document compiles it, once.
      expect([...mount.bound.keys()]).toEqual([...eager.mounted[i]!.bound.keys()])
      expect((mount as DeferredMount).loaded).toBe(true)
      expect(mount.compiled).toBe((mount as DeferredMount).load().compiled)
      expect(mount.compiled.operations.map((op) => op.id)).toEqual(
        eager.mounted[i]!.compiled.operations.map((op) => op.id),
      )
    }
  })

  test("the project's own specs, checked by the build, are compiled when first needed too", async () => {
    const { mounted } = await loadProject()
    expect(mounted.map((m) => (m as DeferredMount).loaded)).toEqual(mounted.map(() => false))
    const chroma = mounted.find((m) => m.vendor.name === 'chroma')!
    expect(chroma.compiled.route('GET', '/api/v1/sources').kind).toBe('operation')
    expect(mounted.map((m) => (m as DeferredMount).loaded)).toEqual(
      mounted.map((m) => m === chroma),
    )
    // In check mode (validate, the build) everything is compiled and checked at once.
    const checked = await loadProject({ mode: 'check' })
    expect(checked.mounted.some((m) => m instanceof DeferredMount)).toBe(false)
  })

  test('is checked at start-up again once its content changes', async () => {
    const changed = join(mkdtempSync(join(tmpdir(), 'jobfake-doc-')), 'airweave.json')
    const doc = JSON.parse(readFileSync(vendorDocs.airweave!, 'utf8'))
    writeFileSync(changed, JSON.stringify({ ...doc, info: { ...doc.info, title: 'changed' } }))
    const airweave = (p: { mounted: MountedVendor[] }) =>
      p.mounted.find((m) => m.vendor.name === 'airweave')
    // New content: checked and compiled now; the next start defers it.
    expect(airweave(await loadProject({ vendorDocs: { airweave: changed } }))).not.toBeInstanceOf(
      DeferredMount,
    )
    expect(airweave(await loadProject({ vendorDocs: { airweave: changed } }))).toBeInstanceOf(
      DeferredMount,
    )
    // A broken change stops the start, remembered or not.
    writeFileSync(changed, JSON.stringify({ ...doc, openapi: '2.0' }))
    await expect(loadProject({ vendorDocs: { airweave: changed } })).rejects.toThrow(/2\.0/)
  })

  test('answers requests, coverage and the journal as if compiled at start-up', async () => {
    await loadProject({ lenient: true, vendorDocs })
    const fake = await createFake({ lenient: true, vendorDocs })
    const f = await (await fake.request('/__admin/fixtures')).json()
    const sc = `/airweave/source-connections/${f.airweave.sourceConnectionIds[0]}`
    const polled = await fake.request(`${sc}/jobs`, { headers: { 'x-api-key': f.airweave.apiKey } })
    expect(polled.status).toBe(200)
    const report = fake.coverage()
    expect(Object.keys(report.vendors)).toEqual(vendors.map((v) => v.name))
    // Akua's document was deferred and no request reached it: the report still lists it all.
    expect(Object.keys(report.vendors.akua!.operations).length).toBeGreaterThan(200)
    expect(fake.journal().at(-1)?.operation).toBe(
      'get_source_connection_jobs_source_connections__source_connection_id__jobs_get',
    )
    expect(fake.violations()).toEqual([])
    await fake.close()
  })
})
