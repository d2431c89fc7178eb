import { beforeAll, describe, expect, test } from 'vitest'
import { akua, warmUp } from './akua.case.js'

beforeAll(warmUp, 120_000)

type Item = { id: string; state?: string; status?: string }
const ids = (answer: { body: { data: Item[] } }) => answer.body.data.map((i) => i.id)

describe('akua: the resources operations act on are readable (every answer checked against both documents)', () => {
  test('each session starts with the fixtures, in the states operations start from', async () => {
    const a = await akua()
    const clusters = await a.get('/clusters')
    expect(clusters.body.data.map((c: Item) => [c.id, c.state])).toEqual([
      [a.f.suspendedClusterId, 'suspended'],
      [a.f.workClusterId, 'active'],
      [a.f.clusterId, 'active'],
    ])
    expect(ids(await a.get(`/machines?cluster_id=${a.f.workClusterId}&state=SUSPENDED`))).toEqual([
      a.f.suspendedMachineId,
    ])
    expect((await a.get(`/packages/${a.f.packageId}`)).body).toMatchObject({
      latest_version_id: a.f.packageVersionIds[1],
      source: { kind: 'oci' },
    })
    expect((await a.get(`/installs/${a.f.installId}`)).body).toMatchObject({
      state: 'healthy',
      package_version_id: a.f.packageVersionIds[0],
      reconciling: false,
    })
    expect(ids(await a.get(`/installs?product_id=${a.f.productId}`))).toEqual([a.f.installId])
    const hostnames = `/installs/${a.f.installId}/preview_hostnames`
    expect(ids(await a.get(`${hostnames}?binding_kind=pinned&state=active`))).toEqual([
      a.f.previewHostnameId,
    ])
    expect(ids(await a.get(`${hostnames}?binding_kind=floating`))).toEqual([])
    const ws = `/workspaces/${a.f.workspaceId}`
    expect(ids(await a.get(`${ws}/custom_domains?target_kind=install`))).toEqual([
      a.f.customDomainId,
    ])
    expect(ids(await a.get('/workspaces'))).toEqual([a.f.workspaceId])
    expect((await a.get(`${ws}/subscription`)).body).toMatchObject({
      tier: 'pro',
      cancellation_scheduled: false,
    })
    const bootstraps = await a.get(`/clusters/${a.f.workClusterId}/worker_bootstraps`)
    expect(bootstraps.body.data).toEqual([
      expect.objectContaining({ id: a.f.workerBootstrapId, active_operation: null }),
    ])
  })

  test('lists are newest first, a page at a time, with an opaque cursor', async () => {
    const a = await akua()
    const made: string[] = []
    for (const name of ['a', 'b', 'c']) {
      const body = { name, region_id: a.f.regionIds[1] }
      made.push((await a.call('POST', '/clusters', { body })).body.owner_id)
    }
    const first = await a.get('/clusters?limit=2')
    expect(ids(first)).toEqual([made[2], made[1]])
    expect(first.body.has_more).toBe(true)
    const rest = await a.get(`/clusters?limit=4&cursor=${first.body.next_cursor}`)
    expect(ids(rest)).toEqual([made[0], a.f.suspendedClusterId, a.f.workClusterId, a.f.clusterId])
    expect(rest.body).toMatchObject({ has_more: false, next_cursor: null })
  })

  test('etags change with every change of the resource', async () => {
    const a = await akua()
    const prod = `/clusters/${a.f.clusterId}`
    const before = await a.etag(prod)
    await a.write('POST', `${prod}:suspend`, prod)
    const started = await a.etag(prod)
    a.advance('10m')
    const after = await a.etag(prod)
    expect(new Set([before, started, after]).size).toBe(3)
  })
})

