import { newest, type Akua } from './akua.case.js'
import type { Case, F } from './starters.case.js'

const ws = (f: F) => `/workspaces/${f.workspaceId}`
const subscription = {
  resource: (a: Akua) => `${ws(a.f)}/subscription`,
  ifMatch: ws,
  busy: true as const,
}
const domain = (f: F) => `${ws(f)}/custom_domains/${f.customDomainId}`

/** The starters that act on the workspace: itself, its subscription, subdomain, custom domains. */
export const WORKSPACE_CASES: Case[] = [
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
