import type { AnyStateMachine, ContextFrom } from 'xstate'
import type { Job, JobTable } from '../../core/jobs.js'

/**
 * The most recent job of a table whose context matches, read through `get` so that coverage
 * notes it as the job the request looked at.
 *
 * @example
 * latestJob(refreshes(ctx), (c) => c.queryId === queryId)?.state // 'RUNNING'
 */
export function latestJob<M extends AnyStateMachine>(
  table: JobTable<M>,
  match: (context: ContextFrom<M>) => boolean,
): Job<ContextFrom<M>> | undefined {
  const all = table.all()
  for (let i = all.length - 1; i >= 0; i--) if (match(all[i]!.context)) return table.get(all[i]!.id)
  return undefined
}
