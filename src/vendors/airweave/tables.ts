import type { Scenario } from '../../scenarios/scenario.js'
import { fail } from '../../vendor/errors.js'
import type { VendorContext } from '../../vendor/types.js'
import { errors } from './errors.js'
import { ACTIVE, type syncJobMachine } from './machine.js'
import { entityCount } from './present.js'
import { tellSync } from './webhooks.js'

export type AuthMethod = 'direct' | 'oauth_browser' | 'oauth_token' | 'oauth_byoc' | 'auth_provider'

/** A source connection as the session keeps it, with its jobs oldest first. */
export interface SourceConnection {
  id: string
  name: string
  description: string | null
  shortName: string
  /** The readable id of its collection. */
  collection: string
  config: Record<string, unknown> | null
  authMethod: AuthMethod
  /** False until an OAuth browser flow completes, which jobfake never does. */
  authenticated: boolean
  /** The provider of an `auth_provider` connection. */
  provider: string | null
  /** Set once the connection is authenticated: without a sync it cannot run. */
  syncId: string | null
  schedule: { cron: string; next: number | null; timer: number | null } | null
  /** The scenario the client named when it set the connection up, for the runs it schedules. */
  scenario: string | null
  createdAt: string
  modifiedAt: string
  jobIds: string[]
  /** What the jobs no longer kept had done (see KEPT_JOBS). */
  pruned: Pruned
}

export interface Pruned {
  runs: number
  successful: number
  failed: number
  entities: number
}

export const NOTHING_PRUNED: Pruned = { runs: 0, successful: 0, failed: 0, entities: 0 }

/**
 * A connection keeps its newest jobs, as many as its job list can show (`limit` ≤ 1000); older
 * ones leave only their tally, so a schedule run over simulated years does not fill the memory.
 */
export const KEPT_JOBS = 1000

/** A collection: a group of source connections searched as one. */
export interface Collection {
  id: string
  name: string
  readableId: string
  syncConfig: Record<string, unknown> | null
  createdAt: string
  modifiedAt: string
}

export const syncs = (ctx: VendorContext) => ctx.jobs<typeof syncJobMachine>('sync-job')
export const connections = (ctx: VendorContext) =>
  ctx.records<SourceConnection>('source-connection')
export const collections = (ctx: VendorContext) => ctx.records<Collection>('collection')

export const connectionOf = (ctx: VendorContext, id: unknown) =>
  connections(ctx).get(String(id)) ?? fail(errors.sourceConnectionNotFound())

export const collectionOf = (ctx: VendorContext, readableId: unknown) =>
  collections(ctx).get(String(readableId)) ?? fail(errors.collectionNotFound())

export const jobsOf = (ctx: VendorContext, connection: SourceConnection) =>
  connection.jobIds.map((id) => syncs(ctx).get(id)!)

export const activeJobOf = (ctx: VendorContext, connection: SourceConnection) =>
  jobsOf(ctx, connection).find((job) => ACTIVE.has(job.state))

/** Starts a sync job of a connection (from a run, a creation or its schedule). */
export function startSync(
  ctx: VendorContext,
  connection: SourceConnection,
  scenario: Scenario,
  forceFullSync = false,
) {
  let { jobIds, pruned } = connection
  if (jobIds.length >= KEPT_JOBS) {
    // Only one job of a connection runs at a time, so the oldest has long finished.
    const oldest = syncs(ctx).get(jobIds[0]!)!
    pruned = {
      runs: pruned.runs + 1,
      successful: pruned.successful + (oldest.state === 'completed' ? 1 : 0),
      failed: pruned.failed + (oldest.state === 'failed' ? 1 : 0),
      entities: pruned.entities + entityCount([oldest], ctx.now()),
    }
    syncs(ctx).remove(oldest.id)
    jobIds = jobIds.slice(1)
  }
  const input = { sourceConnectionId: connection.id, forceFullSync }
  const job = ctx.start<typeof syncJobMachine>('sync-job', ctx.ids.uuid(), input, scenario)
  connections(ctx).put(connection.id, { ...connection, pruned, jobIds: [...jobIds, job.id] })
  // A job's later states are told as they come (its kind's `watch`); its first one here.
  tellSync(ctx, job)
  return job
}

/** One page of a list, by the `skip` and `limit` the spec has checked (100 by default). */
export function page<T>(items: T[], query: Record<string, unknown>): T[] {
  const skip = typeof query.skip === 'number' ? query.skip : 0
  return items.slice(skip, skip + (typeof query.limit === 'number' ? query.limit : 100))
}
