import { beforeAll, describe, expect, test } from 'vitest'
import { STARTERS } from '../../../src/vendors/akua/starters/index.js'
import { akua, warmUp, type Akua } from './akua.case.js'

beforeAll(warmUp, 120_000)

type F = Akua['f']
type Operation = { id: string; owner_type: string; owner_id: string }
type Partial = Record<string, unknown>

/** One endpoint that starts an operation, and what its resource looks like along the way. */
interface Case {
  id: string
  type: string
  method: string
  path: (f: F) => string
  body?: (f: F) => unknown
  /** The resource whose etag `if-match` carries. */
  ifMatch?: (f: F) => string
  /** The endpoint requires an `idempotency-key`. */
  key?: true
  /** What must have happened before (a cancelled subscription, to reactivate). */
  prepare?: (a: Akua) => Promise<void>
  /** Where the resource acted on is read, once the operation is known. */
  resource: (a: Akua, op: Operation) => string | Promise<string>
  during?: Partial
  after: Partial | 'gone'
  cancelled: Partial | 'gone'
  /** A second start while the first runs is refused: the resource is busy. */
  busy?: true
  /** Once cancelled, it may not start again (a bootstrap stays revoked). */
  once?: true
}

const newest = async (a: Akua, list: string) => `${list}/${(await a.get(list)).body.data[0].id}`
const cluster = (id: (f: F) => string) => ({
  resource: (a: Akua) => `/clusters/${id(a.f)}`,
  ifMatch: (f: F) => `/clusters/${id(f)}`,
})
const machine = (id: (f: F) => string) => ({
  path: (f: F) => `/machines/${id(f)}`,
  resource: (a: Akua) => `/machines/${id(a.f)}`,
  ifMatch: (f: F) => `/machines/${id(f)}`,
  key: true as const,
  busy: true as const,
})
const ws = (f: F) => `/workspaces/${f.workspaceId}`
const subscription = {
  resource: (a: Akua) => `${ws(a.f)}/subscription`,
  ifMatch: ws,
  busy: true as const,
}
const install = (f: F) => `/installs/${f.installId}`
const hostnames = (a: Akua) => newest(a, `${install(a.f)}/preview_hostnames`)
const domain = (f: F) => `${ws(f)}/custom_domains/${f.customDomainId}`

