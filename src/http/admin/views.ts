import type { Job } from '../../core/jobs.js'
import type { EngineClock } from '../../core/clock.js'
import type { Session, Sessions } from '../../core/session.js'

const iso = (ms: number) => new Date(ms).toISOString()

/** `{"mode":"manual","now":"…"}`; a scaled clock shows its factor, as the CLI takes it. */
export function describeClock(clock: EngineClock) {
  const { mode } = clock
  return {
    mode: mode.kind === 'scaled' ? `scaled:${mode.factor}` : mode.kind,
    now: iso(clock.now()),
  }
}

/** A job as the admin API shows it: vendor, kind, id, state and its history in clock time. */
export function presentJob(vendor: string, job: Job) {
  return {
    vendor,
    kind: job.kind,
    id: job.id,
    state: job.state,
    done: job.done,
    createdAt: iso(job.createdAt),
    updatedAt: iso(job.updatedAt),
    history: job.history.map((t) => ({ state: t.state, at: iso(t.at) })),
  }
}

/** Every job of the session (or of one vendor), with its history in clock time. */
export function listJobs(session: Session, vendor?: string) {
  const jobs = []
  for (const [name, own] of session.vendors) {
    if (vendor && name !== vendor) continue
    for (const table of own.jobs.values()) {
      for (const job of table.all()) {
        jobs.push(presentJob(name, job))
      }
    }
  }
  return jobs
}

/**
 * The sessions held, with their clocks and how many jobs each has (and how many still run).
 *
 * @example
 * listSessions(sessions) // [{ name: 'default', clock: { mode, now }, jobs: 2, live: 1 }]
 */
export function listSessions(sessions: Sessions) {
  return sessions.all().map((session) => {
    let jobs = 0
    let live = 0
    // A vendor not opened yet has no jobs: no seed starts one.
    for (const own of session.vendors.made())
      for (const table of own.jobs.values())
        for (const job of table.all()) (jobs++, job.done || live++)
    return { name: session.name, clock: describeClock(session.clock), jobs, live }
  })
}
