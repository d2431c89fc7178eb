import { defineVendor } from '../../vendor/define.js'
import type { VendorContext } from '../../vendor/types.js'
import { lastChangeAt } from '../../vendor/time.js'
import { deviations, webhookDeviations } from './deviations.js'
import { errors, problem } from './errors.js'
import { fixtures, principals } from './fixtures.js'
import { syncJobMachine } from './machine.js'
import { presentJob, progressUntil } from './present.js'
import { routes } from './routes.js'
import { vocabulary } from './scenario.js'
import { handleSchedules } from './schedule.js'
import { collections, connections, NOTHING_PRUNED, syncs } from './tables.js'
import { webhookRoutes } from './webhook-routes.js'
import { handleWebhooks, tellSync, WEBHOOK_RECORDS } from './webhooks.js'
import { plan as verify } from './verify.js'

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

function seed(ctx: VendorContext): void {
  const at = fixtures.createdAt
  for (const { id, name, readableId } of fixtures.collections)
    collections(ctx).put(readableId, {
      id,
      name,
      readableId,
      syncConfig: null,
      createdAt: at,
      modifiedAt: at,
    })
  // The demo connections have no schedule: they sync when they are told to.
  for (const { id, name, shortName, collection, syncId } of fixtures.sourceConnections) {
    connections(ctx).put(id, {
      id,
      name,
      description: null,
      shortName,
      collection,
      config: null,
      authMethod: 'direct',
      authenticated: true,
      provider: null,
      syncId,
      schedule: null,
      scenario: null,
      createdAt: at,
      modifiedAt: at,
      jobIds: [],
      pruned: NOTHING_PRUNED,
    })
  }
  handleSchedules(ctx)
  handleWebhooks(ctx)
}

/**
 * Airweave source connections, collections, sync jobs and their webhooks, mounted at /airweave
 * (BEHAVIOUR.md §2).
 */
export const airweave = defineVendor('airweave', '/airweave', {
  verify,
  scenarios: vocabulary,
  problem,
  // `x-api-key`: missing is 401, unknown is 403.
  auth: { principals, missing: errors.unauthenticated, unknown: errors.invalidKey },
  // Each state a sync job enters is told to the webhook subscriptions that take it.
  jobs: {
    'sync-job': {
      machine: syncJobMachine,
      watch: (job, ctx) => tellSync(ctx, job),
      present: presentJob,
    },
  },
  records: ['source-connection', 'collection', ...WEBHOOK_RECORDS],
  fixtures: {
    apiKey: fixtures.apiKey,
    sourceConnectionIds: fixtures.sourceConnections.map((c) => c.id),
    collectionIds: fixtures.collections.map((c) => c.readableId),
  },
  seed,
  every: { cleanup: { ms: 150_000, run: cleanup, idle: (ctx) => syncs(ctx).active() === 0 } },
  routes: { ...routes, ...webhookRoutes },
  deviations: [...deviations, ...webhookDeviations],
})