describe('akua: what operations leave behind beyond their own resource', () => {
  test('a machine operation answers with operation_id beside id', async () => {
    const a = await akua()
    const web = `/machines/${a.f.machineId}`
    const answer = await a.write('POST', `${web}:suspend`, web, {})
    expect(answer.body.operation_id).toBe(answer.body.id)
    expect(answer.headers.etag).toBeTruthy()
    a.advance('10m')
    expect((await a.get(web)).body.current_suspension).toMatchObject({
      reason: 'manual',
      event_id: (await a.get(`/operations/${answer.body.id}`)).body.response.suspension_id,
    })
  })

  test(':update answers the versions and the running render; the install runs it once deployed', async () => {
    const a = await akua()
    const inst = `/installs/${a.f.installId}`
    const [v100, v110] = a.f.packageVersionIds
    const answer = await a.write('POST', `${inst}:update`, inst, { package_version_id: v110 })
    expect(answer.body).toMatchObject({
      install: {
        current_version: { id: v100, semver: '1.0.0' },
        desired_version: { id: v110, semver: '1.1.0' },
        automatic_updates_enabled: false,
      },
      render: { install_id: a.f.installId, package_version_id: v110, state: 'running' },
    })
    const op = (await a.get(`/operations/${answer.body.render.operation_id}`)).body
    expect(op).toMatchObject({ owner_type: 'install', metadata: { type: 'install.render' } })
    a.advance('10m')
    expect((await a.get(`/operations/${op.id}`)).body.response).toMatchObject({
      type: 'install.render',
      install_render_id: answer.body.render.id,
      skipped: false,
    })
    // The new render is deployed: it can be restored from later, the old one too.
    const back = { render_id: a.f.renderId }
    const restore = await a.write('POST', `${inst}:restore`, inst, back)
    expect(restore.body).toMatchObject({
      install: { current_version: { id: v110 }, desired_version: { id: v100 } },
      render: { restored_from_render_id: a.f.renderId, package_version_id: v100 },
    })
  })

  test('a failed update leaves the install on its version; a failed create leaves no cluster', async () => {
    const a = await akua({ scenario: ['akua/fails'] })
    const inst = `/installs/${a.f.installId}`
    const answer = await a.write('POST', `${inst}:update`, inst, {
      package_version_id: a.f.packageVersionIds[1],
    })
    const created = await a.call('POST', '/clusters', {
      body: { name: 'doomed', region_id: a.f.regionIds[0] },
    })
    a.advance('10m')
    expect((await a.get(`/operations/${answer.body.render.operation_id}`)).body.state).toBe(
      'FAILED',
    )
    expect((await a.get(inst)).body).toMatchObject({
      state: 'healthy',
      package_version_id: a.f.packageVersionIds[0],
    })
    expect((await a.get(`/clusters/${created.body.owner_id}`)).status).toBe(404)
  })

  test("a tier change moves the workspace's plan; a deleted workspace takes its resources", async () => {
    const a = await akua()
    const ws = `/workspaces/${a.f.workspaceId}`
    const tier = await a.write('POST', `${ws}/subscription:changeTier`, ws, { tier: 'team' })
    expect(tier.body).toEqual({ operation_id: expect.stringMatching(/^op_/) })
    a.advance('10m')
    expect((await a.get(ws)).body.plan).toEqual({ tier: 'team', billed_by: 'platform' })
    expect((await a.write('DELETE', ws, ws)).status).toBe(202)
    expect((await a.get(ws)).status).toBe(200)
    a.advance('10m')
    expect((await a.get(ws)).status).toBe(404)
    // Nothing more happens in it; its operations stay readable.
    expect(await a.get('/clusters')).toMatchObject({
      status: 403,
      body: { errors: [{ code: 7003 }] },
    })
    const broad = { authorization: `Bearer ${a.f.broadToken}`, 'akua-context': a.f.workspaceId }
    expect((await a.call('GET', `/installs/${a.f.installId}`, { headers: broad })).status).toBe(403)
    expect((await a.get(`/operations/${tier.body.operation_id}`)).status).toBe(200)
  })

  test('a floating track rebinds the hostname it has to the new render', async () => {
    const a = await akua()
    const hostnames = `/installs/${a.f.installId}/preview_hostnames`
    const bind = (render_id: string, key: string) =>
      a.call('POST', `${hostnames}:bindFloating`, {
        headers: { 'idempotency-key': key },
        body: { track: 'main', render_id },
      })
    await bind(a.f.renderId, 'b1')
    a.advance('10m')
    const [first] = (await a.get(`${hostnames}?track=main`)).body.data
    await bind(a.f.renderId, 'b2')
    a.advance('10m')
    const again = (await a.get(`${hostnames}?track=main`)).body.data
    expect(again).toEqual([expect.objectContaining({ id: first.id, status: 'active' })])
  })
})
