import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { DEFAULT_SPECS_DIR } from '../../../src/index.js'
import { compileSpec } from '../../../src/spec/compile.js'
import { deviations } from '../../../src/vendors/peaka/deviations.js'
import { vendorDocPath } from '../../support/vendor-doc.js'
import { peaka, vendorViolations } from './peaka.case.js'

const vendorDoc = JSON.parse(readFileSync(vendorDocPath('peaka'), 'utf8'))

describe('the Peaka spec and the vendor document', () => {
  test("every operation jobfake models has the vendor document's method, path and parameter names", async () => {
    const own = await compileSpec(join(DEFAULT_SPECS_DIR, 'peaka.yaml'))
    expect(own.operations.length).toBe(29)
    for (const op of own.operations) {
      const theirs = vendorDoc.paths[op.path]?.[op.method.toLowerCase()]
      expect(theirs, `${op.method} ${op.path}`).toBeDefined()
      const names = (ps: Array<{ in: string; name: string }>) =>
        ps
          .filter((p) => p.in === 'path')
          .map((p) => p.name)
          .sort()
      expect(names(op.parameters), op.id).toEqual(names(theirs.parameters ?? []))
    }
  })

  test('every deviation names a modelled operation and one of its statuses', async () => {
    const own = await compileSpec(join(DEFAULT_SPECS_DIR, 'peaka.yaml'))
    for (const { operation, status, why } of deviations) {
      expect(why.length).toBeGreaterThan(40)
      // '*': every operation, the mocked ones of the vendor's document too.
      if (operation === '*') continue
      const op = own.operations.find((o) => o.id === operation)
      expect(op, operation).toBeDefined()
      expect(Object.keys(op!.responses), `${operation} ${status}`).toContain(String(status))
      expect(why.length).toBeGreaterThan(40)
    }
  })
})

describe('each deviation is exactly what it says, and nothing else', () => {
  test('auth: a status the document does not declare, in a body the project spec allows', async () => {
    const p = await peaka()
    const path = `${p.data}/cache/status`
    const answer = await p.call('GET', path)
    expect(answer.status).toBe(401)
    expect(await vendorViolations('GET', path, answer)).toEqual([
      {
        in: 'response',
        name: '',
        message: 'status 401 is not declared for getCacheStatusByProject',
      },
    ])
    const elsewhere = `/peaka/api/v1/data/projects/${p.f.projectIds[1]}/exports`
    const projectKey = { authorization: `Bearer ${p.f.projectKeys[p.project]}` }
    const forbidden = await p.call('GET', elsewhere, { headers: projectKey })
    expect((await vendorViolations('GET', elsewhere, forbidden))[0]!.message).toBe(
      'status 403 is not declared for listExports',
    )
  })

  test('DELETE /cache/{cacheId} answers the Cache, which the document gives no body', async () => {
    const p = await peaka()
    const { id } = (await p.create()).body
    const path = `${p.base}/${id}`
    const answer = await p.call('DELETE', path, { headers: p.auth })
    expect(await vendorViolations('DELETE', path, answer)).toEqual([
      { in: 'response', name: '', message: 'status 200 declares no JSON body' },
    ])
  })

  test("404s are Peaka's error body: undeclared, bodiless, or not an object of objects; where the document takes it, nothing deviates", async () => {
    const p = await peaka()
    const unknown = '00000000-0000-4000-8000-000000000000'
    const cases: Array<[string, string, string]> = [
      ['POST', `${p.base}/${unknown}/cancelFullRefreshUpdate`, 'status 404 declares no JSON body'],
      ['POST', `${p.base}/${unknown}/incrementalUpdate`, 'must be object'],
      ['GET', `${p.data}/exports/${unknown}`, 'must be object'],
      ['DELETE', `${p.data}/exports/${unknown}`, 'status 404 is not declared for cancelExport'],
      [
        'GET',
        `/peaka/api/v1/data/projects/nope/cache/status`,
        'status 404 is not declared for getCacheStatusByProject',
      ],
    ]
    for (const [method, path, message] of cases) {
      const answer = await p.call(method, path, { headers: p.auth })
      expect(answer.status).toBe(404)
      const violations = await vendorViolations(method, path, answer)
      expect(violations.length, path).toBeGreaterThan(0)
      for (const v of violations) expect(v.message, path).toBe(message)
    }
    for (const path of [`${p.base}/${unknown}`, `${p.base}/${unknown}/status`]) {
      const answer = await p.call('GET', path, { headers: p.auth })
      expect(answer.status).toBe(404)
      expect(await vendorViolations('GET', path, answer)).toEqual([])
    }
  })

  test('400s the document does not declare: history bounds, export columns, callback URLs', async () => {
    const p = await peaka()
    const { id } = (await p.create()).body
    const cases: Array<[string, unknown, string]> = [
      [`${p.base}/${id}/executionHistory?limit=0`, undefined, 'getCacheExecutionHistory'],
      [`${p.data}/queries/709922802836177297/exports`, { columns: ['x'] }, 'exportQuery'],
      [`/peaka/api/v1/metadata/${p.project}/refresh`, { callbackURL: 'x' }, 'refreshMetadata'],
    ]
    for (const [path, body, operation] of cases) {
      const method = body === undefined ? 'GET' : 'POST'
      const answer = await p.call(method, path, { headers: p.auth, body })
      expect(answer.status).toBe(400)
      expect(await vendorViolations(method, path, answer)).toEqual([
        { in: 'response', name: '', message: `status 400 is not declared for ${operation}` },
      ])
    }
  })
})