const CASES: Case[] = [
  {
    id: 'clusters.create',
    type: 'cluster.create',
    method: 'POST',
    path: () => '/clusters',
    body: (f) => ({ name: 'staging', region_id: f.regionIds[0] }),
    resource: (_, op) => `/clusters/${op.owner_id}`,
    during: { state: 'provisioning', reconciling: true },
    after: { state: 'active', reconciling: false },
    cancelled: 'gone',
  },
  {
    id: 'clusters.delete',
    type: 'cluster.delete',
    method: 'DELETE',
    path: (f) => `/clusters/${f.clusterId}`,
    ...cluster((f) => f.clusterId),
    during: { state: 'deleting' },
    after: 'gone',
    cancelled: { state: 'active', reconciling: false },
    busy: true,
  },
  {
    id: 'clusters.suspend',
    type: 'cluster.suspend',
    method: 'POST',
    path: (f) => `/clusters/${f.clusterId}:suspend`,
    ...cluster((f) => f.clusterId),
    during: { state: 'active', reconciling: true },
    after: { state: 'suspended', reconciling: false },
    cancelled: { state: 'active', reconciling: false },
    busy: true,
  },
  {
    id: 'clusters.resume',
    type: 'cluster.resume',
    method: 'POST',
    path: (f) => `/clusters/${f.suspendedClusterId}:resume`,
    ...cluster((f) => f.suspendedClusterId),
    during: { state: 'suspended', reconciling: true },
    after: { state: 'active' },
    cancelled: { state: 'suspended' },
    busy: true,
  },
  {
    id: 'clusters.refreshCapabilities',
    type: 'cluster.capabilities.refresh',
    method: 'POST',
    path: (f) => `/clusters/${f.clusterId}/capabilities:refresh`,
    resource: (a) => `/clusters/${a.f.clusterId}`,
    during: { reconciling: true },
    after: { state: 'active', reconciling: false },
    cancelled: { state: 'active', reconciling: false },
    busy: true,
  },
  {
    id: 'clusters.revokeWorkerBootstrap',
    type: 'cluster.worker_bootstrap.revoke',
    method: 'POST',
    path: (f) => `/clusters/${f.workClusterId}/worker_bootstraps/${f.workerBootstrapId}:revoke`,
    resource: (a) => `/clusters/${a.f.workClusterId}/worker_bootstraps/${a.f.workerBootstrapId}`,
    ifMatch: (f) => `/clusters/${f.workClusterId}/worker_bootstraps/${f.workerBootstrapId}`,
    during: {
      status: 'revoked',
      reconciling: true,
      active_operation: { type: 'cluster.worker_bootstrap.revoke' },
    },
    after: { status: 'revoked', reconciling: false, active_operation: null },
    cancelled: { status: 'revoked', reconciling: false },
    busy: true,
    once: true,
  },
  {
    id: 'machines.create',
    type: 'machine.create',
    method: 'POST',
    path: () => '/machines',
    body: (f) => ({
      cluster_id: f.clusterId,
      instance_type: 'cx22',
      compute_config_id: 'cc_1',
      name: 'web-2',
    }),
    resource: (_, op) => `/machines/${op.owner_id}`,
    during: { state: 'PROVISIONING', node_name: null, reconciling: true },
    after: { state: 'ACTIVE', node_name: expect.stringMatching(/^node-/) },
    cancelled: 'gone',
  },
  {
    id: 'machines.delete',
    type: 'machine.delete',
    method: 'DELETE',
    ...machine((f) => f.machineId),
    during: { state: 'DELETING' },
    after: 'gone',
    cancelled: { state: 'ACTIVE' },
  },
  {
    id: 'machines.suspend',
    type: 'machine.suspend',
    method: 'POST',
    ...machine((f) => f.machineId),
    path: (f) => `/machines/${f.machineId}:suspend`,
    body: () => ({ reason: 'downgrade' }),
    during: { state: 'SUSPENDING' },
    after: {
      state: 'SUSPENDED',
      provider_resource: { public_ip: null },
      current_suspension: { reason: 'downgrade' },
    },
    cancelled: { state: 'ACTIVE', provider_resource: { public_ip: '203.0.113.10' } },
  },
  {
    id: 'machines.resume',
    type: 'machine.resume',
    method: 'POST',
    ...machine((f) => f.suspendedMachineId),
    path: (f) => `/machines/${f.suspendedMachineId}:resume`,
    body: () => ({}),
    during: { state: 'RESUMING' },
    after: { state: 'ACTIVE', provider_resource: { public_ip: expect.stringMatching(/^203\./) } },
    cancelled: { state: 'SUSPENDED' },
  },
  {
    id: 'packages.create',
    type: 'package.create',
    method: 'POST',
    path: () => '/packages',
    body: () => ({
      name: 'api',
      sources: [
        {
          kind: 'helm',
          repo_url: 'oci://registry.example.com/charts',
          chart: 'api',
          target_revision: '2.0.0',
        },
      ],
    }),
    resource: (_, op) => `/packages/${op.owner_id}`,
    during: {
      name: 'api',
      source: { kind: 'oci', oci_ref: 'oci://registry.example.com/charts/api' },
    },
    after: { name: 'api' },
    cancelled: 'gone',
  },
  {
    id: 'installs.create',
    type: 'install.create',
    method: 'POST',
    path: () => '/installs',
    body: (f) => ({
      package_id: f.packageId,
      package_version_pin: { kind: 'pinned', version: '1.1.0' },
      region_id: f.regionIds[0],
      cluster_id: f.workClusterId,
    }),
    resource: (_, op) => `/installs/${op.owner_id}`,
    during: { state: 'rendering', reconciling: true, urls: [] },
    after: { state: 'healthy', package_version_id: 'pkgv_demo01v110', urls: [expect.anything()] },
    cancelled: { state: 'failed', reconciling: false },
  },
  {
    id: 'installs.delete',
    type: 'install.delete',
    method: 'DELETE',
    path: install,
    resource: (a) => install(a.f),
    ifMatch: install,
    during: { state: 'healthy', reconciling: true },
    after: { state: 'deleted', urls: [] },
    cancelled: { state: 'healthy' },
    busy: true,
  },
  {
    id: 'installs.updateVersion',
    type: 'install.render',
    method: 'POST',
    path: (f) => `${install(f)}:update`,
    body: (f) => ({ package_version_id: f.packageVersionIds[1] }),
    resource: (a) => install(a.f),
    ifMatch: install,
    key: true,
    during: { state: 'rendering', package_version_id: 'pkgv_demo01v100' },
    after: { state: 'healthy', package_version_id: 'pkgv_demo01v110' },
    cancelled: { state: 'healthy', package_version_id: 'pkgv_demo01v100' },
    busy: true,
  },
  {
    id: 'installs.restore',
    type: 'install.render',
    method: 'POST',
    path: (f) => `${install(f)}:restore`,
    body: (f) => ({ render_id: f.renderId }),
    prepare: async (a) => {
      const headers = { 'if-match': await a.etag(install(a.f)), 'idempotency-key': 'to-1.1.0' }
      const body = { package_version_id: a.f.packageVersionIds[1] }
      expect((await a.call('POST', `${install(a.f)}:update`, { headers, body })).status).toBe(202)
      a.advance('10m')
    },
    resource: (a) => install(a.f),
    ifMatch: install,
    key: true,
    after: { state: 'healthy', package_version_id: 'pkgv_demo01v100' },
    cancelled: { state: 'healthy', package_version_id: 'pkgv_demo01v110' },
    busy: true,
  },
  {
    id: 'workspaces.delete',
    type: 'workspace.delete',
    method: 'DELETE',
    path: ws,
    resource: (a) => ws(a.f),
    ifMatch: ws,
    after: 'gone',
    cancelled: { name: 'Jobfake demo' },
    busy: true,
  },
  {
    id: 'workspaces.cancelSubscription',
    type: 'workspace.subscription.cancel',
    method: 'POST',
    path: (f) => `${ws(f)}/subscription:cancel`,
    body: () => ({ effective: 'period_end' }),
    ...subscription,
    during: { cancellation_scheduled: false },
    after: { cancellation_scheduled: true },
    cancelled: { cancellation_scheduled: false },
  },
  {
    id: 'workspaces.reactivateSubscription',
    type: 'workspace.subscription.reactivate',
    method: 'POST',
    path: (f) => `${ws(f)}/subscription:reactivate`,
    body: () => ({}),
    prepare: async (a) => {
      const headers = { 'if-match': await a.etag(ws(a.f)) }
      const body = { effective: 'period_end' }
      await a.call('POST', `${ws(a.f)}/subscription:cancel`, { headers, body })
      a.advance('10m')
    },
    ...subscription,
    after: { cancellation_scheduled: false },
    cancelled: { cancellation_scheduled: true },
  },
  {
    id: 'workspaces.changeSubscriptionTier',
    type: 'workspace.subscription.change_tier',
    method: 'POST',
    path: (f) => `${ws(f)}/subscription:changeTier`,
    body: () => ({ tier: 'team' }),
    ...subscription,
    after: { tier: 'team' },
    cancelled: { tier: 'pro' },
  },
  {
    id: 'workspaceSubdomains.setName',
    type: 'workspace.subdomain.set_name',
    method: 'POST',
    path: (f) => `${ws(f)}/subdomain:setName`,
    body: () => ({ name: 'jobfake-renamed' }),
    resource: (a) => `${ws(a.f)}/subdomain`,
    ifMatch: (f) => `${ws(f)}/subdomain`,
    key: true,
    during: { status: 'propagating', name: 'jobfake-demo' },
    after: { status: 'active', name: 'jobfake-renamed', fqdn: 'jobfake-renamed.akua.app' },
    cancelled: { status: 'active', name: 'jobfake-demo', name_changed_at: null },
    busy: true,
  },
  {
    id: 'previewHostnames.bindPinned',
    type: 'preview_hostname.bind_pinned',
    method: 'POST',
    path: (f) => `${install(f)}/preview_hostnames:bindPinned`,
    body: (f) => ({ render_id: f.renderId }),
    key: true,
    resource: hostnames,
    during: { status: 'provisioning', binding: { kind: 'pinned' } },
    after: { status: 'active', protocol: 'http' },
    cancelled: 'gone',
  },
  {
    id: 'previewHostnames.bindFloating',
    type: 'preview_hostname.bind_floating',
    method: 'POST',
    path: (f) => `${install(f)}/preview_hostnames:bindFloating`,
    body: (f) => ({ track: 'main', render_id: f.renderId, protocol: 'websocket' }),
    key: true,
    resource: hostnames,
    during: { status: 'provisioning' },
    after: {
      status: 'active',
      protocol: 'websocket',
      binding: { kind: 'floating', track: 'main' },
    },
    cancelled: 'gone',
    busy: true,
  },
  {
    id: 'previewHostnames.delete',
    type: 'preview_hostname.delete',
    method: 'DELETE',
    path: (f) => `${install(f)}/preview_hostnames/${f.previewHostnameId}`,
    resource: (a) => `${install(a.f)}/preview_hostnames/${a.f.previewHostnameId}`,
    ifMatch: (f) => `${install(f)}/preview_hostnames/${f.previewHostnameId}`,
    key: true,
    during: { status: 'releasing' },
    after: 'gone',
    cancelled: { status: 'active' },
    busy: true,
  },
  {
    id: 'customDomains.create',
    type: 'custom_domain.create',
    method: 'POST',
    path: (f) => `${ws(f)}/custom_domains`,
    body: (f) => ({
      hostname: 'shop.example.com',
      target: { kind: 'cluster', cluster_id: f.clusterId },
    }),
    key: true,
    resource: (a) => newest(a, `${ws(a.f)}/custom_domains`),
    during: { status: 'provisioning', ssl: { status: 'pending_validation' } },
    after: { status: 'active', ssl: { status: 'active' }, routing_mode: 'through_dispatcher' },
    cancelled: { status: 'failed', ssl: { status: 'failed' } },
  },
  {
    id: 'customDomains.update',
    type: 'custom_domain.update',
    method: 'PATCH',
    path: domain,
    body: () => ({ protocol: 'grpc' }),
    resource: (a) => domain(a.f),
    ifMatch: domain,
    key: true,
    during: { status: 'provisioning', protocol: 'grpc' },
    after: { status: 'active', protocol: 'grpc' },
    cancelled: { status: 'active', protocol: 'http' },
    busy: true,
  },
  {
    id: 'customDomains.delete',
    type: 'custom_domain.delete',
    method: 'DELETE',
    path: domain,
    resource: (a) => domain(a.f),
    ifMatch: domain,
    key: true,
    during: { status: 'releasing' },
    after: 'gone',
    cancelled: { status: 'active' },
    busy: true,
  },
]

