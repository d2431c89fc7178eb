import type { AnyStateMachine, EventObject } from 'xstate'
import type { Job, JobTable } from '../../core/jobs.js'
import type { Session } from '../../core/session.js'
import { listJobs, presentJob } from './views.js'

const iso = (ms: number) => new Date(ms).toISOString()

/** A job found in a session, with where it lives. */
export interface FoundJob {
  vendor: string
  table: JobTable<AnyStateMachine>
  job: Job
}

/**
 * The job with that id in any vendor's tables of the session (or of the one vendor named).
 *
 * @example
 * findJob(session, id, 'airweave')?.table.send(id, { type: 'cancel' })
 */
export function findJob(session: Session, id: string, vendor?: string): FoundJob | undefined {
  for (const [name, own] of session.vendors) {
    if (vendor && name !== vendor) continue
    for (const table of own.jobs.values()) {
      const job = table.get(id)
      if (job) return { vendor: name, table, job }
    }
  }
  return undefined
}

/** What comes next for a job on its own: the earliest of its timers (a delay or a timeline). */
export interface NextTimer {
  at: string
  /** `after <delay>` for a delay of the machine, or the event a scenario's timeline sends. */
  event: string
}

/**
 * The earliest pending timer of every live job, by `<vendor>/<kind>/<id>`, read from the clock's
 * data timers (the tables do not expose their own).
 *
 * @example
 * nextTimers(session).get(`airweave/sync-job/${id}`) // { at: '…', event: 'after pending' }
 */
export function nextTimers(session: Session): Map<string, NextTimer> {
  const next = new Map<string, NextTimer>()
  for (const { due, task } of session.clock.snapshot().timers) {
    if (!task.to.startsWith('jobs:')) continue
    const key = `${task.to.slice(5)}/${String(task.job)}`
    if (next.has(key)) continue
    const type = String((task.event as EventObject | undefined)?.type ?? '')
    const delay = /^xstate\.after\.([^.]+)\./.exec(type)
    next.set(key, { at: iso(due), event: delay ? `after ${delay[1]}` : type })
  }
  return next
}

/**
 * A job as the admin API shows it: as in `GET /jobs`, with the events it takes and its next timer.
 *
 * @example
 * viewJob(findJob(session, id)!, nextTimers(session)).accepts // ['cancel', 'cleanup.cancel']
 */
export function viewJob(
  { vendor, table, job }: FoundJob,
  next: Map<string, NextTimer>,
): ReturnType<typeof listJobs>[number] & { accepts: string[]; next: NextTimer | null } {
  return {
    ...presentJob(vendor, job),
    accepts: table.accepts(job.id),
    next: next.get(`${vendor}/${job.kind}/${job.id}`) ?? null,
  }
}

/**
 * Every job of the session (or of one vendor), oldest first, as `viewJob` shows each.
 *
 * @example
 * viewJobs(session, 'chroma').map((job) => job.state)
 */
export function viewJobs(session: Session, vendor?: string) {
  const next = nextTimers(session)
  const out: ReturnType<typeof viewJob>[] = []
  for (const [name, own] of session.vendors) {
    if (vendor && name !== vendor) continue
    for (const table of own.jobs.values())
      for (const job of table.all()) out.push(viewJob({ vendor: name, table, job }, next))
  }
  return out
}

/**
 * Reads `{"type": "cancel", ...}`: the event itself, or what is wrong with the body.
 *
 * @example
 * eventOf({ type: 'fail', error: 'disk full' }) // the event, payload included
 */
export function eventOf(body: unknown): EventObject | string {
  const type = (body as { type?: unknown } | null)?.type
  if (typeof body !== 'object' || body === null || Array.isArray(body) || typeof type !== 'string')
    return 'POST /__admin/jobs/<id>/events takes a JSON body such as {"type": "cancel"}.'
  if (type.startsWith('xstate.'))
    return `"${type}" is xstate's own event: advance the clock instead (POST /__admin/clock/advance).`
  return body as EventObject
}

/**
 * Why a job refused an event, and what it takes now (the 409's message and fields).
 *
 * @example
 * refusal(found, { type: 'cancel' }).accepts // ['cleanup.cancel']
 */
export function refusal({ table, job }: FoundJob, event: EventObject) {
  const accepts = table.accepts(job.id)
  const takes = accepts.join(', ') || 'nothing (it is done)'
  return {
    message: `Job ${job.id} (${job.state}) does not take "${event.type}" now. It takes: ${takes}.`,
    state: job.state,
    accepts,
  }
}
