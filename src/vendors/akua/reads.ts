import { unixSeconds } from '../../vendor/time.js'
import type { Route, RouteRequest, VendorContext } from '../../vendor/types.js'
import { liveWorkspaceOf, workspaceOf } from './caller.js'
import { page } from './paging.js'
import { KINDS, locate, present, resources, type Kind, type Resource } from './resources.js'
import { operations } from './start.js'

type Body = Record<string, unknown>
/** A list's query filters: each reads a value of the item as sent. */
type Filters = Record<string, (item: Body) => unknown>

/** A worker bootstrap's running operation, as Akua summarises it. */
const running = (ctx: VendorContext) => (id: string) => {
  const job = operations(ctx).get(id)
  if (!job) return null
  const { metadata } = job.context.meta
  return { id, type: String(metadata.type), started_at: unixSeconds(job.createdAt) }
}

/** The resource as sent. */
const shown = (ctx: VendorContext, kind: Kind) => (r: Resource) => present(kind, r, running(ctx))

/** The workspace read in: a deleted one is not found itself, and refuses reads of its resources. */
const scope = (kind: Kind, request: RouteRequest, ctx: VendorContext) =>
  kind === 'workspace' ? workspaceOf(request) : liveWorkspaceOf(ctx, request)

/** `GET` of one resource of the workspace, by the path. */
const get =
  (kind: Kind): Route =>
  (request, ctx) => ({
    status: 200,
    body: shown(ctx, kind)(locate(ctx, kind, request.path, scope(kind, request, ctx))),
  })

/** The resources of the workspace (under the path's parent, if the kind has one), filtered. */
function inScope(kind: Kind, request: RouteRequest, ctx: VendorContext) {
  const workspaceId = scope(kind, request, ctx)
  const { parent } = KINDS[kind]
  if (parent) locate(ctx, parent.kind, request.path, workspaceId)
  const inParent = parent && parent.kind !== 'workspace'
  return resources(ctx, kind)
    .all()
    .filter((r) => r.workspaceId === workspaceId && (!inParent || r.parentId === request.path.id))
}

/** `GET` of a page of resources, newest first, narrowed by the query's filters. */
const list =
  (kind: Kind, filters: Filters = {}): Route =>
  (request, ctx) => {
    const wanted = Object.entries(filters).filter(([name]) => request.query[name] !== undefined)
    const items = inScope(kind, request, ctx)
      .map((r) => [r, shown(ctx, kind)(r)] as const)
      .filter(([, body]) => wanted.every(([name, read]) => read(body) === request.query[name]))
    return {
      status: 200,
      body: page(
        items,
        ([r]) => r.id,
        request.query,
        ([, body]) => body,
      ),
    }
  }

const field = (name: string) => (item: Body) => item[name]
const inner = (name: string, key: string) => (item: Body) =>
  (item[name] as Record<string, unknown> | undefined)?.[key]

/** The resources Akua's operations act on, readable in the state the operations leave them. */
export const reads: Record<string, Route> = {
  'workspaces.list': list('workspace'),
  'workspaces.get': get('workspace'),
  'workspaces.getSubscription': get('subscription'),
  'workspaceSubdomains.get': get('subdomain'),
  'clusters.list': list('cluster'),
  'clusters.get': get('cluster'),
  'clusters.listWorkerBootstraps': list('workerBootstrap'),
  'clusters.getWorkerBootstrap': get('workerBootstrap'),
  'machines.list': list('machine', { cluster_id: field('cluster_id'), state: field('state') }),
  'machines.get': get('machine'),
  'packages.list': list('package'),
  'packages.get': get('package'),
  'installs.list': list('install', { product_id: field('product_id') }),
  'installs.get': get('install'),
  'previewHostnames.list': list('previewHostname', {
    binding_kind: inner('binding', 'kind'),
    track: inner('binding', 'track'),
    state: field('status'),
  }),
  'previewHostnames.get': get('previewHostname'),
  'customDomains.list': list('customDomain', {
    target_kind: inner('target', 'kind'),
    state: field('status'),
  }),
  'customDomains.get': get('customDomain'),
}
