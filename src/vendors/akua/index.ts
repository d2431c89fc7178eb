import { defineVendor } from '../../vendor/define.js'
import type { AuthRequest } from '../../vendor/types.js'
import { fail } from '../../vendor/errors.js'
import { deviations } from './deviations.js'
import { errors, problem } from './errors.js'
import { fixtures, principals, type Token } from './fixtures.js'
import { operationMachine } from './machine.js'
import { phaseOf, presentOperation } from './present.js'
import { KINDS } from './resources.js'
import { routes } from './routes.js'
import { vocabulary } from './scenario.js'
import { seed } from './seed.js'
import { settle } from './settle.js'
import { plan as verify } from './verify.js'

/**
 * A workspace token may name only its own workspace in `akua-context`; a broad token must name
 * one it reaches (403 without, as for one it cannot reach).
 */
function inWorkspace(token: Token, request: AuthRequest) {
  const workspaceId =
    request.header('akua-context') ?? token.workspace ?? fail(errors.contextRequired())
  if (!token.workspaces.includes(workspaceId)) fail(errors.otherWorkspace())
  return { workspaceId }
}

/**
 * Akua operations, every endpoint that starts one, and the resources they act on, mounted at
 * /akua/v1 (BEHAVIOUR.md §4).
 */
export const akua = defineVendor('akua', '/akua/v1', {
  verify,
  scenarios: vocabulary,
  problem,
  // `Authorization: Bearer sk_akua_…`: missing or unknown token 401.
  auth: {
    principals,
    missing: errors.unauthenticated,
    unknown: errors.invalidToken,
    check: inWorkspace,
  },
  // An operation that ends leaves the resource it worked on in its new state.
  jobs: {
    operation: {
      machine: operationMachine,
      phase: phaseOf,
      watch: settle,
      present: (job) => presentOperation(job),
    },
  },
  records: [...Object.keys(KINDS), 'idempotency'],
  fixtures: {
    ...fixtures,
    regionIds: [...fixtures.regionIds],
    packageVersionIds: [...fixtures.packageVersionIds],
  },
  seed,
  routes,
  deviations,
})
