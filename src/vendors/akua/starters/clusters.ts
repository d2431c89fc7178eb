import { fail } from '../../../vendor/errors.js'
import { errors } from '../errors.js'
import { fixtures } from '../fixtures.js'
import { resources } from '../resources.js'
import { starter, system, type Act } from '../starter.js'

const clusterIds = ({ target }: Act<unknown>) => ({ cluster_id: target.id })

interface NewCluster {
  name: string
  region_id: string
  network_profile?: string
}

/** The endpoints of clusters and their worker bootstraps that start an operation. */
export const clusters = {
  'clusters.create': starter<NewCluster>({
    type: 'cluster.create',
    target: 'cluster',
    action: 'create',
    check: ({ body }) => {
      if (!(fixtures.regionIds as readonly string[]).includes(body.region_id))
        fail(errors.unknownRegion([...fixtures.regionIds]))
    },
    creates: ({ body }) => ({
      fields: { name: body.name, state: 'provisioning', provider: 'managed_kaas' },
      hidden: {
        region_id: body.region_id,
        network_profile: body.network_profile ?? 'linux_cilium',
      },
    }),
    after: { state: 'active' },
    steps: [
      system('validate_request', false),
      'provision_network',
      'create_control_plane',
      'join_worker_nodes',
      system('install_addons', true, true),
    ],
    metadata: ({ workspaceId, body }) => ({
      workspace_id: workspaceId,
      region_id: body.region_id,
      name: body.name,
    }),
    response: clusterIds,
  }),
  'clusters.delete': starter({
    type: 'cluster.delete',
    target: 'cluster',
    action: 'delete',
    ifMatch: true,
    from: ['active', 'suspended'],
    // Akua tears a cluster down only once nothing runs on it.
    check: ({ ctx }, cluster) => {
      const count = (kind: 'machine' | 'install') => {
        const n = resources(ctx, kind)
          .all()
          .filter((r) => r.fields.cluster_id === cluster!.id && r.fields.state !== 'deleted').length
        return n === 0 ? [] : [`${n} ${kind}${n === 1 ? '' : 's'}`]
      }
      const left = [...count('machine'), ...count('install')]
      if (left.length > 0)
        fail(errors.inUse(`Remove what runs on the cluster first: ${left.join(', ')}`))
    },
    during: { state: 'deleting' },
    after: 'removed',
    steps: ['drain_workloads', 'delete_worker_nodes', 'delete_control_plane', 'release_network'],
    metadata: clusterIds,
    response: clusterIds,
  }),
  'clusters.suspend': starter({
    type: 'cluster.suspend',
    target: 'cluster',
    action: 'suspend',
    ifMatch: true,
    from: ['active'],
    after: { state: 'suspended' },
    steps: ['drain_workloads', 'snapshot_state', 'stop_nodes'],
    metadata: clusterIds,
    response: clusterIds,
  }),
  'clusters.resume': starter({
    type: 'cluster.resume',
    target: 'cluster',
    action: 'resume',
    ifMatch: true,
    from: ['suspended'],
    after: { state: 'active' },
    steps: ['start_nodes', 'restore_state', 'verify_health'],
    metadata: clusterIds,
    response: clusterIds,
  }),
  'clusters.refreshCapabilities': starter({
    type: 'cluster.capabilities.refresh',
    target: 'cluster',
    action: 'refresh the capabilities of',
    from: ['active'],
    after: {},
    steps: ['connect_to_cluster', 'inspect_api_groups', 'inspect_storage_and_gateways'],
    metadata: clusterIds,
    response: clusterIds,
  }),
  // Soft-revoked at once; the join token is invalidated once the control plane answers.
  'clusters.revokeWorkerBootstrap': starter({
    type: 'cluster.worker_bootstrap.revoke',
    target: 'workerBootstrap',
    action: 'revoke',
    ifMatch: true,
    from: ['active'],
    during: { state: 'revoked' },
    after: { state: 'revoked' },
    failed: { state: 'revoked' },
    steps: ['soft_revoke', 'invalidate_join_token'],
    metadata: ({ target }) => ({ cluster_id: target.parentId, worker_bootstrap_id: target.id }),
    response: () => ({}),
  }),
}
