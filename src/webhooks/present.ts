import type { Job } from '../core/jobs.js'
import { iso } from '../vendor/time.js'
import type { Vendor } from '../vendor/types.js'

/**
 * A job as its vendor presents it (its JobKind's `present`), for jobfake's own transition
 * events; a kind without one is shown as the admin API shows a job.
 *
 * @example
 * presentForWebhook(chroma, job, clock.now()).status // 'pending'
 */
export function presentForWebhook(vendor: Vendor | undefined, job: Job, now: number): unknown {
  const present = vendor?.jobs[job.kind]?.present
  if (present) return present(job as Job<never>, now)
  return { id: job.id, kind: job.kind, state: job.state, updatedAt: iso(job.updatedAt) }
}
