import type { JobTable } from '../../core/jobs.js'
import type { Route, VendorEnv } from '../../vendor/types.js'
import { errors, fail } from './errors.js'
import { fixtures, type SourceConnectionFixture } from './fixtures.js'
import type { syncJobMachine } from './machine.js'
import { presentJob, presentLastJob } from './present.js'
import { profileOf } from './scenario.js'

const ACTIVE = new Set(['pending', 'running', 'cancelling'])

export interface AirweaveState {
  env: VendorEnv
  syncs: JobTable<typeof syncJobMachine>
  connections: Map<string, SourceConnectionFixture>
  /** Job ids per source connection, oldest first. */
  jobsBySource: Map<string, string[]>
}

function connectionOf(state: AirweaveState, id: unknown): SourceConnectionFixture {
  return state.connections.get(String(id)) ?? fail(errors.sourceConnectionNotFound())
}

function jobsOf(state: AirweaveState, sourceId: string) {
  return (state.jobsBySource.get(sourceId) ?? []).map((id) => state.syncs.get(id)!)
}

function presentConnection(state: AirweaveState, connection: SourceConnectionFixture) {
  const now = state.env.clock.now()
  const jobs = jobsOf(state, connection.id)
  const last = jobs[jobs.length - 1]
  const status = !last ? 'active' : ACTIVE.has(last.state) ? 'syncing' : last.state === 'failed' ? 'error' : 'active'
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
      last_job: last ? presentLastJob(last, now) : null,
    },
  }
}

/**
 * Airweave's routes, by operationId: HTTP turned into events for the job's actor, or reads.
 */
export function airweaveRoutes(state: AirweaveState): Record<string, Route> {
  const { syncs, env } = state
  return {
    'sourceConnections.run': ({ path, query, scenario }) => {
      const connection = connectionOf(state, path.source_connection_id)
      const active = jobsOf(state, connection.id).find((job) => ACTIVE.has(job.state))
      if (active) fail(errors.alreadySyncing(active.state))
      const input = { sourceConnectionId: connection.id, forceFullSync: query.force_full_sync === true, profile: profileOf(scenario) }
      const job = syncs.start(env.ids.uuid(), input, scenario.timeline)
      state.jobsBySource.set(connection.id, [...(state.jobsBySource.get(connection.id) ?? []), job.id])
      return { status: 200, body: presentJob(job, env.clock.now()), state: job.state }
    },

    'sourceConnections.getJobs': ({ path, query }) => {
      const connection = connectionOf(state, path.source_connection_id)
      const limit = typeof query.limit === 'number' ? query.limit : 100
      const now = env.clock.now()
      const jobs = jobsOf(state, connection.id).reverse().slice(0, limit)
      return { status: 200, body: jobs.map((job) => presentJob(job, now)), state: jobs[0]?.state }
    },

    'sourceConnections.cancelJob': ({ path }) => {
      const connection = connectionOf(state, path.source_connection_id)
      const job = syncs.get(String(path.job_id))
      if (!job || job.context.sourceConnectionId !== connection.id) fail(errors.syncJobNotFound())
      if (!syncs.send(job.id, { type: 'cancel' })) fail(errors.cannotCancel(job.state))
      return { status: 200, body: presentJob(job, env.clock.now()), state: job.state }
    },

    'sourceConnections.get': ({ path }) => ({
      status: 200,
      body: presentConnection(state, connectionOf(state, path.source_connection_id)),
    }),
  }
}
