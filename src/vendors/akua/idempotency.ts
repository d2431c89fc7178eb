import { fail } from '../../vendor/errors.js'
import type { Reply, RouteRequest, VendorContext } from '../../vendor/types.js'
import { workspaceOf } from './caller.js'
import { errors } from './errors.js'

/** An answer already given, by workspace and idempotency key, with what was asked. */
interface Remembered {
  fingerprint: string
  reply: Reply
}

const remembered = (ctx: VendorContext) => ctx.records<Remembered>('idempotency')

/**
 * Runs `act` once per idempotency key: a repeat gets the same answer; another request with it,
 * 409. Keys are kept per workspace.
 *
 * @example
 * return once(ctx, request, `cancel ${job.id}`, () => cancel(job))
 */
export function once(
  ctx: VendorContext,
  request: RouteRequest,
  fingerprint: string,
  act: () => Reply,
): Reply {
  const key = request.header('idempotency-key')
  if (!key) return act()
  const slot = `${workspaceOf(request)} ${key}`
  const seen = remembered(ctx).get(slot)
  if (seen)
    return seen.fingerprint === fingerprint ? structuredClone(seen.reply) : fail(errors.keyReused())
  const answer = act()
  remembered(ctx).put(slot, { fingerprint, reply: structuredClone(answer) })
  return answer
}
