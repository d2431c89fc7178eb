import type { VendorContext } from './types.js'

/** An owner's next scheduled run, as its record keeps it: when, and the clock timer armed for it. */
export interface NextRun {
  /** Epoch ms; null when the schedule names no time to come. */
  next: number | null
  timer: number | null
}

export interface RecurringOptions {
  /** The next run its owner's record expects, if the owner is still there. */
  expected(ctx: VendorContext, key: string): NextRun | null | undefined
  /** Runs a due run; it arms the next one (with `arm`) as its schedule says. */
  run(ctx: VendorContext, key: string, due: number): void
  /** Where timers written by an earlier jobfake kept the key (a state file from before). */
  legacyKey?: string
}

/** Runs on the session clock, armed one at a time by their owners. */
export interface Recurring {
  /** Arms `key`'s run at `next` (none for null), dropping `previous`; the owner stores the result. */
  arm(ctx: VendorContext, key: string, next: number | null, previous?: NextRun | null): NextRun
  /** Drops a run's timer, before its owner goes. */
  disarm(ctx: VendorContext, previous?: NextRun | null): void
  /** Registers the handler of the runs (once per session start, from the vendor's seed). */
  handle(ctx: VendorContext): void
}

/**
 * Scheduled runs as data timers on the session clock, so that a session written out keeps them.
 * A timer whose time its owner no longer expects (rescheduled since, or gone) does nothing.
 *
 * @example
 * const runs = recurring('airweave/schedule', { expected, run })
 * connection.schedule = { cron, ...runs.arm(ctx, connection.id, nextRun(cron, ctx.now())) }
 */
export function recurring(to: string, { expected, run, legacyKey }: RecurringOptions): Recurring {
  const disarm = (ctx: VendorContext, previous?: NextRun | null) => {
    if (previous?.timer != null) ctx.clock.clearTimeout(previous.timer)
  }
  return {
    arm(ctx, key, next, previous) {
      disarm(ctx, previous)
      const timer =
        next === null ? null : ctx.clock.schedule({ to, key, due: next }, next - ctx.now())
      return { next, timer }
    },
    disarm,
    handle(ctx) {
      ctx.clock.handle(to, (task) => {
        const key = String(task.key ?? (legacyKey ? task[legacyKey] : undefined))
        if (expected(ctx, key)?.next === task.due) run(ctx, key, task.due as number)
      })
    },
  }
}
