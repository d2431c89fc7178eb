import { fail } from '../../vendor/errors.js'
import { iso } from '../../vendor/time.js'
import type { Route, VendorContext } from '../../vendor/types.js'
import { errors, invalidBody } from './errors.js'
import { fixtures, sources } from './fixtures.js'
import { connectionStatus, entityCount, presentLastJob } from './present.js'
import { checkCron, dailyAt, dropSchedule, presentSchedule, setSchedule } from './schedule.js'
import {
  activeJobOf,
  collectionOf,
  connectionOf,
  connections,
  jobsOf,
  NOTHING_PRUNED,
  page,
  startSync,
  syncs,
  type AuthMethod,
  type SourceConnection,
} from './tables.js'

type Schedule = { cron?: string | null } | null

/** A creation request, as the spec has already checked it (SourceConnectionCreate). */
interface CreateBody {
  name?: string | null
  short_name: string
  readable_collection_id: string
  description?: string | null
  config?: Record<string, unknown> | null
  schedule?: Schedule
  sync_immediately?: boolean | null
  authentication?: Record<string, unknown> | null
}

type UpdateBody = Partial<Pick<CreateBody, 'name' | 'description' | 'config' | 'schedule'>>

// The service tells the auth method from the shape of `authentication`; none is an OAuth browser
// flow, and one with the caller's own OAuth client is BYOC.
function authMethodOf(auth: Record<string, unknown> | null | undefined): AuthMethod {
  if (auth?.credentials) return 'direct'
  if (auth?.access_token) return 'oauth_token'
  if (auth?.provider_readable_id) return 'auth_provider'
  const own =
    (auth?.client_id && auth.client_secret) || (auth?.consumer_key && auth.consumer_secret)
  return own ? 'oauth_byoc' : 'oauth_browser'
}

/** A source connection on the wire (SourceConnection), its status computed from its jobs. */
export function presentConnection(ctx: VendorContext, connection: SourceConnection) {
  const jobs = jobsOf(ctx, connection)
  const last = jobs[jobs.length - 1]
  const { pruned } = connection
  return {
    id: connection.id,
    organization_id: fixtures.organizationId,
    name: connection.name,
    description: connection.description,
    short_name: connection.shortName,
    readable_collection_id: connection.collection,
    status: connectionStatus(connection.authenticated, jobs),
    created_at: connection.createdAt,
    modified_at: connection.modifiedAt,
    auth: {
      method: connection.authMethod,
      authenticated: connection.authenticated,
      ...(connection.authenticated && { authenticated_at: connection.createdAt }),
      ...(connection.provider && { provider_readable_id: connection.provider }),
    },
    config: connection.config,
    schedule: presentSchedule(connection),
    sync: connection.syncId && {
      total_runs: pruned.runs + jobs.length,
      successful_runs: pruned.successful + jobs.filter((job) => job.state === 'completed').length,
      failed_runs: pruned.failed + jobs.filter((job) => job.state === 'failed').length,
      last_job: last ? presentLastJob(last, ctx.now()) : null,
    },
    sync_id: connection.syncId,
    federated_search: false,
  }
}

/** The short form the list answers with (SourceConnectionListItem). */
function presentListItem(ctx: VendorContext, connection: SourceConnection) {
  const jobs = jobsOf(ctx, connection)
  return {
    id: connection.id,
    name: connection.name,
    short_name: connection.shortName,
    readable_collection_id: connection.collection,
    created_at: connection.createdAt,
    modified_at: connection.modifiedAt,
    is_authenticated: connection.authenticated,
    entity_count: connection.pruned.entities + entityCount(jobs, ctx.now()),
    federated_search: false,
    auth_method: connection.authMethod,
    status: connectionStatus(connection.authenticated, jobs),
  }
}

/**
 * Removes a connection as the service deletes one: a pending or running sync is cancelled first,
 * then the schedule, the jobs and the connection go.
 */
