import type { Job } from '../../core/jobs.js'
import { iso } from '../../vendor/time.js'
import type { VendorContext } from '../../vendor/types.js'
import { handleAttempts, publish } from '../../webhooks/outbox.js'
import { derivedUuid } from '../../webhooks/sign.js'
import type { Endpoint, Message, Outbox } from '../../webhooks/types.js'
import type { SyncJobContext } from './machine.js'
import type { Collection, SourceConnection } from './tables.js'

/** The record kinds of Airweave's webhooks: its subscriptions (Svix endpoints) and messages. */
export const WEBHOOK_RECORDS = ['webhook-subscription', 'webhook-message']

/** The event type a sync job's state has; `cancelling` has none (the document lists none). */
const EVENT_TYPES: Record<string, string> = {
  pending: 'sync.pending',
  running: 'sync.running',
  completed: 'sync.completed',
  failed: 'sync.failed',
  cancelled: 'sync.cancelled',
}

/** Airweave's outbox in the session a context serves. */
export const outboxOf = (ctx: VendorContext): Outbox => ({
  name: 'airweave/webhooks',
  source: 'airweave',
  clock: ctx.clock,
  endpoints: ctx.records<Endpoint>(WEBHOOK_RECORDS[0]!),
  messages: ctx.records<Message>(WEBHOOK_RECORDS[1]!),
})

/** Registers the clock handler of Airweave's delivery attempts (once per session start). */
export const handleWebhooks = (ctx: VendorContext) => handleAttempts(outboxOf(ctx))

/**
 * Publishes a sync job's new state to the subscriptions that take its event type, with the
 * payload the service sends (its SyncEventPayload: the error only for a failed job).
 *
 * @example
 * tellSync(ctx, job) // a `sync.running` message, when the job has just started running
 */
export function tellSync(ctx: VendorContext, job: Job<SyncJobContext>): void {
  const eventType = EVENT_TYPES[job.state]
  // Most sessions have no subscription: a transition then costs a lookup, and no outbox is made.
  if (!eventType || ctx.records(WEBHOOK_RECORDS[0]!).size() === 0) return
  const box = outboxOf(ctx)
  // Read by kind, not through tables.ts, which calls this when it starts a job.
  const connection = ctx
    .records<SourceConnection>('source-connection')
    .get(job.context.sourceConnectionId)
  if (!connection) return
  const collection = ctx.records<Collection>('collection').get(connection.collection)
  publish(box, {
    id: derivedUuid(`airweave/${job.id}/${eventType}`),
    eventType,
    payload: {
      event_type: eventType,
      job_id: job.id,
      collection_readable_id: connection.collection,
      collection_name: collection?.name ?? connection.collection,
      source_connection_id: connection.id,
      source_type: connection.shortName,
      status: job.state,
      timestamp: iso(ctx.now()),
      error: job.state === 'failed' ? job.context.error : null,
    },
    match: (endpoint) => endpoint.events?.includes(eventType) ?? true,
  })
}
