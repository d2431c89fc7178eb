import type { Route } from '../../vendor/types.js'
import { fail } from '../../vendor/errors.js'
import { presented } from '../../vendor/presented.js'
import { collectionRoutes } from './collections.js'
import { connectionRoutes } from './connections.js'
import { errors } from './errors.js'
import { presentJob } from './present.js'
import { activeJobOf, connectionOf, jobsOf, startSync, syncs } from './tables.js'

/** The sync-job routes: HTTP turned into events for a job's machine, or reads of its jobs. */
const jobRoutes: Record<string, Route> = {
  'sourceConnections.run': ({ path, query, scenario }, ctx) => {
    const connection = connectionOf(ctx, path.source_connection_id)
    if (!connection.syncId) fail(errors.noSync(connection.id))
    const active = activeJobOf(ctx, connection)
    if (active) fail(errors.alreadySyncing(active.state))
    const job = startSync(ctx, connection, scenario, query.force_full_sync === true)
    return { status: 200, body: presentJob(job, ctx.now()) }
  },

  'sourceConnections.getJobs': ({ path, query }, ctx) => {
    const limit = typeof query.limit === 'number' ? query.limit : 100
    const jobs = jobsOf(ctx, connectionOf(ctx, path.source_connection_id)).reverse().slice(0, limit)
    return { status: 200, body: jobs.map((job) => presented(presentJob, job, ctx.now())) }
  },

  'sourceConnections.cancelJob': ({ path }, ctx) => {
    const connection = connectionOf(ctx, path.source_connection_id)
    if (!connection.syncId) fail(errors.noSync(connection.id))
    const job = syncs(ctx).get(String(path.job_id))
    if (!job || job.context.sourceConnectionId !== connection.id) fail(errors.syncJobNotFound())
    if (!syncs(ctx).send(job.id, { type: 'cancel' })) fail(errors.cannotCancel(job.state))
    return { status: 200, body: presentJob(job, ctx.now()) }
  },
}

/** Airweave's routes, by the project spec's operationId. */
export const routes: Record<string, Route> = {
  ...jobRoutes,
  ...connectionRoutes,
  ...collectionRoutes,
}
