import { fail } from '../../../vendor/errors.js'
import { errors } from '../errors.js'
import { locate, resources } from '../resources.js'
import { starter, type Act, type Draft } from '../starter.js'

type Protocol = 'http' | 'websocket' | 'grpc'
type Routing = 'through_dispatcher' | 'bypass_dispatcher'
type Target =
  | { kind: 'install'; install_id: string }
  | { kind: 'cluster'; cluster_id: string }
  | { kind: 'external'; endpoint: string }

interface Binding {
  render_id: string
  track?: string
  protocol?: Protocol
  routing_mode?: Routing
}

interface Domain {
  hostname: string
  target: Target
  protocol?: Protocol
  routing_mode?: Routing
}

/** The render a hostname binds must be one of the install's own. */
function renderOfInstall({ ctx, body, path, workspaceId }: Draft<Binding>) {
  locate(ctx, 'install', path, workspaceId)
  const render = resources(ctx, 'render').get(body.render_id)
  if (!render || render.parentId !== path.id) fail(errors.notFound(['body', 'render_id']))
}

/** A domain routes to an install or cluster of the workspace, or to an external endpoint. */
function targetExists({ ctx, body, workspaceId }: Draft<Partial<Domain>>) {
  const t = body.target
  if (t?.kind === 'install') locate(ctx, 'install', { id: t.install_id }, workspaceId)
  if (t?.kind === 'cluster') locate(ctx, 'cluster', { id: t.cluster_id }, workspaceId)
}

const routing = (body: { protocol?: Protocol; routing_mode?: Routing }) => ({
  protocol: body.protocol ?? 'http',
  routing_mode: body.routing_mode ?? 'through_dispatcher',
})

const bound = ({ target }: Act<unknown>) => ({
  install_id: target.parentId,
  preview_hostname_id: target.id,
  hostname: target.fields.hostname,
})

const domain = ({ workspaceId, target }: Act<unknown>) => ({
  workspace_id: workspaceId,
  custom_domain_id: target.id,
  hostname: target.fields.hostname,
})

const newHostname = (kind: 'pinned' | 'floating') => (a: Draft<Binding>) => ({
  parentId: String(a.path.id),
  fields: {
    hostname: `${a.body.track ?? a.ctx.ids.token(8)}-${String(a.path.id).slice(5)}.preview.akua.app`,
    ...routing(a.body),
    binding:
      kind === 'pinned'
        ? { kind, render_id: a.body.render_id }
        : { kind, track: a.body.track, render_id: a.body.render_id },
    status: 'provisioning',
    last_seen_at: null,
  },
})

const bindMeta = (type: 'pinned' | 'floating') => (a: Act<Binding>) => ({
  install_id: a.target.parentId,
  ...(type === 'floating' ? { track: a.body.track } : {}),
  render_id: a.body.render_id,
  ...routing(a.body),
  idempotency_key: a.key,
})

const releasing = {
  during: { state: 'releasing' },
  after: 'removed',
} as const

/** The endpoints of preview hostnames and custom domains that start an operation. */
export const hostnames = {
  'previewHostnames.bindPinned': starter<Binding>({
    type: 'preview_hostname.bind_pinned',
    target: 'previewHostname',
    action: 'bind',
    check: renderOfInstall,
    creates: newHostname('pinned'),
    after: { state: 'active' },
    steps: ['allocate_hostname', 'configure_route'],
    metadata: bindMeta('pinned'),
    response: bound,
  }),
  // A track already bound is rebound to the new render; a new track gets its own hostname.
  'previewHostnames.bindFloating': starter<Binding>({
    type: 'preview_hostname.bind_floating',
    target: 'previewHostname',
    action: 'rebind',
    from: ['active', 'evicted'],
    check: renderOfInstall,
    find: ({ ctx, body, path }) =>
      resources(ctx, 'previewHostname').find(
        (h) =>
          h.parentId === path.id && (h.fields.binding as { track?: string }).track === body.track,
      ),
    creates: newHostname('floating'),
    during: {
      state: 'provisioning',
      fields: ({ body, target }) => ({
        binding: { kind: 'floating', track: body.track, render_id: body.render_id },
        protocol: body.protocol ?? target.fields.protocol,
        routing_mode: body.routing_mode ?? target.fields.routing_mode,
      }),
    },
    after: { state: 'active' },
    steps: ['allocate_hostname', 'configure_route'],
    metadata: bindMeta('floating'),
    response: bound,
  }),
  'previewHostnames.delete': starter({
    type: 'preview_hostname.delete',
    target: 'previewHostname',
    action: 'delete',
    ifMatch: true,
    from: ['active', 'evicted'],
    ...releasing,
    steps: ['remove_route', 'release_hostname'],
    metadata: ({ target, ifMatch, key }) => ({
      install_id: target.parentId,
      preview_hostname_id: target.id,
      if_match: ifMatch,
      idempotency_key: key,
    }),
    response: bound,
  }),
  'customDomains.create': starter<Domain>({
    type: 'custom_domain.create',
    target: 'customDomain',
    action: 'create',
    check: targetExists,
    creates: ({ body, ctx }) => ({
      fields: {
        hostname: body.hostname,
        target: body.target,
        ...routing(body),
        ssl: {
          status: 'pending_validation',
          validation_records: [
            { type: 'TXT', name: `_acme-challenge.${body.hostname}`, value: ctx.ids.token(24) },
          ],
        },
        status: 'provisioning',
      },
    }),
    after: { state: 'active', fields: () => ({ ssl: { status: 'active' } }) },
    failed: { state: 'failed', fields: () => ({ ssl: { status: 'failed' } }) },
    steps: ['validate_hostname', 'issue_certificate', 'configure_routing'],
    metadata: ({ workspaceId, body, key }) => ({
      workspace_id: workspaceId,
      hostname: body.hostname,
      target: body.target,
      ...routing(body),
      idempotency_key: key,
    }),
    response: domain,
  }),
  'customDomains.update': starter<Partial<Domain>>({
    type: 'custom_domain.update',
    target: 'customDomain',
    action: 'update',
    ifMatch: true,
    from: ['active', 'failed'],
    check: targetExists,
    during: { state: 'provisioning', fields: ({ body }) => ({ ...body }) },
    after: { state: 'active' },
    steps: ['validate_target', 'configure_routing'],
    metadata: ({ workspaceId, target, body, ifMatch, key }) => ({
      workspace_id: workspaceId,
      custom_domain_id: target.id,
      ...body,
      if_match: ifMatch,
      idempotency_key: key,
    }),
    response: domain,
  }),
  'customDomains.delete': starter({
    type: 'custom_domain.delete',
    target: 'customDomain',
    action: 'delete',
    ifMatch: true,
    from: ['active', 'failed'],
    ...releasing,
    steps: ['remove_routing', 'revoke_certificate'],
    metadata: ({ workspaceId, target, ifMatch, key }) => ({
      workspace_id: workspaceId,
      custom_domain_id: target.id,
      if_match: ifMatch,
      idempotency_key: key,
    }),
    response: domain,
  }),
}
