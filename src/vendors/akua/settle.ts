import type { Job } from '../../core/jobs.js'
import type { VendorContext } from '../../vendor/types.js'
import type { OperationContext } from './machine.js'
import { resources, save } from './resources.js'
import type { Act } from './starter.js'
import { changed } from './start.js'
import { STARTERS } from './starters/index.js'

/**
 * Told after every change of an operation: once it has ended, the resource it worked on takes
 * the state its starter names (or is gone), and is free for the next operation. A FAILED or
 * CANCELLED operation puts the resource back as it was, unless the starter says otherwise.
 *
 * @example
 * jobs: { operation: { machine: operationMachine, watch: settle } }
 */
export function settle(job: Job<OperationContext>, ctx: VendorContext) {
  if (!job.done) return
  const { effect, workspaceId } = job.context.meta
  const s = STARTERS[effect.starter]!
  const table = resources(ctx, effect.kind)
  const target = table.get(effect.id)
  // Already settled, or gone with its workspace.
  if (!target || target.busy !== job.id) return
  const a: Act<unknown> = { ctx, workspaceId, ...effect, target, operationId: job.id }
  const succeeded = job.state === 'SUCCEEDED'
  const change = succeeded ? s.after : (s.failed ?? (effect.before ? undefined : 'removed'))
  if (change === 'removed') table.remove(target.id)
  else if (change) save(ctx, effect.kind, changed(effect.kind, target, change, a, null))
  else
    save(ctx, effect.kind, { ...target, ...effect.before!, revision: target.revision, busy: null })
  s.settled?.(a, job.state)
}
