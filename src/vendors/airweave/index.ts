import type { Vendor } from '../../vendor/types.js'
import { apiKeyAuth, type AirweavePrincipal } from './auth.js'
import { problem } from './errors.js'
import { fixtures } from './fixtures.js'
import { syncJobMachine } from './machine.js'
import { progressUntil } from './present.js'
import { airweaveRoutes, type AirweaveState } from './routes.js'
import { vocabulary } from './scenario.js'

// The vendor's cleanup job (BEHAVIOUR.md §2): runs every 150 s, forces jobs stuck in a
// transitional state for over 3 minutes, and fails running jobs idle for 15 minutes.
const CLEANUP_EVERY_MS = 150_000
const STUCK_AFTER_MS = 180_000
const IDLE_AFTER_MS = 15 * 60_000

function cleanup(state: AirweaveState): void {
  const now = state.env.clock.now()
  for (const job of state.syncs.all()) {
    if (job.done) continue
    const since = job.history[job.history.length - 1]!.at
    if ((job.state === 'pending' || job.state === 'cancelling') && now - since > STUCK_AFTER_MS) {
      state.syncs.send(job.id, { type: 'cleanup.cancel' })
    } else if (job.state === 'running' && now - progressUntil(job, now) >= IDLE_AFTER_MS) {
      state.syncs.send(job.id, { type: 'cleanup.timeout' })
    }
  }
}

/** Airweave source-connection sync jobs, mounted at /airweave (BEHAVIOUR.md §2). */
export const airweave: Vendor = {
  name: 'airweave',
  mount: '/airweave',
  spec: 'airweave.yaml',
  scenarios: vocabulary,
  problem,
  open(env) {
    const state: AirweaveState = {
      env,
      syncs: env.jobs({ kind: 'sync-job', machine: syncJobMachine }),
      connections: new Map(fixtures.sourceConnections.map((c) => [c.id, c])),
      jobsBySource: new Map(),
    }
    env.every(CLEANUP_EVERY_MS, () => cleanup(state))
    const principal: AirweavePrincipal = { organizationId: fixtures.organizationId }
    return {
      fixtures: {
        apiKey: fixtures.apiKey,
        sourceConnectionIds: fixtures.sourceConnections.map((c) => c.id),
      },
      authenticate: apiKeyAuth(new Map([[fixtures.apiKey, principal]])),
      routes: airweaveRoutes(state),
    }
  },
}
