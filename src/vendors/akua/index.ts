import { defineVendor } from '../../vendor/define.js'
import type { AuthRequest } from '../../vendor/types.js'
import { fail } from '../../vendor/errors.js'
import { errors, problem } from './errors.js'
import { fixtures, principals, type Token } from './fixtures.js'
import { operationMachine } from './machine.js'
import { phaseOf } from './present.js'
import { clusters, routes } from './routes.js'
import { vocabulary } from './scenario.js'

/**
 * A workspace token may name only its own workspace in `akua-context`; a broad token must name
 * one it reaches (400 without, 403 for another).
 */
function inWorkspace(token: Token, request: AuthRequest) {
  const workspaceId =
    request.header('akua-context') ?? token.workspace ?? fail(errors.contextRequired())
  if (!token.workspaces.includes(workspaceId)) fail(errors.otherWorkspace())
  return { workspaceId }
}

/**
 * Akua operations and the cluster endpoints that start them, mounted at /akua/v1 (BEHAVIOUR.md §4).
 */
export const akua = defineVendor('akua', '/akua/v1', {
  scenarios: vocabulary,
  problem,
  // `Authorization: Bearer sk_akua_…`: missing or unknown token 401.
  auth: {
    principals,
    missing: errors.unauthenticated,
    unknown: errors.invalidToken,
    check: inWorkspace,
  },
  jobs: { operation: { machine: operationMachine, phase: phaseOf } },
  records: ['cluster', 'idempotency'],
  fixtures: {
    token: fixtures.token,
    broadToken: fixtures.broadToken,
    workspaceId: fixtures.workspaceId,
    otherWorkspaceId: fixtures.otherWorkspaceId,
    regionIds: [...fixtures.regionIds],
    clusterId: fixtures.clusterId,
  },
  seed(ctx) {
    clusters(ctx).put(fixtures.clusterId, {
      id: fixtures.clusterId,
      workspaceId: fixtures.workspaceId,
      name: 'prod',
    })
  },
  routes,
})
