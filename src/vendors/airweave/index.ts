import { defineVendor } from '../../vendor/define.js'
import type { VendorContext } from '../../vendor/types.js'
import { lastChangeAt } from '../../vendor/time.js'
import { errors, problem } from './errors.js'
import { fixtures, principals } from './fixtures.js'
import { syncJobMachine } from './machine.js'
import { progressUntil } from './present.js'
import { connections, routes, syncs } from './routes.js'
import { vocabulary } from './scenario.js'

// The vendor's cleanup job (BEHAVIOUR.md §2): runs every 150 s, forces jobs stuck in a
// transitional state for over 3 minutes, and fails running jobs idle for 15 minutes.
const STUCK_AFTER_MS = 180_000
const IDLE_AFTER_MS = 15 * 60_000

function cleanup(ctx: VendorContext): void {
  const now = ctx.now()
  const table = syncs(ctx)
  for (const job of table.all()) {
    if (job.done) continue
    if (
      (job.state === 'pending' || job.state === 'cancelling') &&
      now - lastChangeAt(job) > STUCK_AFTER_MS
    ) {
      table.send(job.id, { type: 'cleanup.cancel' })
    } else if (job.state === 'running' && now - progressUntil(job, now) >= IDLE_AFTER_MS) {
      table.send(job.id, { type: 'cleanup.timeout' })
    }
  }
}

/** Airweave source-connection sync jobs, mounted at /airweave (BEHAVIOUR.md §2). */
export const airweave = defineVendor('airweave', '/airweave', {
  scenarios: vocabulary,
  problem,
  // `x-api-key`: missing is 401, unknown is 403.
  auth: { principals, missing: errors.unauthenticated, unknown: errors.invalidKey },
  jobs: { 'sync-job': { machine: syncJobMachine } },
  records: ['source-connection'],
  fixtures: {
    apiKey: fixtures.apiKey,
    sourceConnectionIds: fixtures.sourceConnections.map((c) => c.id),
  },
  seed(ctx) {
    for (const { id, name, shortName } of fixtures.sourceConnections)
      connections(ctx).put(id, { id, name, shortName, jobIds: [] })
  },
  every: { cleanup: { ms: 150_000, run: cleanup, idle: (ctx) => syncs(ctx).active() === 0 } },
  routes,
})
