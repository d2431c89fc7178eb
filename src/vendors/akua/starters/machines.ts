import { createHash } from 'node:crypto'
import { unixSeconds } from '../../../vendor/time.js'
import { fail } from '../../../vendor/errors.js'
import { errors } from '../errors.js'
import { locate } from '../resources.js'
import { starter, type Act, type Draft } from '../starter.js'

const DAY = 86_400_000

/** Akua's `request_fingerprint`: what was asked, hashed. */
const fingerprint = ({ body, path }: Draft<unknown>) =>
  createHash('sha256').update(JSON.stringify({ body, path })).digest('hex').slice(0, 32)

const ip = ({ ctx }: Draft<unknown>) => `203.0.113.${20 + Math.floor(ctx.ids.random() * 200)}`

const machineMeta = (a: Act<unknown>) => ({
  workspace_id: a.workspaceId,
  machine_id: a.target.id,
  request_fingerprint: fingerprint(a),
})
const machineIds = ({ target }: Act<unknown>) => ({ machine_id: target.id })

interface NewMachine {
  cluster_id: string
  instance_type: string
  compute_config_id: string
  name?: string
}

/** The endpoints of machines that start an operation. */
export const machines = {
  'machines.create': starter<NewMachine>({
    type: 'machine.create',
    target: 'machine',
    action: 'create',
    check: ({ ctx, body, workspaceId }) => {
      const cluster = locate(ctx, 'cluster', { id: body.cluster_id }, workspaceId)
      if (cluster.fields.state !== 'active')
        fail(errors.wrongState('cluster', String(cluster.fields.state), 'add a machine to'))
    },
    creates: ({ ctx, body }) => ({
      fields: {
        cluster_id: body.cluster_id,
        compute_config_id: body.compute_config_id,
        provider_id: `compute://hcloud/${48_000_000 + Math.floor(ctx.ids.random() * 999_999)}`,
        provider_resource: { identity_kind: 'recyclable', public_ip: null },
        ...(body.name === undefined ? {} : { name: body.name }),
        node_name: null,
        state: 'PROVISIONING',
      },
      hidden: { instance_type: body.instance_type },
    }),
    after: {
      state: 'ACTIVE',
      fields: (a) => ({
        node_name: `node-${a.target.id.slice(4)}`,
        provider_resource: { identity_kind: 'recyclable', public_ip: ip(a) },
      }),
    },
    steps: ['reserve_capacity', 'boot_server', 'join_cluster'],
    metadata: (a) => ({
      workspace_id: a.workspaceId,
      cluster_id: a.body.cluster_id,
      compute_config_id: a.body.compute_config_id,
      instance_type: a.body.instance_type,
      managed: true,
      request_fingerprint: fingerprint(a),
    }),
    response: ({ target }) => ({ machine_id: target.id, provider_id: target.fields.provider_id }),
    answer: 'machine',
  }),
  'machines.delete': starter({
    type: 'machine.delete',
    target: 'machine',
    action: 'delete',
    ifMatch: true,
    from: ['ACTIVE', 'SUSPENDED'],
    during: { state: 'DELETING' },
    after: 'removed',
    steps: ['cordon_node', 'drain_node', 'delete_server'],
    metadata: machineMeta,
    response: machineIds,
    answer: 'machine',
  }),
  'machines.suspend': starter<{ reason?: 'manual' | 'downgrade' }>({
    type: 'machine.suspend',
    target: 'machine',
    action: 'suspend',
    ifMatch: true,
    from: ['ACTIVE'],
    prepare: ({ ctx }) => ({ suspension_id: `msus_${ctx.ids.token(12)}` }),
    during: { state: 'SUSPENDING' },
    after: {
      state: 'SUSPENDED',
      fields: ({ ctx, made, body }) => ({
        provider_resource: { identity_kind: 'recyclable', public_ip: null },
        current_suspension: {
          event_id: made.suspension_id,
          snapshot_ref: {
            provider: 'hcloud',
            snapshot_id: 91_000_000 + Math.floor(ctx.ids.random() * 999_999),
            size_gb: 40,
          },
          expires_at: unixSeconds(ctx.now() + 30 * DAY),
          monthly_cost_cents: 96,
          reason: body.reason ?? 'manual',
        },
      }),
    },
    steps: ['drain_node', 'snapshot_disk', 'release_server'],
    metadata: machineMeta,
    response: ({ target, made }) => ({ machine_id: target.id, suspension_id: made.suspension_id }),
    answer: 'machine',
  }),
  // The machine keeps its id; its public IP changes, as on providers that recycle servers.
  'machines.resume': starter({
    type: 'machine.resume',
    target: 'machine',
    action: 'resume',
    ifMatch: true,
    from: ['SUSPENDED'],
    during: { state: 'RESUMING' },
    after: {
      state: 'ACTIVE',
      fields: (a) => ({
        provider_resource: { identity_kind: 'recyclable', public_ip: ip(a) },
        current_suspension: undefined,
      }),
    },
    steps: ['restore_from_snapshot', 'boot_server', 'join_cluster'],
    metadata: machineMeta,
    response: machineIds,
    answer: 'machine',
  }),
}
