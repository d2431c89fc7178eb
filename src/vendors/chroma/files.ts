import { fail } from '../../vendor/errors.js'
import { matchSecret } from '../../vendor/secrets.js'
import { iso } from '../../vendor/time.js'
import type { Route, VendorContext } from '../../vendor/types.js'
import { errors, requireDatabase } from './errors.js'
import { fixtures, principals, type ChromaPrincipal } from './fixtures.js'
import { presentInvocation } from './present.js'
import {
  DEFAULT_MODEL,
  invocations,
  sourceOf,
  sources,
  startInvocation,
  type Body,
  type SourceRecord,
} from './tables.js'

/**
 * Where jobfake says uploads are kept. The vendor's document has no file-upload kind of invocation
 * metadata, so an upload is recorded as the S3 object the service streams it to.
 */
export const UPLOAD_BUCKET = 'chroma-sync-uploads'

const METADATA_LIMIT = 16 * 1024
const REQUIRED = ['database_name', 'collection_name', 'file'] as const

// The defaults the document gives an upload: Qwen3 for the generic_retrieval task with Splade
// sparse embeddings, and tree-sitter chunking.
const UPLOAD_SETTINGS = {
  embedding_model: DEFAULT_MODEL,
  chunking: { type: 'tree_sitter', max_size_bytes: 8192 },
  embedding: {
    dense: { ...DEFAULT_MODEL, task: { task_name: 'generic_retrieval' } },
    sparse: { model: 'prithivida/Splade_PP_en_v1' },
  },
}

// A database exists when the fixtures name it or a source syncs into it.
const databaseExists = (ctx: VendorContext, name: string) =>
  (fixtures.databases as readonly string[]).includes(name) ||
  sources(ctx).find((s) => s.database_name === name) !== undefined

/** The database's one file_upload source, made by its first upload and reused after that. */
function uploadSourceOf(ctx: VendorContext, database: string): SourceRecord {
  const found = sources(ctx).find((s) => s.database_name === database && 'file_upload' in s)
  if (found) return found
  const id = ctx.ids.uuid()
  return sources(ctx).put(id, {
    id,
    file_upload: {},
    database_name: database,
    ...structuredClone(UPLOAD_SETTINGS),
    created_at: iso(ctx.now()),
  })
}

// Form fields that carry JSON text must hold an object.
function jsonObject(field: string, text: unknown): Body | null {
  if (text === undefined) return null
  let value: unknown
  try {
    value = JSON.parse(String(text))
  } catch {
    value = undefined
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    fail(errors.uploadField(field, 'must be a JSON object'))
  return value as Body
}

function additionalMetadata(text: unknown): Body | null {
  if (text !== undefined && Buffer.byteLength(String(text)) > METADATA_LIMIT)
    fail(errors.uploadField('metadata', 'must be at most 16 KiB'))
  const metadata = jsonObject('metadata', text)
  const reserved = Object.keys(metadata ?? {}).find((key) => key.startsWith('chroma_'))
  if (reserved) fail(errors.uploadField('metadata', `the key ${reserved} is reserved`))
  return metadata
}

/**
 * The caller where the served document declares no security for the operation (the vendor's own
 * does so for latest-by-keys, while declaring its 401 and 403): the service asks for the token
 * all the same.
 */
function callerOf(principal: unknown, header: (name: string) => string | undefined) {
  if (principal !== undefined) return principal as ChromaPrincipal
  const token = header('x-chroma-token') ?? fail(errors.unauthenticated())
  return matchSecret(token, principals) ?? fail(errors.invalidToken())
}

const MULTIPART = /^\s*multipart\/form-data/i

// The service authorises by database and collection before it streams the file, so a form must
// send those two fields first; a JSON body has no order to keep.
function inAuthorisingOrder(form: Body): void {
  const order = Object.keys(form)
  const file = order.indexOf('file')
  const late = REQUIRED.slice(0, 2).find((field) => order.indexOf(field) > file)
  if (late) fail(errors.uploadField('file', `must come after ${late} in a multipart body`))
}

/** The S3 object key an invocation ingested (an upload's is its file name). */
const objectKeyOf = (kind: Body): unknown => (kind.s3 as Body | undefined)?.object_key

/** Chroma Sync's file operations, by operationId: add-file and latest-by-keys. */
export const fileRoutes: Record<string, Route> = {
  add_file: ({ body, header, principal, scenario }, ctx) => {
    // Served from the vendor's document, whose only body is a form, the spec checks no field.
    const form = (body ?? {}) as Body
    for (const field of REQUIRED)
      if (typeof form[field] !== 'string') fail(errors.uploadField(field, 'is required'))
    if (MULTIPART.test(header('content-type') ?? '')) inAuthorisingOrder(form)
    const database = String(form.database_name)
    // Authorised by database and collection before the file is looked at, as the service does.
    requireDatabase(principal, database)
    if (!databaseExists(ctx, database)) fail(errors.databaseNotFound())
    const declared = Number(header('x-upload-content-length'))
    if (Buffer.byteLength(String(form.file)) > declared) fail(errors.fileTooLarge(declared))
    const metadata = additionalMetadata(form.metadata)
    jsonObject('embedding', form.embedding)
    jsonObject('chunking', form.chunking)
    const kind = {
      s3: {
        bucket_name: UPLOAD_BUCKET,
        object_key: typeof form.filename === 'string' ? form.filename : 'upload',
        custom_id: form.custom_id ?? null,
        additional_metadata: metadata,
      },
    }
    const source = uploadSourceOf(ctx, database)
    const job = startInvocation(ctx, source, String(form.collection_name), kind, scenario)
    return { status: 201, body: { invocation_id: job.id } }
  },

  latest_invocations_by_keys: ({ path, body, header, principal }, ctx) => {
    const source = sourceOf(ctx, path.source_id, callerOf(principal, header))
    const keys = new Set((body as { object_keys: string[] }).object_keys)
    const latest = new Map<string, ReturnType<typeof presentInvocation>>()
    // Oldest first: a later invocation of the same key replaces an earlier one.
    const mine = invocations(ctx)
      .all()
      .filter((job) => job.context.sourceId === source.id)
      .sort((a, b) => a.createdAt - b.createdAt)
    for (const job of mine) {
      const key = objectKeyOf(job.context.kind)
      if (typeof key === 'string' && keys.has(key)) latest.set(key, presentInvocation(job))
    }
    return { status: 200, body: Object.fromEntries(latest) }
  },
}
