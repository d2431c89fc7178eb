import { fail } from '../../vendor/errors.js'
import type { RouteRequest, VendorContext } from '../../vendor/types.js'
import { errors } from './errors.js'

/** The workspace the request acts in, as the auth check chose it. */
export const workspaceOf = (request: RouteRequest) =>
  (request.principal as { workspaceId: string }).workspaceId

/**
 * The workspace the request acts in, which must still exist: once deleted, nothing more can be
 * read or started in it (403), though its operations stay readable.
 */
export function liveWorkspaceOf(ctx: VendorContext, request: RouteRequest) {
  const workspaceId = workspaceOf(request)
  if (!ctx.records('workspace').has(workspaceId)) fail(errors.workspaceGone())
  return workspaceId
}
