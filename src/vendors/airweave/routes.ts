import type { Route, VendorContext } from '../../vendor/types.js'
import { fail } from '../../vendor/errors.js'
import { errors } from './errors.js'
import { fixtures } from './fixtures.js'
import type { syncJobMachine } from './machine.js'
import { presentJob, presentLastJob } from './present.js'

const ACTIVE = new Set(['pending', 'running', 'cancelling'])

/** A source connection as the session keeps it: the fixture, and its jobs oldest first. */
export interface SourceConnection {
  id: string
  name: string
  shortName: string
  jobIds: string[]
}

export const syncs = (ctx: VendorContext) => ctx.jobs<typeof syncJobMachine>('sync-job')
export const connections = (ctx: VendorContext) =>
  ctx.records<SourceConnection>('source-connection')

const connectionOf = (ctx: VendorContext, id: unknown) =>
  connections(ctx).get(String(id)) ?? fail(errors.sourceConnectionNotFound())

const jobsOf = (ctx: VendorContext, connection: SourceConnection) =>
  connection.jobIds.map((id) => syncs(ctx).get(id)!)

function presentConnection(ctx: VendorContext, connection: SourceConnection) {
  const jobs = jobsOf(ctx, connection)
  const last = jobs[jobs.length - 1]
  const status = !last
    ? 'active'
    : ACTIVE.has(last.state)
      ? 'syncing'
      : last.state === 'failed'
        ? 'error'
        : 'active'
  return {
    id: connection.id,
    organization_id: fixtures.organizationId,
    name: connection.name,
    short_name: connection.shortName,
    readable_collection_id: `${connection.shortName}-collection-jf01`,
    status,
    created_at: fixtures.createdAt,
    modified_at: fixtures.createdAt,
    auth: { method: 'direct', authenticated: true },
    config: null,
    schedule: null,
    sync: {
      total_runs: jobs.length,
      successful_runs: jobs.filter((job) => job.state === 'completed').length,
      failed_runs: jobs.filter((job) => job.state === 'failed').length,
      last_job: last ? presentLastJob(last, ctx.now()) : null,
    },
  }
}

/** Airweave's routes, by operationId: HTTP turned into events for a job's machine, or reads. */
export const routes: Record<string, Route> = {
  'sourceConnections.run': ({ path, query, scenario }, ctx) => {
    const connection = connectionOf(ctx, path.source_connection_id)
    const active = jobsOf(ctx, connection).find((job) => ACTIVE.has(job.state))
    if (active) fail(errors.alreadySyncing(active.state))
    const input = {
      sourceConnectionId: connection.id,
      forceFullSync: query.force_full_sync === true,
    }
    const job = ctx.start<typeof syncJobMachine>('sync-job', ctx.ids.uuid(), input, scenario)
    connections(ctx).put(connection.id, { ...connection, jobIds: [...connection.jobIds, job.id] })
    return { status: 200, body: presentJob(job, ctx.now()) }
  },

  'sourceConnections.getJobs': ({ path, query }, ctx) => {
    const limit = typeof query.limit === 'number' ? query.limit : 100
    const jobs = jobsOf(ctx, connectionOf(ctx, path.source_connection_id)).reverse().slice(0, limit)
    return { status: 200, body: jobs.map((job) => presentJob(job, ctx.now())) }
  },

  'sourceConnections.cancelJob': ({ path }, ctx) => {
    const connection = connectionOf(ctx, path.source_connection_id)
    const job = syncs(ctx).get(String(path.job_id))
    if (!job || job.context.sourceConnectionId !== connection.id) fail(errors.syncJobNotFound())
    if (!syncs(ctx).send(job.id, { type: 'cancel' })) fail(errors.cannotCancel(job.state))
    return { status: 200, body: presentJob(job, ctx.now()) }
  },

  'sourceConnections.get': ({ path }, ctx) => ({
    status: 200,
    body: presentConnection(ctx, connectionOf(ctx, path.source_connection_id)),
  }),
}
