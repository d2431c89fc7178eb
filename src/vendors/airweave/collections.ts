import { fail } from '../../vendor/errors.js'
import { iso } from '../../vendor/time.js'
import type { Route, VendorContext } from '../../vendor/types.js'
import { errors } from './errors.js'
import { fixtures } from './fixtures.js'
import { removeConnection } from './connections.js'
import {
  collectionOf,
  collections,
  connections,
  jobsOf,
  page,
  type Collection,
  type SourceConnection,
} from './tables.js'

/** What every collection embeds with (the service's default model). */
const EMBEDDING = { vector_size: 3072, embedding_model_name: 'text-embedding-3-large' }

const members = (ctx: VendorContext, collection: Collection) =>
  connections(ctx)
    .all()
    .filter((c) => c.collection === collection.readableId)

// As the service derives it: ACTIVE once a connection has completed a sync or is syncing, ERROR
// when every authenticated one failed its last, NEEDS SOURCE otherwise.
function statusOf(ctx: VendorContext, connected: SourceConnection[]) {
  const lasts = connected
    .filter((c) => c.authenticated)
    .map((c) => jobsOf(ctx, c).at(-1)?.state ?? null)
  if (lasts.some((s) => s === 'completed' || s === 'running' || s === 'cancelling')) return 'ACTIVE'
  if (lasts.length > 0 && lasts.every((s) => s === 'failed')) return 'ERROR'
  return 'NEEDS SOURCE'
}

/** A collection on the wire (Collection), with its computed status. */
function presentCollection(ctx: VendorContext, collection: Collection) {
  const connected = members(ctx, collection)
  return {
    id: collection.id,
    name: collection.name,
    readable_id: collection.readableId,
    sync_config: collection.syncConfig,
    created_at: collection.createdAt,
    modified_at: collection.modifiedAt,
    organization_id: fixtures.organizationId,
    created_by_email: fixtures.userEmail,
    modified_by_email: fixtures.userEmail,
    status: statusOf(ctx, connected),
    ...EMBEDDING,
    source_connection_summaries: connected.map((c) => ({ short_name: c.shortName, name: c.name })),
  }
}

// As the service makes one from a name: lowercase, letters, digits and single hyphens, and a
// random six-character suffix.
const readableIdOf = (ctx: VendorContext, name: string) => {
  const slug = name
    .toLowerCase()
    .trim()
    .replace(/[^a-z0-9\s]/g, '')
    .replace(/\s+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
  return `${slug}-${ctx.ids.token(6)}`
}

interface CreateBody {
  name: string
  readable_id?: string | null
  sync_config?: Record<string, unknown> | null
}

/** The routes of collections, by operationId. */
export const collectionRoutes: Record<string, Route> = {
  // Newest first, as the service sorts them; `search` matches the name or the readable id.
  'collections.list': ({ query }, ctx) => {
    const term = typeof query.search === 'string' ? query.search.toLowerCase() : ''
    const found = collections(ctx)
      .all()
      .filter((c) => `${c.name}\n${c.readableId}`.toLowerCase().includes(term))
      .reverse()
    return { status: 200, body: page(found, query).map((c) => presentCollection(ctx, c)) }
  },

  'collections.create': ({ body }, ctx) => {
    const input = body as CreateBody
    const readableId = input.readable_id ?? readableIdOf(ctx, input.name)
    if (collections(ctx).has(readableId)) fail(errors.collectionExists(readableId))
    const collection = collections(ctx).put(readableId, {
      id: ctx.ids.uuid(),
      name: input.name,
      readableId,
      syncConfig: input.sync_config ?? null,
      createdAt: iso(ctx.now()),
      modifiedAt: iso(ctx.now()),
    })
    return { status: 200, body: presentCollection(ctx, collection) }
  },

  'collections.get': ({ path }, ctx) => ({
    status: 200,
    body: presentCollection(ctx, collectionOf(ctx, path.readable_id)),
  }),

  // Every connection goes with its collection, its running sync cancelled and its schedule
  // dropped; the answer is the collection as it was.
  'collections.delete': ({ path }, ctx) => {
    const collection = collectionOf(ctx, path.readable_id)
    const body = presentCollection(ctx, collection)
    for (const connection of members(ctx, collection)) removeConnection(ctx, connection)
    collections(ctx).remove(collection.readableId)
    return { status: 200, body }
  },
}
