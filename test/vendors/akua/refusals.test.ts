import { beforeAll, describe, expect, test } from 'vitest'
import { deviations } from '../../../src/vendors/akua/deviations.js'
import { routes } from '../../../src/vendors/akua/routes.js'
import { akua, warmUp } from './akua.case.js'

beforeAll(warmUp, 120_000)

// Every answer is checked against specs/akua.yaml and Akua's own document (listed deviations aside).
const refused = (status: number, code: number, more: Record<string, unknown> = {}) => ({
  status,
  body: { success: false, errors: [{ code, ...more }], result: {} },
})

describe('akua: a resource not in a state the endpoint starts from is 409 (7012)', () => {
  test('suspend a suspended cluster, resume an active one, resume an active machine', async () => {
    const a = await akua()
    const idle = `/clusters/${a.f.suspendedClusterId}`
    expect(await a.write('POST', `${idle}:suspend`, idle)).toMatchObject(
      refused(409, 7012, { metadata: { state: 'suspended' } }),
    )
    const prod = `/clusters/${a.f.clusterId}`
    expect(await a.write('POST', `${prod}:resume`, prod)).toMatchObject(refused(409, 7012))
    const web = `/machines/${a.f.machineId}`
    expect(await a.write('POST', `${web}:resume`, web, {})).toMatchObject(refused(409, 7012))
  })

  test('a machine needs an active cluster; a revoked bootstrap is not revoked twice', async () => {
    const a = await akua()
    const body = {
      cluster_id: a.f.suspendedClusterId,
      instance_type: 'cx22',
      compute_config_id: 'cc_1',
    }
    expect(await a.call('POST', '/machines', { body })).toMatchObject(refused(409, 7012))
    const wbs = `/clusters/${a.f.workClusterId}/worker_bootstraps/${a.f.workerBootstrapId}`
    expect((await a.write('POST', `${wbs}:revoke`, wbs)).status).toBe(202)
    a.advance('5m')
    expect(await a.write('POST', `${wbs}:revoke`, wbs)).toMatchObject(
      refused(409, 7012, { metadata: { state: 'revoked' } }),
    )
  })

  test('reactivating a subscription that is not scheduled to end', async () => {
    const a = await akua()
    const ws = `/workspaces/${a.f.workspaceId}`
    expect(await a.write('POST', `${ws}/subscription:reactivate`, ws, {})).toMatchObject(
      refused(409, 7012),
    )
  })
})

describe('akua: something depends on the resource, or holds the name (7013)', () => {
  test('a cluster with a machine and an install is not deleted', async () => {
    const a = await akua()
    const work = `/clusters/${a.f.workClusterId}`
    const answer = await a.write('DELETE', work, work)
    expect(answer).toMatchObject(refused(409, 7013))
    expect(answer.body.errors[0].message).toBe(
      'Remove what runs on the cluster first: 2 machines, 1 install',
    )
    expect((await a.get(work)).body).toMatchObject({ state: 'active', reconciling: false })
  })

  test('a subdomain another workspace holds; a package name taken (422); the same version or tier', async () => {
    const a = await akua()
    const ws = `/workspaces/${a.f.workspaceId}`
    const sub = `${ws}/subdomain`
    expect(await a.write('POST', `${sub}:setName`, sub, { name: 'jobfake-other' })).toMatchObject(
      refused(409, 7013),
    )
    const source = { kind: 'helm', repo_url: 'oci://r.example.com/c', target_revision: '1.0.0' }
    const pkg = await a.call('POST', '/packages', { body: { name: 'web-app', sources: [source] } })
    expect(pkg).toMatchObject(refused(422, 7013))
    const inst = `/installs/${a.f.installId}`
    const same = { package_version_id: a.f.packageVersionIds[0] }
    expect(await a.write('POST', `${inst}:update`, inst, same)).toMatchObject(refused(409, 7013))
    const tier = { tier: 'pro' }
    expect(await a.write('POST', `${ws}/subscription:changeTier`, ws, tier)).toMatchObject(
      refused(409, 7013),
    )
  })
})

