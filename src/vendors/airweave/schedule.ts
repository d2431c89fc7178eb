import { nextRunOf, parseCron } from '../../vendor/cron.js'
import { fail } from '../../vendor/errors.js'
import { recurring } from '../../vendor/recurring.js'
import { isoOrNull } from '../../vendor/time.js'
import type { VendorContext } from '../../vendor/types.js'
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

// A run is due: it starts unless the last one still runs (the run is skipped, as the
// service's schedules skip overlapping runs), and the next one is armed either way.
const runs = recurring(SCHEDULED, {
  // State files written before the schedules were shared named the key `connection`.
  legacyKey: 'connection',
  expected: (ctx, id) => connections(ctx).get(id)?.schedule,
  run(ctx, id) {
    const connection = connections(ctx).get(id)!
    if (connection.syncId && !activeJobOf(ctx, connection))
      startSync(ctx, connection, ctx.scenario(connection.scenario ?? undefined))
    setSchedule(ctx, connections(ctx).get(id)!, connection.schedule!.cron)
  },
})

/**
 * Gives a connection a schedule (or none, for null) and stores it: the previous timer is dropped
 * and one is armed, as data on the session clock, for the next run.
 */
export function setSchedule(
  ctx: VendorContext,
  connection: SourceConnection,
  cron: string | null,
): SourceConnection {
  const next = cron === null ? null : nextRunOf(cron, ctx.now())
  const armed = runs.arm(ctx, connection.id, next, connection.schedule)
  const schedule = cron === null ? null : { cron, ...armed }
  return connections(ctx).put(connection.id, { ...connection, schedule })
}

/** Drops a connection's schedule timer, before the connection goes. */
export const dropSchedule = (ctx: VendorContext, connection: SourceConnection): void =>
  runs.disarm(ctx, connection.schedule)

/** Registers the handler of scheduled runs on a session's clock (once per session start). */
export const handleSchedules = (ctx: VendorContext) => runs.handle(ctx)

/** A connection's schedule on the wire (ScheduleDetails). */
export const presentSchedule = (connection: SourceConnection) =>
  connection.schedule && {
    cron: connection.schedule.cron,
    next_run: isoOrNull(connection.schedule.next),
    continuous: false,
    cursor_field: null,
  }
