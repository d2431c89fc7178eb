import type { AnyStateMachine, ContextFrom } from 'xstate'
import type { EngineClock } from './clock.js'
import type { Job, JobTable } from './jobs.js'

/**
 * Long-polls a job on the session clock: resolves with the job as soon as `until(job)` holds,
 * or when `ms` of session time have passed (a manual clock must be advanced that far), or when
 * the client goes away. Other requests are served meanwhile.
 *
 * @example
 * const job = await waitForJob(operations, id, (job) => job.done, clock, 30_000, request.signal)
 */
export function waitForJob<M extends AnyStateMachine>(
  table: JobTable<M>,
  id: string,
  until: (job: Job<ContextFrom<M>>) => boolean,
  clock: EngineClock,
  ms: number,
  signal?: AbortSignal,
): Promise<Job<ContextFrom<M>> | undefined> {
  const now = table.get(id)
  if (!now || until(now)) return Promise.resolve(now)
  return new Promise((resolve) => {
    const finish = () => {
      unwatch()
      clock.clearTimeout(timer)
      resolve(table.get(id))
    }
    const unwatch = table.watch((job) => job.id === id && until(job) && finish())
    const timer = clock.setTimeout(finish, ms)
    signal?.addEventListener('abort', finish, { once: true })
  })
}