export function removeConnection(ctx: VendorContext, connection: SourceConnection): void {
  const active = activeJobOf(ctx, connection)
  if (active) syncs(ctx).send(active.id, { type: 'cancel' })
  dropSchedule(ctx, connection)
  for (const id of connection.jobIds) syncs(ctx).remove(id)
  connections(ctx).remove(connection.id)
}

/** The routes of source connections themselves, by operationId. */
export const connectionRoutes: Record<string, Route> = {
  // jobfake's choice: newest first, as the service lists collections.
  'sourceConnections.list': ({ query }, ctx) => {
    const all = connections(ctx)
      .all()
      .filter((c) => query.collection === undefined || c.collection === query.collection)
      .reverse()
    return { status: 200, body: page(all, query).map((c) => presentListItem(ctx, c)) }
  },

  'sourceConnections.create': ({ body, header, scenario }, ctx) => {
    const input = body as CreateBody
    const source = sources[input.short_name] ?? fail(errors.sourceNotFound(input.short_name))
    const authMethod = authMethodOf(input.authentication)
    const browser = authMethod === 'oauth_browser' || authMethod === 'oauth_byoc'
    const syncNow = input.sync_immediately ?? !browser
    if (browser && syncNow) fail(errors.oauthSyncImmediately())
    const collection = collectionOf(ctx, input.readable_collection_id)
    // A browser flow has no sync until it completes; otherwise the cron given, none for a null
    // cron, or the service's daily default.
    const cron = browser
      ? null
      : input.schedule
        ? (input.schedule.cron ?? null)
        : dailyAt(ctx.now())
    if (cron !== null) checkCron(cron, input.short_name)
    const id = ctx.ids.uuid()
    const created = connections(ctx).put(id, {
      id,
      name: input.name ?? `${source} Connection`,
      description: input.description ?? null,
      shortName: input.short_name,
      collection: collection.readableId,
      config: input.config ?? null,
      authMethod,
      authenticated: !browser,
      provider:
        authMethod === 'auth_provider' ? String(input.authentication!.provider_readable_id) : null,
      syncId: browser ? null : ctx.ids.uuid(),
      schedule: null,
      scenario: header('x-jobfake-scenario') ?? null,
      createdAt: iso(ctx.now()),
      modifiedAt: iso(ctx.now()),
      jobIds: [],
      pruned: NOTHING_PRUNED,
    })
    const scheduled = setSchedule(ctx, created, cron)
    if (syncNow) startSync(ctx, scheduled, scenario)
    return { status: 200, body: presentConnection(ctx, connections(ctx).get(id)!) }
  },

  'sourceConnections.get': ({ path }, ctx) => ({
    status: 200,
    body: presentConnection(ctx, connectionOf(ctx, path.source_connection_id)),
  }),

  'sourceConnections.update': ({ path, body, header }, ctx) => {
    const connection = connectionOf(ctx, path.source_connection_id)
    const changes = body as UpdateBody
    if (Object.keys(changes).length === 0)
      fail(invalidBody('', 'At least one field must be provided for update'))
    const cron = 'schedule' in changes ? (changes.schedule?.cron ?? null) : undefined
    if (cron) checkCron(cron, connection.shortName)
    const updated = connections(ctx).put(connection.id, {
      ...connection,
      name: changes.name ?? connection.name,
      description:
        'description' in changes ? (changes.description ?? null) : connection.description,
      config: 'config' in changes ? (changes.config ?? null) : connection.config,
      scenario: header('x-jobfake-scenario') ?? connection.scenario,
      modifiedAt: iso(ctx.now()),
    })
    // A connection without a sync (an OAuth flow not completed) keeps no schedule: the service drops it.
    if (cron !== undefined && updated.syncId) setSchedule(ctx, updated, cron)
    return { status: 200, body: presentConnection(ctx, connections(ctx).get(connection.id)!) }
  },

  // The answer is the connection as it was, as the service builds it before deleting.
  'sourceConnections.delete': ({ path }, ctx) => {
    const connection = connectionOf(ctx, path.source_connection_id)
    const body = presentConnection(ctx, connection)
    removeConnection(ctx, connection)
    return { status: 200, body }
  },
}
