import type { TimerTask } from '../../core/clock.js'
import { fail } from '../../vendor/errors.js'
import { isoOrNull } from '../../vendor/time.js'
import type { VendorContext } from '../../vendor/types.js'
import { nextRun, parseCron } from './cron.js'
import { errors, invalidBody } from './errors.js'
import { activeJobOf, connections, startSync, type SourceConnection } from './tables.js'

/** The clock handler that runs a connection's scheduled syncs. */
const SCHEDULED = 'airweave/schedule'

// The service's own test of a schedule too frequent for a source without continuous syncs.
const SUB_HOURLY = /^\*\/([1-5]?[0-9]) \* \* \* \*$|^\* \* \* \* \*$/

/** The schedule the service gives a connection created without one: daily, at that minute (UTC). */
export const dailyAt = (ms: number) => {
  const at = new Date(ms)
  return `${at.getUTCMinutes()} ${at.getUTCHours()} * * *`
}

/** Refuses a cron the service would not take: unreadable (422) or sub-hourly (400). */
export function checkCron(cron: string, shortName: string): void {
  const parsed = parseCron(cron)
  if (typeof parsed === 'string')
    fail(invalidBody('schedule.cron', `Invalid cron expression "${cron}": ${parsed}`))
  if (SUB_HOURLY.test(cron.trim())) fail(errors.subHourly(shortName))
}

/**
 * Gives a connection a schedule (or none, for null) and stores it: the previous timer is dropped
 * and one is armed, as data on the session clock, for the next run.
 */
export function setSchedule(
  ctx: VendorContext,
  connection: SourceConnection,
  cron: string | null,
): SourceConnection {
  dropSchedule(ctx, connection)
  const parsed = cron === null ? null : parseCron(cron)
  const next = parsed === null || typeof parsed === 'string' ? null : nextRun(parsed, ctx.now())
  const timer =
    next === null
      ? null
      : ctx.clock.schedule(
          { to: SCHEDULED, connection: connection.id, due: next },
          next - ctx.now(),
        )
  const schedule = cron === null ? null : { cron, next, timer }
  return connections(ctx).put(connection.id, { ...connection, schedule })
}

/** Drops a connection's schedule timer, before the connection goes. */
export function dropSchedule(ctx: VendorContext, connection: SourceConnection): void {
  if (connection.schedule?.timer != null) ctx.clock.clearTimeout(connection.schedule.timer)
}

// A run is due: it starts unless the last one still runs (the run is skipped, as the
// service's schedules skip overlapping runs), and the next one is armed either way.
function due(ctx: VendorContext, task: TimerTask): void {
  const connection = connections(ctx).get(String(task.connection))
  if (!connection?.schedule || connection.schedule.next !== task.due) return
  if (connection.syncId && !activeJobOf(ctx, connection))
    startSync(ctx, connection, ctx.scenario(connection.scenario ?? undefined))
  setSchedule(ctx, connections(ctx).get(connection.id)!, connection.schedule.cron)
}

/** Registers the handler of scheduled runs on a session's clock (once per session start). */
export const handleSchedules = (ctx: VendorContext) =>
  ctx.clock.handle(SCHEDULED, (task) => due(ctx, task))

/** A connection's schedule on the wire (ScheduleDetails). */
export const presentSchedule = (connection: SourceConnection) =>
  connection.schedule && {
    cron: connection.schedule.cron,
    next_run: isoOrNull(connection.schedule.next),
    continuous: false,
    cursor_field: null,
  }
