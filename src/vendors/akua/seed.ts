import { iso, unixSeconds } from '../../vendor/time.js'
import type { VendorContext } from '../../vendor/types.js'
import { fixtures as f } from './fixtures.js'
import { create, type Kind } from './resources.js'

const DAY = 86_400_000

/** A workspace with the subscription and subdomain every workspace has. */
function workspace(ctx: VendorContext, id: string, name: string, slug: string) {
  create(ctx, 'workspace', id, {
    id,
    fields: {
      name,
      slug,
      plan: { tier: 'pro', billed_by: 'platform' },
      workspace_class: 'standard',
    },
  })
  create(ctx, 'subscription', id, {
    fields: {
      tier: 'pro',
      status: 'active',
      cancellation_scheduled: false,
      current_period_end: iso(ctx.now() + 30 * DAY),
      billed_by: 'platform',
    },
  })
  create(ctx, 'subdomain', id, {
    fields: { name: slug, fqdn: `${slug}.akua.app`, status: 'active', name_changed_at: null },
  })
}

const cluster = (name: string, state: string) => ({
  fields: { name, state, provider: 'managed_kaas' },
  hidden: { region_id: f.regionIds[0], network_profile: 'linux_cilium' },
})

const machine = (name: string, state: string, server: number, ip: string | null) => ({
  fields: {
    cluster_id: f.workClusterId,
    compute_config_id: 'cc_demo01cx22',
    provider_id: `compute://hcloud/${server}`,
    provider_resource: { identity_kind: 'recyclable', public_ip: ip },
    name,
    node_name: ip ? `node-${name}` : null,
    state,
  },
  hidden: { instance_type: 'cx22' },
})

/**
 * What every session's workspace holds at the start (and again after a reset): clusters in each
 * state an operation starts from, machines, a package with two versions installed at the older
 * one, a render, a preview hostname, a custom domain and a worker bootstrap.
 */
export function seed(ctx: VendorContext) {
  const at = (kind: Kind, id: string, init: Parameters<typeof create>[3]) =>
    create(ctx, kind, f.workspaceId, { ...init, id })
  workspace(ctx, f.workspaceId, 'Jobfake demo', 'jobfake-demo')
  workspace(ctx, f.otherWorkspaceId, 'Jobfake other', 'jobfake-other')
  at('cluster', f.clusterId, cluster('prod', 'active'))
  at('cluster', f.workClusterId, cluster('work', 'active'))
  at('cluster', f.suspendedClusterId, cluster('idle', 'suspended'))
  at('machine', f.machineId, machine('web-1', 'ACTIVE', 48213377, '203.0.113.10'))
  at('machine', f.suspendedMachineId, machine('batch-1', 'SUSPENDED', 48213378, null))
  at('workerBootstrap', f.workerBootstrapId, {
    parentId: f.workClusterId,
    fields: { status: 'active', expires_at: unixSeconds(ctx.now() + DAY) },
  })
  const [v100, v110] = f.packageVersionIds
  at('package', f.packageId, {
    fields: {
      name: 'web-app',
      latest_version_id: v110,
      description: 'A demo web application',
      display_image_url: null,
      source: { kind: 'oci', oci_ref: 'oci://registry.example.com/charts/web-app' },
    },
    hidden: { repository_id: 'repo_demo01web' },
  })
  at('packageVersion', v100, { parentId: f.packageId, fields: { semver: '1.0.0' } })
  at('packageVersion', v110, { parentId: f.packageId, fields: { semver: '1.1.0' } })
  at('install', f.installId, {
    fields: {
      customer_workspace: { id: f.workspaceId, name: 'Jobfake demo' },
      cluster_id: f.workClusterId,
      product_id: f.productId,
      package_version_id: v100,
      state: 'healthy',
      urls: [installUrl(f.installId, ctx.now())],
    },
    hidden: { package_id: f.packageId, repository_id: 'repo_demo01web', desired_version_id: null },
  })
  at('render', f.renderId, {
    parentId: f.installId,
    fields: renderFields({ package_version_id: v100, state: 'deployed', id: f.renderId }),
  })
  at('previewHostname', f.previewHostnameId, {
    parentId: f.installId,
    fields: {
      hostname: 'first-web.preview.jobfake-demo.akua.app',
      protocol: 'http',
      routing_mode: 'through_dispatcher',
      binding: { kind: 'pinned', render_id: f.renderId },
      status: 'active',
      last_seen_at: null,
    },
  })
  at('customDomain', f.customDomainId, {
    fields: {
      hostname: 'app.example.com',
      target: { kind: 'install', install_id: f.installId },
      protocol: 'http',
      routing_mode: 'through_dispatcher',
      ssl: { status: 'active' },
      status: 'active',
    },
  })
}

/** The URL an install serves once healthy. */
export function installUrl(installId: string, now: number) {
  const hostname = `${installId.slice(5)}.jobfake-demo.akua.app`
  return {
    route_key: 'web',
    hostname,
    url: `https://${hostname}/`,
    protocol: 'http',
    routing_mode: 'through_dispatcher',
    status: 'active',
    updated_at: unixSeconds(now),
  }
}

/** A render's wire fields; the hash and commit follow from its id, so runs repeat exactly. */
export function renderFields(r: {
  id: string
  package_version_id: string
  state: string
  operation_id?: string
  restored_from_render_id?: string
}) {
  const hex = Buffer.from(r.id).toString('hex').padEnd(40, '0').slice(0, 40)
  return {
    operation_id: r.operation_id ?? null,
    repository_change_request_id: null,
    render_hash: `sha256:${hex}`,
    commit_sha: hex,
    package_version_id: r.package_version_id,
    restored_from_render_id: r.restored_from_render_id ?? null,
    state: r.state,
    message: null,
  }
}
