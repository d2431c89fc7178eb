import type { Vendor } from '../../vendor/types.js'
import { bearerAuth } from './auth.js'
import { onFinished, type PeakaState } from './caches.js'
import { problem } from './errors.js'
import { fixtures } from './fixtures.js'
import { executionMachine, executionPhase } from './machine.js'
import { peakaRoutes } from './routes.js'
import { vocabulary } from './scenario.js'

/** Peaka partner API caches, mounted at /peaka/api/v1 (BEHAVIOUR.md §1). */
export const peaka: Vendor = {
  name: 'peaka',
  mount: '/peaka/api/v1',
  spec: 'peaka.yaml',
  scenarios: vocabulary,
  problem,
  open(env) {
    const state: PeakaState = {
      env,
      executions: env.jobs({ kind: 'execution', machine: executionMachine, phase: executionPhase }),
      caches: new Map(),
    }
    state.executions.watch((job) => job.done && onFinished(state, job.id))
    return {
      fixtures: {
        partnerKey: fixtures.partnerKey,
        projectKeys: Object.fromEntries(fixtures.projects.map((p) => [p.id, p.key])),
        projectIds: fixtures.projects.map((p) => p.id),
        tables: fixtures.tables.map(({ projectId, catalogId, schemaName, tableName, cacheable }) => ({ projectId, catalogId, schemaName, tableName, cacheable })),
      },
      authenticate: bearerAuth,
      routes: peakaRoutes(state),
    }
  },
}
