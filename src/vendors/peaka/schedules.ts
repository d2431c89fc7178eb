import { parseDuration } from '../../core/duration.js'
import { nextRunOf } from '../../vendor/cron.js'
import { recurring } from '../../vendor/recurring.js'
import type { Route, VendorContext } from '../../vendor/types.js'
import {
  materializedQueries,
  plannedRefreshes,
  refresh,
  type Materialized,
} from './materialized.js'

/**
 * When a query's schedule runs next after `after`: an interval keeps the phase of the moment the
 * query was materialized, a cron is read in UTC (the seeded ones' timezone), `none` never runs.
 */
function nextAfter(schedule: Materialized['schedule'], after: number): number | null {
  if (schedule.type === 'cron') return nextRunOf(schedule.cronExpression, after)
  if (schedule.type !== 'interval') return null
  const every = parseDuration(schedule.repeatDuration)
  return every ? after + every : null
}

// A scheduled refresh while one runs joins it, as a refresh asked for does; the next is armed
// either way, under the session's scenario at that time.
const runs = recurring('peaka/materialized-schedule', {
  expected: (ctx, id) => plannedRefreshes(ctx).get(id),
  run(ctx, id, due) {
    const query = materializedQueries.find((q) => q.id === id)!
    refresh(ctx, query, ctx.scenario())
    const { since } = plannedRefreshes(ctx).get(id)!
    plannedRefreshes(ctx).put(id, { since, ...runs.arm(ctx, id, nextAfter(query.schedule, due)) })
  },
})

/** Registers the handler of scheduled refreshes on a session's clock (the vendor's seed). */
export const handleSchedules = (ctx: VendorContext) => runs.handle(ctx)

// The seeded queries count as materialized from the session's first look at them, not from its
// start: a session that never asks about them has no timer to fire, however far its clock moves.
function armSchedules(ctx: VendorContext): void {
  if (plannedRefreshes(ctx).size() > 0) return
  const since = ctx.now()
  for (const { id, schedule } of materializedQueries)
    plannedRefreshes(ctx).put(id, { since, ...runs.arm(ctx, id, nextAfter(schedule, since)) })
}

/**
 * The materialized-query routes, each arming the schedules first (once per session).
 *
 * @example
 * defineVendor('peaka', '/peaka/api/v1', { routes: { ...scheduled(materializedRoutes) }, ... })
 */
export const scheduled = (routes: Record<string, Route>): Record<string, Route> =>
  Object.fromEntries(
    Object.entries(routes).map(([id, route]): [string, Route] => [
      id,
      (request, ctx) => (armSchedules(ctx), route(request, ctx)),
    ]),
  )
