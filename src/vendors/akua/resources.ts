import { fail } from '../../vendor/errors.js'
import { unixSeconds } from '../../vendor/time.js'
import type { VendorContext } from '../../vendor/types.js'
import { errors } from './errors.js'
import { KINDS, type Kind } from './kinds.js'

export { KINDS, type Kind, type OwnerType } from './kinds.js'

/** A resource as the session keeps it: its wire fields, and what jobfake tracks beside them. */
export interface Resource {
  id: string
  workspaceId: string
  /** The resource it belongs to: an install's preview hostnames, a cluster's bootstraps... */
  parentId?: string
  /** Fields sent as they are (state, name, target...). */
  fields: Record<string, unknown>
  /** Facts jobfake keeps but Akua does not send (a cluster's region, an install's package). */
  hidden: Record<string, unknown>
  revision: number
  createdAt: number
  updatedAt: number
  /** The operation acting on it now: a second one is refused (409) until it ends. */
  busy: string | null
}

export const resources = (ctx: VendorContext, kind: Kind) => ctx.records<Resource>(kind)

/** ETag of a revision, in the shape Akua's documentation shows (base64 of "[n]"). */
export const etagOfRevision = (revision: number) => Buffer.from(`[${revision}]`).toString('base64')

export const stateOf = (kind: Kind, r: Resource) => {
  const field = KINDS[kind].state
  return field ? String(r.fields[field]) : ''
}

/** Stores a change: a new revision (so a new etag) at the clock's time. */
export function save(ctx: VendorContext, kind: Kind, r: Resource): Resource {
  return resources(ctx, kind).put(r.id, {
    ...r,
    revision: r.revision + 1,
    updatedAt: ctx.now(),
  })
}

/** A new resource of the workspace, with a fresh id unless it brings one. */
export function create(
  ctx: VendorContext,
  kind: Kind,
  workspaceId: string,
  init: Pick<Resource, 'fields'> & Partial<Pick<Resource, 'id' | 'parentId' | 'hidden'>>,
): Resource {
  const id = init.id ?? `${KINDS[kind].prefix}_${ctx.ids.token(12)}`
  return resources(ctx, kind).put(id, {
    hidden: {},
    ...init,
    id,
    workspaceId,
    revision: 1,
    createdAt: ctx.now(),
    updatedAt: ctx.now(),
    busy: null,
  })
}

/**
 * The resource of the workspace a path names (and its parent, when it has one): a workspace
 * other than the caller's is 403, anything else it does not have 404.
 *
 * @example
 * locate(ctx, 'previewHostname', { id: 'inst_1', preview_hostname_id: 'phn_1' }, 'ws_1')
 */
export function locate(
  ctx: VendorContext,
  kind: Kind,
  path: Record<string, unknown>,
  workspaceId: string,
): Resource {
  const { parent, single, param } = KINDS[kind]
  if ((kind === 'workspace' || parent?.kind === 'workspace') && path.id !== workspaceId)
    fail(errors.otherWorkspace())
  const table = resources(ctx, kind)
  if (single) return table.find((r) => r.workspaceId === workspaceId) ?? fail(errors.notFound())
  const inParent = parent !== undefined && parent.kind !== 'workspace'
  if (inParent) locate(ctx, parent.kind, path, workspaceId)
  const r = table.get(String(path[param]))
  if (!r || r.workspaceId !== workspaceId) fail(errors.notFound())
  if (inParent && r.parentId !== path[parent.param]) fail(errors.notFound())
  return r
}

/** The active operation a worker bootstrap shows, as Akua's dashboard summary of it. */
type Running = (id: string) => { id: string; type: string; started_at: number } | null

/**
 * A resource on the wire: its fields, and the common ones its kind has.
 *
 * @example
 * present('cluster', cluster, () => null) // { id, html_url, name, state, reconciling, etag, ... }
 */
export function present(kind: Kind, r: Resource, running: Running): Record<string, unknown> {
  const info = KINDS[kind]
  const body: Record<string, unknown> = { id: r.id }
  if (info.wire.includes('workspace_id')) body.workspace_id = r.workspaceId
  if (info.parentField) body[info.parentField] = r.parentId
  if (info.html) body.html_url = `https://akua.dev/${info.html}/${r.id}`
  for (const [name, value] of Object.entries(r.fields)) if (value !== undefined) body[name] = value
  if (info.wire.includes('reconciling')) body.reconciling = r.busy !== null
  if (kind === 'workerBootstrap') body.active_operation = r.busy ? running(r.busy) : null
  body.created_at = unixSeconds(r.createdAt)
  if (info.wire.includes('updated_at')) body.updated_at = unixSeconds(r.updatedAt)
  if (info.wire.includes('etag')) body.etag = etagOfRevision(r.revision)
  return body
}
