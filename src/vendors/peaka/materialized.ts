import type { Scenario } from '../../scenarios/scenario.js'
import { fail } from '../../vendor/errors.js'
import type { NextRun } from '../../vendor/recurring.js'
import { iso, isoOrNull } from '../../vendor/time.js'
import type { Route, RouteRequest, VendorContext } from '../../vendor/types.js'
import { errors } from './errors.js'
import { fixtures, type QueryFixture } from './fixtures.js'
import { latestJob } from './latest.js'
import type { refreshMachine } from './machine.js'

export type Materialized = Extract<QueryFixture, { queryType: 'MATERIALIZED' }>

export const refreshes = (ctx: VendorContext) => ctx.jobs<typeof refreshMachine>('refresh')

/** A materialized query's schedule in a session: since when it runs, and its next refresh. */
export interface PlannedRefresh extends NextRun {
  since: number
}

/** Each materialized query's schedule, by query id, once the session has looked at them. */
export const plannedRefreshes = (ctx: VendorContext) =>
  ctx.records<PlannedRefresh>('materialized-schedule')

/** Every seeded materialized query, of every project. */
export const materializedQueries = fixtures.queries.filter(
  (q): q is Materialized => q.queryType === 'MATERIALIZED',
)

const materialized = (projectId: string) =>
  materializedQueries.filter((q) => q.projectId === projectId)

/**
 * A query keeps its newest refreshes only, so that a schedule run over simulated years does not
 * fill the memory: its status reads the newest alone.
 */
export const KEPT_REFRESHES = 100

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

/** Starts a refresh of a query, unless one runs: a refresh asked for then joins it. */
export function refresh(ctx: VendorContext, query: Materialized, scenario: Scenario): void {
  if (running(ctx, query)) return
  const mine = refreshes(ctx)
    .all()
    .filter((job) => job.context.queryId === query.id)
  // Only one refresh of a query runs at a time, so the oldest has long finished.
  for (const old of mine.slice(0, Math.max(0, mine.length - KEPT_REFRESHES + 1)))
    refreshes(ctx).remove(old.id)
  const input = { projectId: query.projectId, queryId: query.id }
  ctx.start<typeof refreshMachine>('refresh', ctx.ids.uuid(), input, scenario)
}

/**
 * A materialized query's refresh status (MaterializedQueryStatusView). The seeded queries were
 * materialized when the session first asked about them, and their schedules run from then.
 */
function presentStatus(ctx: VendorContext, query: Materialized) {
  const job = latest(ctx, query)
  const planned = plannedRefreshes(ctx).get(query.id)
  const origin = planned?.since ?? ctx.clock.origin()
  return {
    queryId: query.id,
    queryName: query.name,
    scheduleSettings: query.schedule,
    nextExecutionStartTime: isoOrNull(planned?.next),
    status: job?.state ?? 'COMPLETED',
    lastExecutionStartTime: iso(job?.createdAt ?? origin),
    lastUpdateTime: iso(job?.updatedAt ?? origin),
  }
}

/** Peaka's materialized query routes (`Data -- Materialized Queries`), by operationId. */
export const materializedRoutes: Record<string, Route> = {
  // A refresh while one runs is accepted and served by the one that runs.
  refreshMaterializedQuery: (request, ctx) => {
    refresh(ctx, materializedOf(request), request.scenario)
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
