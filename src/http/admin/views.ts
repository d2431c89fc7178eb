import type { EngineClock } from '../../core/clock.js'
import type { Session } from '../../core/session.js'

const iso = (ms: number) => new Date(ms).toISOString()

/** `{"mode":"manual","now":"…"}`; a scaled clock shows its factor, as the CLI takes it. */
export function describeClock(clock: EngineClock) {
  const { mode } = clock
  return {
    mode: mode.kind === 'scaled' ? `scaled:${mode.factor}` : mode.kind,
    now: iso(clock.now()),
  }
}

/** Every job of the session (or of one vendor), with its history in clock time. */
export function listJobs(session: Session, vendor?: string) {
  const jobs = []
  for (const [name, own] of session.vendors) {
    if (vendor && name !== vendor) continue
    for (const table of own.jobs.values()) {
      for (const job of table.all()) {
        jobs.push({
          vendor: name,
          kind: job.kind,
          id: job.id,
          state: job.state,
          done: job.done,
          createdAt: iso(job.createdAt),
          updatedAt: iso(job.updatedAt),
          history: job.history.map((t) => ({ state: t.state, at: iso(t.at) })),
        })
      }
    }
  }
  return jobs
}
