import type { Job } from '../core/jobs.js'

/** ISO 8601 of clock ms, as most vendors write their timestamps. */
export const iso = (ms: number): string => new Date(ms).toISOString()

/** ISO 8601, or null for a moment that has not come. */
export const isoOrNull = (ms: number | null | undefined): string | null =>
  ms == null ? null : iso(ms)

/** Whole Unix seconds, as Akua writes its timestamps. */
export const unixSeconds = (ms: number): number => Math.floor(ms / 1000)

/** When the job first entered a phase, or null if it never did. */
export const enteredAt = (job: Job<unknown>, phase: string): number | null =>
  job.history.find((t) => t.state === phase)?.at ?? null

/** When the job's last phase began. */
export const lastChangeAt = (job: Job<unknown>): number => job.history[job.history.length - 1]!.at

/** When the job reached its final state, or null while it can still change. */
export const finishedAt = (job: Job<unknown>): number | null =>
  job.done ? lastChangeAt(job) : null
