import { fail } from '../../vendor/errors.js'
import { presented } from '../../vendor/presented.js'
import type { Route } from '../../vendor/types.js'
import { iso } from '../../vendor/time.js'
import { errors, problem, requireDatabase } from './errors.js'
import { presentInvocation } from './present.js'
import {
  KINDS,
  DEFAULT_MODEL,
  invocationOf,
  invocations,
  ingested,
  kindOf,
  sourceOf,
  sources,
  sourceTypeOf,
  startInvocation,
  type Body,
  type SourceRecord,
} from './tables.js'

// What makes two sources the same: their kind and what they read from.
function identity(record: Body): string {
  const kind = kindOf(record)
  const spec = record[kind] as Body
  const target =
    kind === 'github'
      ? spec.repository
      : kind === 's3'
        ? `${spec.bucket_name}/${spec.path_prefix ?? ''}`
        : spec.starting_url
  return `${record.database_name} ${kind} ${String(target)}`
}

function defaultCollection(source: SourceRecord, ref: Body | null): string {
  const kind = kindOf(source)
  const spec = source[kind] as Body
  if (kind === 's3') return String(spec.collection_name)
  if (kind === 'web_scrape')
    return URL.canParse(String(spec.starting_url))
      ? new URL(String(spec.starting_url)).hostname
      : String(spec.starting_url)
  const name = String(spec.repository).split('/').pop()
  return `${name}-${String(ref?.branch ?? ref?.sha ?? 'main')}`
}

function page<T>(items: T[], query: Record<string, unknown>, createdAt: (item: T) => string): T[] {
  const sorted = [...items].sort((a, b) => createdAt(a).localeCompare(createdAt(b)))
  if (query.order_by !== 'ASC') sorted.reverse()
  const offset = Number(query.offset ?? 0)
  return sorted.slice(offset, offset + Number(query.limit ?? 100))
}

/** Chroma Sync's routes, by operationId. */
export const routes: Record<string, Route> = {
  health_check: () => ({ status: 200 }),

  create_source: ({ body, principal }, ctx) => {
    const payload = body as Body
    // The vendor's own document lets a kind be null; the service reads exactly one, as an object.
    const named = KINDS.filter((k) => payload[k] !== null && typeof payload[k] === 'object')
    if (named.length !== 1 || KINDS.some((k) => k in payload && !named.includes(k)))
      fail(
        problem({
          kind: 'invalid-request',
          violations: [{ in: 'body', name: '', message: 'must name exactly one source kind' }],
        }),
      )
    requireDatabase(principal, String(payload.database_name))
    if (sources(ctx).find((s) => identity(s) === identity(payload))) fail(errors.sourceExists())
    const kind = kindOf(payload)
    const source: SourceRecord = {
      id: ctx.ids.uuid(),
      [kind]: payload[kind],
      database_name: String(payload.database_name),
      embedding_model: (payload.embedding_model as Body | null) ?? DEFAULT_MODEL,
      chunking:
        payload.chunking ??
        (kind === 'github'
          ? { type: 'tree_sitter', max_size_bytes: 8192 }
          : { type: 'lines', max_lines: 200 }),
      embedding: payload.embedding ?? { dense: DEFAULT_MODEL, sparse: null },
      created_at: iso(ctx.now()),
    }
    sources(ctx).put(source.id, source)
    return { status: 201, body: { source_id: source.id } }
  },

  list_sources: ({ query, principal }, ctx) => {
    const scope = (principal as { database?: string }).database
    const database = (query.database_name as string | undefined) ?? scope
    if (database !== undefined) requireDatabase(principal, database)
    const found = sources(ctx)
      .all()
      .filter(
        (s) =>
          (database === undefined || s.database_name === database) &&
          (!query.source_type || kindOf(s) === query.source_type),
      )
    return { status: 200, body: page(found, query, (s) => s.created_at) }
  },

  get_source: ({ path, principal }, ctx) => ({
    status: 200,
    body: sourceOf(ctx, path.source_id, principal),
  }),

  delete_source: ({ path, principal }, ctx) => {
    sources(ctx).remove(sourceOf(ctx, path.source_id, principal).id)
    return { status: 204 }
  },

  create_job: ({ path, body, principal, scenario }, ctx) => {
    const source = sourceOf(ctx, path.source_id, principal)
    if (kindOf(source) === 'file_upload') fail(errors.fileUploadSource())
    const payload = (body ?? {}) as Body
    const ref = (payload.ref_identifier as Body | null | undefined) ?? null
    const collection =
      (payload.target_collection_name as string | null | undefined) ??
      defaultCollection(source, ref)
    if (ingested(ctx).has(`${source.id} ${collection}`)) fail(errors.collectionIngested(collection))
    const kind = kindOf(source)
    const metadata =
      kind === 'github'
        ? { github: { git_ref_identifier: ref ?? { branch: 'main' } } }
        : kind === 's3'
          ? {
              s3: {
                bucket_name: (source.s3 as Body).bucket_name,
                object_key: payload.object_key ?? null,
                custom_id: payload.custom_id ?? null,
                additional_metadata: payload.metadata ?? null,
              },
            }
          : // A unit variant flattened into the metadata, as serde writes it (see deviations.ts).
            { web_scrape: null }
    const job = startInvocation(ctx, source, collection, metadata, scenario)
    return { status: 201, body: { invocation_id: job.id } }
  },

  list_jobs: ({ query, principal }, ctx) => {
    if ((query.source_id === undefined) === (query.database_name === undefined))
      fail(errors.sourceOrDatabase())
    const database =
      query.source_id !== undefined
        ? sourceOf(ctx, query.source_id, principal).database_name
        : String(query.database_name)
    requireDatabase(principal, database)
    const found = invocations(ctx)
      .all()
      .filter(
        (job) =>
          (query.source_id === undefined
            ? job.context.databaseName === database
            : job.context.sourceId === query.source_id) &&
          (!query.source_type || sourceTypeOf(job) === query.source_type) &&
          (!query.status || job.state === query.status),
      )
    return {
      status: 200,
      body: page(found, query, (job) => iso(job.createdAt)).map(presentInvocation),
    }
  },

  get_job: ({ path, principal }, ctx) => ({
    status: 200,
    body: presented(presentInvocation, invocationOf(ctx, path.invocation_id, principal)),
  }),

  cancel_pending_job: ({ path, principal }, ctx) => {
    const job = invocationOf(ctx, path.invocation_id, principal)
    if (!invocations(ctx).send(job.id, { type: 'cancel' })) fail(errors.notCancelable())
    return { status: 202, body: {} }
  },
}