describe('akua: what the workspace does not have is 404 (7002); another workspace 403', () => {
  test('unknown ids in the path and in the body', async () => {
    const a = await akua()
    expect(await a.get('/machines/mch_nope')).toMatchObject(refused(404, 7002))
    const body = { cluster_id: 'clu_nope', instance_type: 'cx22', compute_config_id: 'cc_1' }
    expect(await a.call('POST', '/machines', { body })).toMatchObject(refused(404, 7002))
    const inst = `/installs/${a.f.installId}`
    const version = { package_version_id: 'pkgv_nope' }
    expect(await a.write('POST', `${inst}:update`, inst, version)).toMatchObject(
      refused(404, 7002, { path: ['body', 'package_version_id'] }),
    )
    const render = { render_id: 'rnd_nope' }
    expect(await a.write('POST', `${inst}:restore`, inst, render)).toMatchObject(
      refused(404, 7002, { path: ['body', 'render_id'] }),
    )
    const wrong = `/clusters/${a.f.clusterId}/worker_bootstraps/${a.f.workerBootstrapId}`
    expect(await a.get(wrong)).toMatchObject(refused(404, 7002))
  })

  test('where the document leaves 404 out, it is a listed deviation with the envelope', async () => {
    const a = await akua()
    const key = { 'idempotency-key': 'k' }
    const gone = '/installs/inst_nope'
    expect(await a.call('DELETE', gone, { headers: { ...key, 'if-match': 'x' } })).toMatchObject(
      refused(404, 7002),
    )
    expect(await a.get(`${gone}/preview_hostnames`)).toMatchObject(refused(404, 7002))
    const pinned = `/installs/${a.f.installId}/preview_hostnames:bindPinned`
    const body = { render_id: 'rnd_nope' }
    expect(await a.call('POST', pinned, { headers: key, body })).toMatchObject(refused(404, 7002))
    const domains = `/workspaces/${a.f.workspaceId}/custom_domains`
    const target = { kind: 'install', install_id: 'inst_nope' }
    const domain = await a.call('POST', domains, {
      headers: key,
      body: { hostname: 'x.example.com', target },
    })
    expect(domain).toMatchObject(refused(404, 7002))
    const pkg = {
      package_id: 'pkg_nope',
      package_version_pin: { kind: 'latest' },
      region_id: a.f.regionIds[0],
    }
    expect(await a.call('POST', '/installs', { body: pkg })).toMatchObject(refused(404, 7002))
  })

  test('a path naming another workspace is 403; its resources are not found', async () => {
    const a = await akua()
    const other = `/workspaces/${a.f.otherWorkspaceId}`
    expect(await a.get(`${other}/custom_domains`)).toMatchObject(refused(403, 7003))
    expect(await a.get(`${other}/subscription`)).toMatchObject(refused(403, 7003))
    const broad = {
      authorization: `Bearer ${a.f.broadToken}`,
      'akua-context': a.f.otherWorkspaceId,
    }
    const theirs = await a.call('GET', `/clusters/${a.f.clusterId}`, { headers: broad })
    expect(theirs).toMatchObject(refused(404, 7002))
    expect((await a.call('GET', `${other}/subdomain`, { headers: broad })).body.name).toBe(
      'jobfake-other',
    )
    // The document declares only 200 and 401 on GET /machines: its 403 is a listed deviation.
    const noContext = { authorization: `Bearer ${a.f.broadToken}` }
    expect(await a.call('GET', '/machines', { headers: noContext })).toMatchObject(
      refused(403, 7003),
    )
  })
})

describe('akua: bad input', () => {
  test('a body or parameter that breaks the schema is 400 with the path (a listed deviation)', async () => {
    const a = await akua()
    const machine = await a.call('POST', '/machines', {
      body: { cluster_id: a.f.clusterId, instance_type: 'cx22' },
    })
    expect(machine).toMatchObject(refused(400, 7000, { path: ['body', 'compute_config_id'] }))
    const source = { kind: 'helm', repo_url: 'https://not-oci', target_revision: '1' }
    expect(
      (await a.call('POST', '/packages', { body: { name: 'x', sources: [source] } })).status,
    ).toBe(400)
    expect((await a.get('/clusters?limit=0')).status).toBe(400)
    const web = `/machines/${a.f.machineId}`
    const noKey = await a.call('DELETE', web, { headers: { 'if-match': await a.etag(web) } })
    expect(noKey).toMatchObject(refused(400, 7000, { path: ['header', 'idempotency-key'] }))
    const region = { product_id: a.f.productId, region_id: 'reg_moon' }
    expect(await a.call('POST', '/installs', { body: region })).toMatchObject(
      refused(400, 7000, { path: ['region_id'] }),
    )
  })

  test('every deviation is one the code can answer: a known operation, a 4xx status', () => {
    for (const d of deviations) {
      // '*': every operation, the mocked ones of the vendor's document too.
      if (d.operation !== '*') expect(Object.keys(routes), d.operation).toContain(d.operation)
      expect(d.status).toBeGreaterThanOrEqual(400)
      expect(d.why.length).toBeGreaterThan(40)
    }
  })
})

describe('akua: idempotency-key on the endpoints that start an operation', () => {
  test('the same key and request replay the answer; another request with it is 409 (7005)', async () => {
    const a = await akua()
    const domains = `/workspaces/${a.f.workspaceId}/custom_domains`
    const body = {
      hostname: 'shop.example.com',
      target: { kind: 'external', endpoint: 'https://o.example.com' },
    }
    const headers = { 'idempotency-key': 'shop' }
    const first = await a.call('POST', domains, { headers, body })
    const again = await a.call('POST', domains, { headers, body })
    expect(again.body).toEqual(first.body)
    expect(
      (await a.get(domains)).body.data.filter(
        (d: { hostname: string }) => d.hostname === 'shop.example.com',
      ),
    ).toHaveLength(1)
    const other = { ...body, hostname: 'other.example.com' }
    expect(await a.call('POST', domains, { headers, body: other })).toMatchObject(
      refused(409, 7005),
    )
    expect(first.body.metadata.idempotency_key).toBe('shop')
  })
})
