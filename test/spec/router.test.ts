import { describe, expect, test } from 'vitest'
import { loadSpec } from '../../src/spec/load.js'
import { operationsOf, type Operation } from '../../src/spec/operations.js'
import { createSpecRouter, type RouteMatch } from '../../src/spec/router.js'
import { operationAt } from '../support/spec-fixtures.js'

const AIRWEAVE = new URL('../../specs/airweave.yaml', import.meta.url).pathname

const op = operationAt

/** The operation id and params a match found, or its kind when it found none. */
const routed = (match: RouteMatch) =>
  match.kind === 'operation' ? { id: match.operation.id, params: match.params } : match

describe(createSpecRouter, () => {
  // AIP-136 custom methods, as Akua writes them.
  const route = createSpecRouter([
    op('GET', '/operations/{id}', 'getOperation'),
    op('DELETE', '/operations/{id}', 'deleteOperation'),
    op('POST', '/operations/{id}:cancel', 'cancelOperation'),
    op('GET', '/operations', 'listOperations'),
  ])

  test('a custom method and the resource it acts on stay apart', () => {
    expect(routed(route('POST', '/operations/op_1:cancel'))).toEqual({
      id: 'cancelOperation',
      params: { id: 'op_1' },
    })
    expect(routed(route('GET', '/operations/op_1'))).toEqual({
      id: 'getOperation',
      params: { id: 'op_1' },
    })
    expect(routed(route('DELETE', '/operations/op_1'))).toEqual({
      id: 'deleteOperation',
      params: { id: 'op_1' },
    })
  })

  test('an unknown custom method is not found, not a resource named "op_1:bogus"', () => {
    expect(route('POST', '/operations/op_1:bogus')).toEqual({ kind: 'not-found' })
    expect(route('GET', '/operations/op_1:bogus')).toEqual({ kind: 'not-found' })
  })

  test('a parameter never spans a "/"', () => {
    expect(route('GET', '/operations/a/b')).toEqual({ kind: 'not-found' })
    expect(route('GET', '/operations/')).toEqual({ kind: 'not-found' })
    expect(route('GET', '/operations/op_1/')).toEqual({ kind: 'not-found' })
  })

  test('a known path with another method answers the methods it has', () => {
    expect(route('GET', '/operations/op_1:cancel')).toEqual({
      kind: 'method-not-allowed',
      allowed: ['POST'],
    })
    expect(route('PUT', '/operations/op_1')).toEqual({
      kind: 'method-not-allowed',
      allowed: ['GET', 'DELETE'],
    })
    expect(route('POST', '/operations')).toEqual({ kind: 'method-not-allowed', allowed: ['GET'] })
  })

  test('an unknown path is not found, whatever the method', () => {
    expect(route('GET', '/jobs')).toEqual({ kind: 'not-found' })
    expect(route('GET', '/')).toEqual({ kind: 'not-found' })
    expect(route('GET', '/v1/operations')).toEqual({ kind: 'not-found' })
    expect(createSpecRouter([])('GET', '/anything')).toEqual({ kind: 'not-found' })
  })

  test('HEAD falls back to GET; an explicit HEAD operation wins; a POST-only path stays 405', () => {
    expect(routed(route('HEAD', '/operations/op_1'))).toEqual({
      id: 'getOperation',
      params: { id: 'op_1' },
    })
    expect(route('HEAD', '/operations/op_1:cancel')).toEqual({
      kind: 'method-not-allowed',
      allowed: ['POST'],
    })
    const withHead = createSpecRouter([
      op('GET', '/files/{name}', 'read'),
      op('HEAD', '/files/{name}', 'stat'),
    ])
    expect(routed(withHead('HEAD', '/files/a.txt'))).toEqual({
      id: 'stat',
      params: { name: 'a.txt' },
    })
  })

  test('more literal text wins, whatever the order of the spec', () => {
    for (const ops of [
      [op('GET', '/jobs/{id}', 'getJob'), op('GET', '/jobs/latest', 'latestJob')],
      [op('GET', '/jobs/latest', 'latestJob'), op('GET', '/jobs/{id}', 'getJob')],
    ]) {
      const router = createSpecRouter(ops)
      expect(routed(router('GET', '/jobs/latest'))).toEqual({ id: 'latestJob', params: {} })
      expect(routed(router('GET', '/jobs/j_9'))).toEqual({ id: 'getJob', params: { id: 'j_9' } })
    }
  })

  test('a more literal path with other methods gives way to a general one that has the method', () => {
    const router = createSpecRouter([
      op('GET', '/jobs/{id}', 'getJob'),
      op('POST', '/jobs/latest', 'pinLatest'),
    ])
    expect(routed(router('GET', '/jobs/latest'))).toEqual({
      id: 'getJob',
      params: { id: 'latest' },
    })
    expect(routed(router('POST', '/jobs/latest'))).toEqual({ id: 'pinLatest', params: {} })
  })

  // Fixed bug, kept as a regression test (src/spec/router.ts:59, `allowed ??= ...`): only the first
  // (most literal) path that matches
  // gives the allowed methods, so DELETE /jobs/latest answers "allowed: POST" though GET
  // /jobs/latest is served (by /jobs/{id}); an Allow header built from it lies. Fix: gather the
  // methods of every matching route, e.g. `allowed = [...new Set([...(allowed ?? []),
  // ...route.byMethod.keys()])]`.
  test('a 405 lists every method that the URL is served with, across overlapping templates', () => {
    const router = createSpecRouter([
      op('GET', '/jobs/{id}', 'getJob'),
      op('POST', '/jobs/latest', 'pinLatest'),
    ])
    const match = router('DELETE', '/jobs/latest')
    expect(match.kind).toBe('method-not-allowed')
    expect(match.kind === 'method-not-allowed' && [...match.allowed].sort()).toEqual([
      'GET',
      'POST',
    ])
  })

  test('a parameter in the first segment serves every first segment, in literal order', () => {
    const router = createSpecRouter([
      op('GET', '/{tenant}/jobs', 'tenantJobs'),
      op('GET', '/jobs/{id}', 'getJob'),
      op('POST', '/{tenant}:sync', 'sync'),
      op('GET', '/v1/jobs', 'v1Jobs'),
    ])
    expect(routed(router('GET', '/acme/jobs'))).toEqual({
      id: 'tenantJobs',
      params: { tenant: 'acme' },
    })
    expect(routed(router('GET', '/v1/jobs'))).toEqual({ id: 'v1Jobs', params: {} })
    expect(routed(router('GET', '/jobs/jobs'))).toEqual({
      id: 'tenantJobs',
      params: { tenant: 'jobs' },
    })
    expect(routed(router('GET', '/jobs/7'))).toEqual({ id: 'getJob', params: { id: '7' } })
    expect(routed(router('POST', '/acme:sync'))).toEqual({
      id: 'sync',
      params: { tenant: 'acme' },
    })
    expect(router('DELETE', '/v1/jobs')).toEqual({
      kind: 'method-not-allowed',
      allowed: ['GET'],
    })
    expect(router('GET', '/')).toEqual({ kind: 'not-found' })
  })

  test('reads every parameter of a template by name', () => {
    const router = createSpecRouter([
      op('POST', '/sources/{source_id}/jobs/{job_id}/cancel', 'cancel'),
    ])
    expect(routed(router('POST', '/sources/s1/jobs/j2/cancel'))).toEqual({
      id: 'cancel',
      params: { source_id: 's1', job_id: 'j2' },
    })
    expect(router('POST', '/sources/s1/jobs/j2')).toEqual({ kind: 'not-found' })
  })

  test('percent-decodes parameters after matching, so an encoded "/" or ":" stays inside one', () => {
    const router = createSpecRouter([
      op('GET', '/files/{name}', 'read'),
      op('POST', '/files/{name}:copy', 'copy'),
    ])
    expect(routed(router('GET', '/files/a%20b'))).toEqual({ id: 'read', params: { name: 'a b' } })
    expect(routed(router('GET', '/files/dir%2Fa.txt'))).toEqual({
      id: 'read',
      params: { name: 'dir/a.txt' },
    })
    expect(routed(router('GET', '/files/a%3Ab'))).toEqual({ id: 'read', params: { name: 'a:b' } })
    expect(routed(router('POST', '/files/a%3Ab:copy'))).toEqual({
      id: 'copy',
      params: { name: 'a:b' },
    })
    expect(routed(router('GET', '/files/%C3%A9t%C3%A9'))).toEqual({
      id: 'read',
      params: { name: 'été' },
    })
  })

  test('a malformed percent-encoding is not found, not a crash', () => {
    const router = createSpecRouter([op('GET', '/files/{name}', 'read')])
    expect(router('GET', '/files/%E0%A4%A')).toEqual({ kind: 'not-found' })
    expect(router('GET', '/files/100%')).toEqual({ kind: 'not-found' })
  })

  test('literal text of a template is matched literally, regular-expression characters included', () => {
    const router = createSpecRouter([
      op('GET', '/v1/files.list', 'list'),
      op('GET', '/v1/search+(all)', 'search'),
    ])
    expect(routed(router('GET', '/v1/files.list'))).toEqual({ id: 'list', params: {} })
    expect(router('GET', '/v1/filesXlist')).toEqual({ kind: 'not-found' })
    expect(routed(router('GET', '/v1/search+(all)'))).toEqual({ id: 'search', params: {} })
    expect(router('GET', '/v1/searchhh(all)')).toEqual({ kind: 'not-found' })
  })

  test('paths are matched exactly: no trailing slash, no case folding, no query string', () => {
    const router = createSpecRouter([op('GET', '/jobs', 'list')])
    expect(router('GET', '/jobs/')).toEqual({ kind: 'not-found' })
    expect(router('GET', '/Jobs')).toEqual({ kind: 'not-found' })
    expect(router('GET', '/jobs?limit=1')).toEqual({ kind: 'not-found' })
  })

  test("routes the project's Airweave document", () => {
    const router = createSpecRouter(operationsOf(loadSpec(AIRWEAVE)))
    const sc = '5d7f2b8e-8c1a-4a61-9c55-0a3a7e0f1b2c'
    const job = '0b7e1f4c-2f5e-4f3a-8f0e-9a6b5c4d3e2f'
    expect(routed(router('POST', `/source-connections/${sc}/jobs/${job}/cancel`))).toEqual({
      id: 'sourceConnections.cancelJob',
      params: { source_connection_id: sc, job_id: job },
    })
    expect(routed(router('GET', `/source-connections/${sc}/jobs`))).toEqual({
      id: 'sourceConnections.getJobs',
      params: { source_connection_id: sc },
    })
    expect(routed(router('HEAD', `/source-connections/${sc}`))).toEqual({
      id: 'sourceConnections.get',
      params: { source_connection_id: sc },
    })
    expect(router('GET', `/source-connections/${sc}/run`)).toEqual({
      kind: 'method-not-allowed',
      allowed: ['POST'],
    })
    expect(router('GET', `/source-connections/${sc}/jobs/${job}`)).toEqual({ kind: 'not-found' })
  })
})
