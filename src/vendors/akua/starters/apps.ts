import { fail } from '../../../vendor/errors.js'
import type { VendorContext } from '../../../vendor/types.js'
import { errors } from '../errors.js'
import { fixtures } from '../fixtures.js'
import { create, locate, resources } from '../resources.js'
import { installUrl } from '../seed.js'
import { starter, type Draft } from '../starter.js'
import { newRender, rendering } from './renders.js'

const SEMVER = /^\d+\.\d+\.\d+(?:-[\w.-]+)?(?:\+[\w.-]+)?$/

interface NewPackage {
  name: string
  display_image_url?: string
  sources: Array<{ repo_url: string; chart?: string; target_revision: string }>
}

type Pin = { kind: 'latest' } | { kind: 'pinned'; version: string }
interface NewInstall {
  product_id?: string
  package_id?: string
  package_version_pin?: Pin
  region_id: string
  cluster_id?: string
}

const versionsOf = (ctx: VendorContext, packageId: string) =>
  resources(ctx, 'packageVersion')
    .all()
    .filter((v) => v.parentId === packageId)

/** The package and version a new install runs: a product's package, or the one asked for. */
function chosenVersion({ ctx, body, workspaceId }: Draft<NewInstall>) {
  if (body.product_id !== undefined && body.product_id !== fixtures.productId)
    fail(errors.notFound(['body', 'product_id']))
  const pkg = locate(ctx, 'package', { id: body.package_id ?? fixtures.packageId }, workspaceId)
  const pin = body.package_version_pin ?? { kind: 'latest' }
  const version =
    pin.kind === 'latest'
      ? resources(ctx, 'packageVersion').get(String(pkg.fields.latest_version_id))
      : versionsOf(ctx, pkg.id).find((v) => v.fields.semver === pin.version)
  return version ?? fail(errors.notFound(['body', 'package_version_pin']))
}

/** The endpoints of packages and installs that start an operation. */
export const apps = {
  'packages.create': starter<NewPackage>({
    type: 'package.create',
    target: 'package',
    action: 'create',
    check: ({ ctx, body, workspaceId }) => {
      const taken = resources(ctx, 'package').find(
        (p) => p.workspaceId === workspaceId && p.fields.name === body.name,
      )
      if (taken) fail(errors.inUse(`A package named ${body.name} already exists`, 422))
    },
    creates: ({ ctx, body }) => {
      const [source] = body.sources
      return {
        fields: {
          name: body.name,
          latest_version_id: `pkgv_${ctx.ids.token(12)}`,
          description: null,
          display_image_url: body.display_image_url ?? null,
          source: {
            kind: 'oci',
            oci_ref: [source!.repo_url, source!.chart].filter(Boolean).join('/'),
          },
        },
        hidden: { repository_id: `repo_${ctx.ids.token(12)}`, revision: source!.target_revision },
      }
    },
    after: {},
    settled: ({ ctx, target, workspaceId }, state) => {
      if (state !== 'SUCCEEDED') return
      const semver = String(target.hidden.revision).replace(/^v/, '')
      create(ctx, 'packageVersion', workspaceId, {
        id: String(target.fields.latest_version_id),
        parentId: target.id,
        fields: { semver: SEMVER.test(semver) ? semver : '0.1.0' },
      })
    },
    steps: ['pull_chart', 'import_repository', 'create_version'],
    metadata: ({ key, workspaceId, body }) => ({
      idempotency_key: key,
      workspace_id: workspaceId,
      name: body.name,
    }),
    response: ({ target }) => ({
      package_id: target.id,
      package_version_id: target.fields.latest_version_id,
      repository_id: target.hidden.repository_id,
    }),
  }),
  'installs.create': starter<NewInstall>({
    type: 'install.create',
    target: 'install',
    action: 'create',
    check: ({ ctx, body, workspaceId }) => {
      if (!(fixtures.regionIds as readonly string[]).includes(body.region_id))
        fail(errors.unknownRegion([...fixtures.regionIds]))
      if (body.cluster_id !== undefined)
        locate(ctx, 'cluster', { id: body.cluster_id }, workspaceId)
    },
    creates: (a) => {
      const version = chosenVersion(a)
      const workspace = resources(a.ctx, 'workspace').get(a.workspaceId)
      const { product_id, cluster_id } = a.body
      return {
        fields: {
          customer_workspace: { id: a.workspaceId, name: workspace?.fields.name ?? a.workspaceId },
          ...(cluster_id === undefined ? {} : { cluster_id }),
          ...(product_id === undefined ? {} : { product_id }),
          package_version_id: version.id,
          state: 'pending',
          urls: [],
        },
        hidden: {
          package_id: version.parentId,
          repository_id: `repo_${a.ctx.ids.token(12)}`,
          desired_version_id: null,
        },
      }
    },
    during: { state: 'rendering' },
    after: {
      state: 'healthy',
      fields: ({ ctx, target }) => ({ urls: [installUrl(target.id, ctx.now())] }),
    },
    failed: { state: 'failed' },
    settled: ({ ctx, target, operationId }, state) => {
      const version = String(target.fields.package_version_id)
      if (state === 'SUCCEEDED') newRender(ctx, target, { version, state: 'deployed', operationId })
    },
    steps: ['create_repository', 'render_manifests', 'sync_to_cluster', 'wait_until_healthy'],
    metadata: ({ key, workspaceId, body }) => ({
      idempotency_key: key,
      workspace_id: workspaceId,
      ...(body.product_id === undefined ? {} : { product_id: body.product_id }),
    }),
    response: ({ target }) => ({
      install_id: target.id,
      argo_app_name: target.id.replace(/_/g, '-'),
      argo_app_namespace: 'akua-installs',
    }),
  }),
  'installs.delete': starter({
    type: 'install.delete',
    target: 'install',
    action: 'delete',
    ifMatch: true,
    from: ['pending', 'rendering', 'syncing', 'healthy', 'degraded', 'failed'],
    after: { state: 'deleted', fields: () => ({ urls: [] }) },
    steps: ['delete_argo_app', 'delete_namespace', 'purge_repository'],
    metadata: ({ target }) => ({ install_id: target.id }),
    response: () => ({ argo_app_deleted: true, repo_purged: true }),
  }),
  'installs.updateVersion': rendering<{ package_version_id: string }>('update', (a, install) => {
    const version = resources(a.ctx, 'packageVersion').get(a.body.package_version_id)
    if (!version || version.parentId !== install.hidden.package_id)
      fail(errors.notFound(['body', 'package_version_id']))
    return { version: version.id }
  }),
  'installs.restore': rendering<{ render_id: string }>('restore', (a, install) => {
    const render = resources(a.ctx, 'render').get(a.body.render_id)
    if (!render || render.parentId !== install.id) fail(errors.notFound(['body', 'render_id']))
    if (render.fields.state !== 'deployed')
      fail(errors.wrongState('render', String(render.fields.state), 'restore'))
    return { version: String(render.fields.package_version_id), restoredFrom: render.id }
  }),
}
