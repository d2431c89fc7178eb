import type { Job } from '../../core/jobs.js'
import { stallsAfter } from '../../vendor/outcome.js'
import { enteredAt, finishedAt, isoOrNull } from '../../vendor/time.js'
import { ACTIVE, type SyncJobContext } from './machine.js'

type SyncJob = Job<SyncJobContext>

/** When the job stopped making progress (or now, while it still does). */
export function progressUntil(job: SyncJob, now: number): number {
  const startedAt = enteredAt(job, 'running')
  if (startedAt === null) return now
  const stopped = enteredAt(job, 'cancelling') ?? finishedAt(job) ?? now
  const stall = stallsAfter(job.context.profile, job.context.profile.delays.running!)
  return Math.min(stopped, stall === undefined ? stopped : startedAt + stall)
}

/** Entity counters grow with clock time while the job runs: computed, never ticked. */
function counters(job: SyncJob, now: number) {
  const startedAt = enteredAt(job, 'running')
  const seconds = startedAt === null ? 0 : Math.max(0, progressUntil(job, now) - startedAt) / 1000
  const { rates } = job.context.profile
  return {
    entities_inserted: Math.floor(rates.inserted! * seconds),
    entities_updated: Math.floor(rates.updated! * seconds),
    entities_deleted: Math.floor(rates.deleted! * seconds),
    entities_failed: Math.floor(rates.failed! * seconds),
  }
}

/**
 * A sync job on the wire (SourceConnectionJob): lowercase status, ISO timestamps, and
 * `completed_at`/`duration_seconds` only for completed and cancelled jobs.
 *
 * @example
 * presentJob(job, clock.now()).status // 'running'
 */
export function presentJob(job: SyncJob, now: number) {
  const startedAt = enteredAt(job, 'running')
  const completedAt =
    job.state === 'completed' || job.state === 'cancelled' ? finishedAt(job) : null
  return {
    id: job.id,
    source_connection_id: job.context.sourceConnectionId,
    status: job.state,
    started_at: isoOrNull(startedAt),
    completed_at: isoOrNull(completedAt),
    duration_seconds:
      startedAt !== null && completedAt !== null ? (completedAt - startedAt) / 1000 : null,
    ...counters(job, now),
    error: job.context.error,
    error_details: job.context.errorDetails,
  }
}

/** The short form of the last job inside a source connection (SyncJobDetails). */
export function presentLastJob(job: SyncJob, now: number) {
  const { source_connection_id: _, error_details: __, ...details } = presentJob(job, now)
  return details
}

/** What a connection's status is computed from: its auth, and its jobs oldest first. */
export function connectionStatus(authenticated: boolean, jobs: SyncJob[]) {
  const last = jobs[jobs.length - 1]
  if (!authenticated) return 'pending_auth'
  if (!last) return 'active'
  if (ACTIVE.has(last.state)) return 'syncing'
  return last.state === 'failed' ? 'error' : 'active'
}

/** Entities a connection holds: what its jobs inserted, less what they deleted. */
export const entityCount = (jobs: SyncJob[], now: number) =>
  Math.max(
    0,
    jobs.reduce((sum, job) => {
      const { entities_inserted, entities_deleted } = counters(job, now)
      return sum + entities_inserted - entities_deleted
    }, 0),
  )
