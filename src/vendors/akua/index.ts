import type { Vendor } from '../../vendor/types.js'
import { bearerAuth } from './auth.js'
import { problem } from './errors.js'
import { fixtures } from './fixtures.js'
import { operationMachine } from './machine.js'
import { phaseOf } from './present.js'
import { akuaRoutes, type AkuaState } from './routes.js'
import { vocabulary } from './scenario.js'

/** Akua operations and the cluster endpoints that start them, mounted at /akua/v1 (BEHAVIOUR.md §4). */
export const akua: Vendor = {
  name: 'akua',
  mount: '/akua/v1',
  spec: 'akua.yaml',
  scenarios: vocabulary,
  problem,
  open(env) {
    const state: AkuaState = {
      env,
      operations: env.jobs({ kind: 'operation', machine: operationMachine, phase: phaseOf }),
      meta: new Map(),
      clusters: new Map([[fixtures.clusterId, { workspaceId: fixtures.workspaceId, name: 'prod' }]]),
      idempotency: new Map(),
    }
    const both = [fixtures.workspaceId, fixtures.otherWorkspaceId]
    return {
      fixtures: {
        token: fixtures.token,
        broadToken: fixtures.broadToken,
        workspaceId: fixtures.workspaceId,
        otherWorkspaceId: fixtures.otherWorkspaceId,
        regionIds: [...fixtures.regionIds],
        clusterId: fixtures.clusterId,
      },
      authenticate: bearerAuth(
        new Map([
          [fixtures.token, { workspace: fixtures.workspaceId, workspaces: [fixtures.workspaceId] }],
          [fixtures.broadToken, { workspaces: both }],
        ]),
      ),
      routes: akuaRoutes(state),
    }
  },
}
