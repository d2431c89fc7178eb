import type { Job } from '../../core/jobs.js'
import { enteredAt, iso, lastChangeAt } from '../../vendor/time.js'
import type { InvocationContext } from './machine.js'

type Invocation = Job<InvocationContext>

/** The externally tagged status: a bare string, or `{complete: …}` / `{failed: …}`. */
export function presentStatus(job: Invocation): unknown {
  if (job.state === 'complete') {
    const finishedAt = lastChangeAt(job)
    const startedAt = enteredAt(job, 'processing') ?? job.createdAt
    return { complete: { finished_at: iso(finishedAt), duration_ms: finishedAt - startedAt } }
  }
  if (job.state === 'failed') return { failed: { error: job.context.error ?? 'Invocation failed' } }
  return job.state
}

/**
 * An invocation on the wire (Job).
 *
 * @example
 * presentInvocation(job).status // 'pending' or { complete: { finished_at, duration_ms } }
 */
export function presentInvocation(job: Invocation) {
  const { context } = job
  return {
    id: job.id,
    source_id: context.sourceId,
    created_at: iso(job.createdAt),
    status: presentStatus(job),
    metadata: {
      ...context.kind,
      database_name: context.databaseName,
      collection_name: context.collectionName,
    },
  }
}
