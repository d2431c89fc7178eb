import { fail } from '../../../vendor/errors.js'
import { unixSeconds } from '../../../vendor/time.js'
import { errors } from '../errors.js'
import { KINDS, resources, save, type Kind } from '../resources.js'
import { starter, type Act } from '../starter.js'

const inWorkspace = ({ workspaceId }: Act<unknown>) => ({ workspace_id: workspaceId })

/** Refuses a subscription change that changes nothing. */
const scheduled =
  (want: boolean, state: string, action: string) =>
  (_: unknown, sub?: { fields: Record<string, unknown> }) => {
    if (sub!.fields.cancellation_scheduled !== want)
      fail(errors.wrongState('subscription', state, action))
  }

/** The endpoints of workspaces, their subscription and subdomain that start an operation. */
export const workspaces = {
  // Everything the workspace owns goes with it.
  'workspaces.delete': starter({
    type: 'workspace.delete',
    target: 'workspace',
    action: 'delete',
    ifMatch: true,
    after: 'removed',
    settled: ({ ctx, workspaceId }, state) => {
      if (state !== 'SUCCEEDED') return
      for (const kind of Object.keys(KINDS) as Kind[])
        for (const r of resources(ctx, kind).all())
          if (r.workspaceId === workspaceId) resources(ctx, kind).remove(r.id)
    },
    steps: ['delete_installs', 'delete_clusters', 'delete_workspace_data'],
    metadata: inWorkspace,
    response: inWorkspace,
  }),
  // The subscription has no etag of its own: `if-match` is the workspace's.
  'workspaces.cancelSubscription': starter<{ effective: 'period_end' }>({
    type: 'workspace.subscription.cancel',
    target: 'subscription',
    action: 'cancel',
    ifMatch: 'workspace',
    check: scheduled(false, 'already scheduled for cancellation', 'cancel'),
    after: { fields: () => ({ cancellation_scheduled: true }) },
    steps: ['schedule_cancellation', 'notify_billing'],
    metadata: ({ workspaceId, body }) => ({ workspace_id: workspaceId, mode: body.effective }),
    response: ({ target }) => ({
      subscription_id: target.id,
      cancel_at: unixSeconds(Date.parse(String(target.fields.current_period_end))),
    }),
  }),
  'workspaces.reactivateSubscription': starter({
    type: 'workspace.subscription.reactivate',
    target: 'subscription',
    action: 'reactivate',
    ifMatch: 'workspace',
    check: scheduled(true, 'not scheduled for cancellation', 'reactivate'),
    after: { fields: () => ({ cancellation_scheduled: false }) },
    steps: ['clear_cancellation', 'notify_billing'],
    metadata: inWorkspace,
    response: () => null,
    answer: 'envelope',
  }),
  'workspaces.changeSubscriptionTier': starter<{ tier: string }>({
    type: 'workspace.subscription.change_tier',
    target: 'subscription',
    action: 'change the tier of',
    ifMatch: 'workspace',
    check: ({ body }, sub) => {
      if (sub!.fields.tier === body.tier)
        fail(errors.inUse(`The subscription is already on the ${body.tier} tier`))
    },
    after: { fields: ({ body }) => ({ tier: body.tier }) },
    settled: ({ ctx, workspaceId, body }, state) => {
      const workspace = resources(ctx, 'workspace').get(workspaceId)
      if (state !== 'SUCCEEDED' || !workspace) return
      const plan = { ...(workspace.fields.plan as object), tier: body.tier }
      save(ctx, 'workspace', { ...workspace, fields: { ...workspace.fields, plan } })
    },
    steps: ['prorate_charges', 'apply_tier'],
    metadata: ({ workspaceId, body }) => ({ workspace_id: workspaceId, tier: body.tier }),
    response: () => null,
    answer: 'envelope',
  }),
  'workspaceSubdomains.setName': starter<{ name: string }>({
    type: 'workspace.subdomain.set_name',
    target: 'subdomain',
    action: 'rename',
    ifMatch: true,
    from: ['active'],
    check: ({ ctx, body, workspaceId }) => {
      const taken = resources(ctx, 'subdomain').find(
        (d) => d.fields.name === body.name && d.workspaceId !== workspaceId,
      )
      if (taken) fail(errors.inUse(`The subdomain ${body.name} is taken`))
    },
    during: { state: 'propagating' },
    after: {
      state: 'active',
      fields: ({ ctx, body }) => ({
        name: body.name,
        fqdn: `${body.name}.akua.app`,
        name_changed_at: unixSeconds(ctx.now()),
      }),
    },
    steps: ['reserve_name', 'issue_certificate', 'propagate_dns'],
    metadata: ({ workspaceId, body, key }) => ({
      workspace_id: workspaceId,
      name: body.name,
      idempotency_key: key,
    }),
    response: ({ workspaceId, target, body }) => ({
      workspace_id: workspaceId,
      workspace_subdomain_id: target.id,
      fqdn: `${body.name}.akua.app`,
    }),
  }),
}
