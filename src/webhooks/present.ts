import type { Job } from '../core/jobs.js'
import { iso } from '../vendor/time.js'
import { presentJob as airweaveJob } from '../vendors/airweave/present.js'
import { presentOperation } from '../vendors/akua/present.js'
import { presentInvocation } from '../vendors/chroma/present.js'
import { presentExport } from '../vendors/peaka/export-present.js'
import { presentExecution } from '../vendors/peaka/present.js'

type Present = (job: Job<never>, now: number) => unknown

// How each vendor puts a job of each kind on the wire. This belongs in each vendor's JobKind
// declaration (`present`, as DESIGN.md draws the shape); until the kit has that field, the
// table is here, and a kind it does not know is shown as the admin API shows a job.
const presenters: Record<string, Present> = {
  'airweave/sync-job': (job, now) => airweaveJob(job, now),
  'akua/operation': (job) => presentOperation(job),
  'chroma/invocation': (job) => presentInvocation(job),
  'peaka/execution': (job, now) => presentExecution(job, now),
  // The owner's view of an export, without its download links (they expire).
  'peaka/export': (job: Job<{ apiKeyPrefix: string }>, now) =>
    presentExport(job as never, now, job.context.apiKeyPrefix, false),
}

/**
 * A job as its vendor presents it, for jobfake's own transition events.
 *
 * @example
 * presentForWebhook('chroma', job, clock.now()).status // 'pending'
 */
export function presentForWebhook(vendor: string, job: Job, now: number): unknown {
  const present = presenters[`${vendor}/${job.kind}`]
  if (present) return present(job as Job<never>, now)
  return { id: job.id, kind: job.kind, state: job.state, updatedAt: iso(job.updatedAt) }
}
