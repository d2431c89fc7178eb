import { waitForJob } from '../../core/wait.js'
import { fail } from '../../vendor/errors.js'
import { presented } from '../../vendor/presented.js'
import type { Reply, Route, RouteRequest, VendorContext } from '../../vendor/types.js'
import { errors } from './errors.js'
import { workspaceOf } from './caller.js'
import { once } from './idempotency.js'
import { page } from './paging.js'
import { etagOf, presentOperation } from './present.js'
import { reads } from './reads.js'
import { operations, startOperation, unquote } from './start.js'
import { STARTERS } from './starters/index.js'

function operationOf(ctx: VendorContext, request: RouteRequest) {
  const raw = String(request.path.id)
  const job =
    operations(ctx).get(raw.startsWith('op_') ? raw : `op_${raw}`) ?? fail(errors.notFound())
  if (job.context.meta.workspaceId !== workspaceOf(request)) fail(errors.otherWorkspace())
  return job
}

// An operation in full, as its poll shows it: the same object until the operation changes.
const inFull = (job: Parameters<typeof presentOperation>[0]) => presentOperation(job)

const reply = (ctx: VendorContext, id: string, status = 200): Reply => {
  const job = operations(ctx).get(id)!
  return { status, body: presented(inFull, job), headers: { etag: etagOf(job) } }
}

/** `:wait` blocks 1–60 s; jobfake holds a timeout outside that range to its nearest end. */
const waitSeconds = (timeout: unknown) => Math.min(60, Math.max(1, Number(timeout ?? 30)))

/** The operations themselves: list, read, wait on, cancel. */
const operationRoutes: Record<string, Route> = {
  'operations.list': (request, ctx) => {
    const { query } = request
    if ((query.owner_type === undefined) !== (query.owner_id === undefined))
      fail(errors.ownerPair())
    const workspace = workspaceOf(request)
    const mine = operations(ctx)
      .all()
      .filter(({ context: { meta } }) => meta.workspaceId === workspace)
      .filter(
        ({ context: { meta } }) =>
          query.owner_type === undefined ||
          (meta.ownerType === query.owner_type && meta.ownerId === query.owner_id),
      )
    const body = page(
      mine,
      (job) => job.id,
      query,
      (job) => presentOperation(job, { steps: false }),
    )
    return { status: 200, body }
  },

  'operations.get': (request, ctx) => reply(ctx, operationOf(ctx, request).id),

  'operations.wait': async (request, ctx) => {
    const job = operationOf(ctx, request)
    const ms = waitSeconds(request.query.timeout) * 1000
    await waitForJob(operations(ctx), job.id, (j) => j.done, ctx.clock, ms, request.signal)
    return reply(ctx, job.id)
  },

  'operations.cancel': (request, ctx) => {
    const job = operationOf(ctx, request)
    return once(ctx, request, `cancel ${job.id}`, () => {
      const expected = request.header('if-match')
      if (expected !== undefined && unquote(expected) !== etagOf(job))
        fail(errors.aborted(etagOf(job)))
      if (job.done) fail(errors.alreadyDone(job.state))
      operations(ctx).send(job.id, { type: 'cancel' })
      return reply(ctx, job.id, 202)
    })
  },
}

/** Akua's routes, by operationId: the operations, every endpoint that starts one, the reads. */
export const routes: Record<string, Route> = {
  ...operationRoutes,
  ...Object.fromEntries(
    Object.entries(STARTERS).map(([id, s]): [string, Route] => [
      id,
      (request, ctx) => startOperation(s, request, ctx),
    ]),
  ),
  ...reads,
}
