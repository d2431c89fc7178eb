import { fail } from '../../vendor/errors.js'
import type { Route, RouteRequest, VendorContext } from '../../vendor/types.js'
import { callbackOf, callbacks, checkCallbackUrl, type CallbackRecord } from './callbacks.js'
import { errors } from './errors.js'
import { catalogsOf } from './fixtures.js'
import { latestJob } from './latest.js'
import { LIVE, type metadataMachine } from './metadata-machine.js'

/** The vendor's MetadataRefreshMetadataRequest and MetadataRefreshMetadataCallbackRequest. */
interface RefreshRequest {
  catalogId?: string
  callbackURL?: string
  callbackToken?: string
}

export const metadataJobs = (ctx: VendorContext) =>
  ctx.jobs<typeof metadataMachine>('metadata-refresh')

const projectOf = (request: RouteRequest) => String(request.path.projectId)

function catalogOf(request: RouteRequest, catalogId: string): string {
  if (!catalogsOf(projectOf(request)).includes(catalogId)) fail(errors.catalogNotFound(catalogId))
  return catalogId
}

/** The catalog's most recent refresh job, if any. */
const latest = (ctx: VendorContext, projectId: string, catalogId: string) =>
  latestJob(metadataJobs(ctx), (c) => c.projectId === projectId && c.catalogId === catalogId)

const unregistered = ({ callbackURL: _url, callbackToken: _token, ...rest }: CallbackRecord) => rest

/** The vendor declares objects of objects: the callback answers are `{callback?, deliveries}`. */
function presentCallback(record: CallbackRecord, withDeliveries = true) {
  const callback =
    record.callbackURL === undefined
      ? {}
      : {
          callback: {
            callbackURL: record.callbackURL,
            hasToken: record.callbackToken !== undefined,
          },
        }
  if (!withDeliveries) return callback
  const deliveries = Object.fromEntries(record.deliveries.map((d) => [d.jobId, d]))
  return { ...callback, deliveries }
}

/** Peaka's metadata refresh routes (`Data -- Metadata`), by operationId. */
export const metadataRoutes: Record<string, Route> = {
  // One job per catalog (every catalog of the project when none is named); a catalog whose job
  // is still live keeps it, with the callback it was started with.
  refreshMetadata: (request, ctx) => {
    const body = (request.body ?? {}) as RefreshRequest
    const projectId = projectOf(request)
    checkCallbackUrl(body.callbackURL)
    const named = body.catalogId === undefined ? undefined : catalogOf(request, body.catalogId)
    const answer: Record<string, { jobId: string; status: string }> = {}
    for (const catalogId of named === undefined ? catalogsOf(projectId) : [named]) {
      const live = latest(ctx, projectId, catalogId)
      const job =
        live && LIVE.has(live.state)
          ? live
          : ctx.start<typeof metadataMachine>(
              'metadata-refresh',
              ctx.ids.uuid(),
              {
                projectId,
                catalogId,
                ...(body.callbackURL !== undefined && { callbackURL: body.callbackURL }),
                ...(body.callbackToken !== undefined && { callbackToken: body.callbackToken }),
              },
              request.scenario,
            )
      answer[catalogId] = { jobId: job.id, status: job.state }
    }
    return { status: 200, body: answer }
  },
  getRefreshMetadataJobStatus: (request, ctx) => {
    const catalogId = catalogOf(request, String(request.path.catalogId))
    const job = latest(ctx, projectOf(request), catalogId)
    return { status: 200, body: { status: job?.state ?? 'NOT_ACTIVE' } }
  },
  getMetadataRefreshCallback: (request, ctx) => ({
    status: 200,
    body: presentCallback(callbackOf(ctx, projectOf(request))),
  }),
  registerMetadataRefreshCallback: (request, ctx) => {
    const { callbackURL, callbackToken } = (request.body ?? {}) as RefreshRequest
    checkCallbackUrl(callbackURL)
    const record: CallbackRecord = {
      ...unregistered(callbackOf(ctx, projectOf(request))),
      ...(callbackURL !== undefined && { callbackURL }),
      ...(callbackToken !== undefined && { callbackToken }),
    }
    callbacks(ctx).put(record.projectId, record)
    return { status: 200, body: presentCallback(record, false) }
  },
  // Answers with the callback it removed (none: an empty object); the deliveries stay.
  unregisterMetadataRefreshCallback: (request, ctx) => {
    const record = callbackOf(ctx, projectOf(request))
    if (record.callbackURL !== undefined) callbacks(ctx).put(record.projectId, unregistered(record))
    return { status: 200, body: presentCallback(record, false) }
  },
}
