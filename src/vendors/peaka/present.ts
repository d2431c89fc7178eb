import type { Job } from '../../core/jobs.js'
import { finishedAt, iso } from '../../vendor/time.js'
import { durationOf, type ExecutionContext } from './machine.js'

type Execution = Job<ExecutionContext>

/** Progress counters grow with clock time while the execution runs: computed, never ticked. */
export function progressOf(job: Execution, now: number) {
  const { mode, baseline, profile } = job.context
  const end = Math.min(finishedAt(job) ?? now, job.createdAt + durationOf(job.context))
  const seconds = Math.max(0, end - job.createdAt) / 1000
  const inserted = Math.floor(profile.rates.inserted! * seconds)
  const updated = Math.floor(profile.rates.updated! * seconds)
  const deleted = Math.min(baseline, Math.floor(profile.rates.deleted! * seconds))
  // A full refresh rebuilds the table; if it does not complete, the previous data stays.
  const cached =
    mode === 'INCREMENTAL'
      ? Math.max(0, baseline + inserted - deleted)
      : job.state === 'CANCELLED' || job.state === 'FAILED'
        ? baseline
        : inserted
  return {
    numberOfCachedRecords: cached,
    numberOfInsertedRecords: inserted,
    numberOfUpdatedRecords: updated,
    numberOfDeletedRecords: mode === 'INCREMENTAL' ? deleted : 0,
    lastOffset: String(inserted + updated),
    lastCacheTxId: `tx_${job.id.slice(0, 8)}_${Math.floor(seconds)}`,
  }
}

/**
 * An execution on the wire (CacheExecutionInfo). What is not set is left out: the vendor's 3.0
 * document allows no null `error` or `finishedAt`.
 *
 * @example
 * presentExecution(job, clock.now()).status // 'RUNNING'
 */
export function presentExecution(job: Execution, now: number) {
  const finished = finishedAt(job)
  return {
    id: job.id,
    executionMode: job.context.mode,
    status: job.state,
    ...(job.context.error !== null && {
      error: { code: 'WORKFLOW_FAILED', message: job.context.error },
    }),
    progress: progressOf(job, now),
    createdAt: iso(job.createdAt),
    updatedAt: iso(finished ?? now),
    ...(finished !== null && { finishedAt: iso(finished) }),
  }
}
