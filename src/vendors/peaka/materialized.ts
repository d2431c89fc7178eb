import { fail } from '../../vendor/errors.js'
import { iso } from '../../vendor/time.js'
import type { Route, RouteRequest, VendorContext } from '../../vendor/types.js'
import { errors } from './errors.js'
import { fixtures, type QueryFixture } from './fixtures.js'
import { latestJob } from './latest.js'
import type { refreshMachine } from './machine.js'

type Materialized = Extract<QueryFixture, { queryType: 'MATERIALIZED' }>

export const refreshes = (ctx: VendorContext) => ctx.jobs<typeof refreshMachine>('refresh')

const materialized = (projectId: string) =>
  fixtures.queries.filter(
    (q): q is Materialized => q.projectId === projectId && q.queryType === 'MATERIALIZED',
  )

/** The materialized query a request names; a plain or unknown query is not one (404). */
function materializedOf(request: RouteRequest): Materialized {
  const queryId = String(request.path.queryId)
  const query = materialized(String(request.path.projectId)).find((q) => q.id === queryId)
  return query ?? fail(errors.materializedNotFound(queryId))
}

/** The query's most recent refresh, if one ran in this session. */
const latest = (ctx: VendorContext, query: Materialized) =>
  latestJob(refreshes(ctx), (c) => c.queryId === query.id && c.projectId === query.projectId)

const running = (ctx: VendorContext, query: Materialized) => {
  const job = latest(ctx, query)
  return job?.state === 'RUNNING' ? job : undefined
}

/**
 * A materialized query's refresh status (MaterializedQueryStatusView). The seeded queries were
 * materialized as the session began; jobfake keeps their schedules but does not run them, so
 * the next start cannot be computed (null).
 */
function presentStatus(ctx: VendorContext, query: Materialized) {
  const job = latest(ctx, query)
  const origin = ctx.clock.origin()
  return {
    queryId: query.id,
    queryName: query.name,
    scheduleSettings: query.schedule,
    nextExecutionStartTime: null,
    status: job?.state ?? 'COMPLETED',
    lastExecutionStartTime: iso(job?.createdAt ?? origin),
    lastUpdateTime: iso(job?.updatedAt ?? origin),
  }
}

/** Peaka's materialized query routes (`Data -- Materialized Queries`), by operationId. */
export const materializedRoutes: Record<string, Route> = {
  // A refresh while one runs is accepted and served by the one that runs.
  refreshMaterializedQuery: (request, ctx) => {
    const query = materializedOf(request)
    if (!running(ctx, query)) {
      const input = { projectId: query.projectId, queryId: query.id }
      ctx.start<typeof refreshMachine>('refresh', ctx.ids.uuid(), input, request.scenario)
    }
    return { status: 200 }
  },
  readMaterializedQueryStatus: (request, ctx) => ({
    status: 200,
    body: presentStatus(ctx, materializedOf(request)),
  }),
  // Cancels the refresh in progress, if any: a signal, as for caches.
  cancelMaterializedQuery: (request, ctx) => {
    const job = running(ctx, materializedOf(request))
    if (job) refreshes(ctx).send(job.id, { type: 'cancel' })
    return { status: 200 }
  },
  listMaterializedQueryStatuses: (request, ctx) => ({
    status: 200,
    body: materialized(String(request.path.projectId)).map((q) => presentStatus(ctx, q)),
  }),
}