let keys = 0
/** Starts the case's operation with a fresh key and the resource's current etag. */
async function start(a: Akua, c: Case) {
  const headers: Record<string, string> = {}
  if (c.key) headers['idempotency-key'] = `key-${++keys}`
  if (c.ifMatch) headers['if-match'] = await a.etag(c.ifMatch(a.f))
  return a.call(c.method, c.path(a.f), { headers, body: c.body?.(a.f) })
}

/** The operation an answer started: the Operation itself, `{operation_id}`, or a render's. */
async function operationOf(
  a: Akua,
  body: { id?: string; operation_id?: string; render?: { operation_id: string } },
): Promise<Operation & Partial> {
  const id = body.operation_id ?? body.render?.operation_id ?? body.id
  return (await a.get(`/operations/${id}`)).body
}

async function expectResource(a: Akua, path: string, want: Partial | 'gone') {
  const now = await a.get(path)
  if (want === 'gone') expect(now.status, path).toBe(404)
  else expect(now.body, path).toMatchObject(want)
}

describe('akua: every endpoint that answers with an Operation', () => {
  test('the cases cover every starter of the table', () => {
    expect(CASES.map((c) => c.id).sort()).toEqual(Object.keys(STARTERS).sort())
    for (const c of CASES) expect(STARTERS[c.id]!.type, c.id).toBe(c.type)
  })

  test.each(CASES)(
    '$id: 202, RUNNING on the clock, then SUCCEEDED; the resource after',
    async (c) => {
      const a = await akua()
      await c.prepare?.(a)
      const answer = await start(a, c)
      expect(answer.status).toBe(202)
      const op = await operationOf(a, answer.body)
      expect(op).toMatchObject({
        state: 'RUNNING',
        done: false,
        response: null,
        metadata: { type: c.type },
      })
      const path = await c.resource(a, op)
      if (c.during) await expectResource(a, path, c.during)
      if (c.busy) {
        const again = await start(a, c)
        expect(again).toMatchObject({
          status: 409,
          body: { errors: [{ code: 7011, metadata: { operation_id: op.id } }] },
        })
      }
      a.advance('30s')
      expect((await a.get(`/operations/${op.id}`)).body.state).toBe('RUNNING')
      a.advance('10m')
      const done = (await a.get(`/operations/${op.id}`)).body
      expect(done).toMatchObject({ state: 'SUCCEEDED', done: true, error: null })
      if (done.response !== null) expect(done.response.type).toBe(c.type)
      await expectResource(a, path, c.after)
      const owned = `/operations?owner_type=${op.owner_type}&owner_id=${op.owner_id}`
      expect((await a.get(owned)).body.data.map((o: Operation) => o.id)).toContain(op.id)
    },
  )

  test.each(CASES)(
    '$id: a cancel drains the current step; the resource as the cancel leaves it',
    async (c) => {
      const a = await akua()
      await c.prepare?.(a)
      const op = await operationOf(a, (await start(a, c)).body)
      const path = await c.resource(a, op)
      a.advance('5s')
      expect((await a.call('POST', `/operations/${op.id}:cancel`)).status).toBe(202)
      a.advance('10m')
      const cancelled = (await a.get(`/operations/${op.id}`)).body
      expect(cancelled).toMatchObject({
        state: 'CANCELLED',
        response: null,
        error: { message: 'Operation was cancelled' },
      })
      await expectResource(a, path, c.cancelled)
      // The resource is free again: a new operation may start on it (where it still exists).
      if (c.busy && !c.once && c.cancelled !== 'gone' && !c.prepare)
        expect((await start(a, c)).status).toBe(202)
    },
  )

  test.each(CASES.filter((c) => c.ifMatch))(
    '$id: without if-match, or with a stale one, 409 ABORTED and nothing starts',
    async (c) => {
      const a = await akua()
      await c.prepare?.(a)
      const headers: Record<string, string> = c.key ? { 'idempotency-key': 'k' } : {}
      const send = (more: Record<string, string>) =>
        a.call(c.method, c.path(a.f), { headers: { ...headers, ...more }, body: c.body?.(a.f) })
      const missing = await send({})
      expect(missing).toMatchObject({ status: 409, body: { errors: [{ code: 7004 }] } })
      const etag = await a.etag(c.ifMatch!(a.f))
      const stale = await send({ 'if-match': 'Wzk5OV0=', 'idempotency-key': 'k2' })
      expect(stale).toMatchObject({
        status: 409,
        body: { errors: [{ code: 7004, metadata: { etag } }] },
      })
      expect(stale.body.errors[0].message).toMatch(/^ABORTED/)
      expect(await a.etag(c.ifMatch!(a.f))).toBe(etag)
    },
  )
})
