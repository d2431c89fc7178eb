import type { Job } from '../../core/jobs.js'
import type { Scenario } from '../../scenarios/scenario.js'
import { fail } from '../../vendor/errors.js'
import type { VendorContext } from '../../vendor/types.js'
import { errors, requireDatabase } from './errors.js'
import type { InvocationContext, invocationMachine } from './machine.js'

export type Body = Record<string, unknown>
export type SourceRecord = Body & { id: string; database_name: string; created_at: string }

/** The kinds a source can be; `file_upload` ones are made by add-file, never by create_source. */
export const KINDS = ['github', 's3', 'web_scrape', 'file_upload'] as const
export type SourceKind = (typeof KINDS)[number]

/** Which kind a source (or a create_source payload) is: the one kind key it carries. */
export const kindOf = (record: Body): SourceKind => KINDS.find((kind) => kind in record)!

export const DEFAULT_MODEL = { model: 'Qwen/Qwen3-Embedding-0.6B' }

export const invocations = (ctx: VendorContext) => ctx.jobs<typeof invocationMachine>('invocation')
export const sources = (ctx: VendorContext) => ctx.records<SourceRecord>('source')
/**
 * `<source id> <collection>` pairs whose ingestion completed: another invocation into one is
 * refused.
 */
export const ingested = (ctx: VendorContext) =>
  ctx.records<{ sourceId: string; collection: string }>('ingested')

/** A source the caller may see: 404 when unknown, 403 when in a database the token cannot reach. */
export function sourceOf(ctx: VendorContext, id: unknown, principal: unknown): SourceRecord {
  const source = sources(ctx).get(String(id)) ?? fail(errors.sourceNotFound())
  requireDatabase(principal, source.database_name)
  return source
}

/** An invocation the caller may see, by the same rules as a source. */
export function invocationOf(ctx: VendorContext, id: unknown, principal: unknown) {
  const job = invocations(ctx).get(String(id)) ?? fail(errors.invocationNotFound())
  requireDatabase(principal, job.context.databaseName)
  return job
}

/** Starts a pending invocation of a source into a collection; `metadata` holds its kind's key. */
export function startInvocation(
  ctx: VendorContext,
  source: SourceRecord,
  collection: string,
  metadata: Body,
  scenario: Scenario,
) {
  const input = {
    sourceId: source.id,
    sourceType: kindOf(source),
    databaseName: source.database_name,
    collectionName: collection,
    kind: metadata,
  }
  return ctx.start<typeof invocationMachine>('invocation', ctx.ids.uuid(), input, scenario)
}

/** The kind of source an invocation ran against (a state file from before this field: its key). */
export const sourceTypeOf = (job: Job<InvocationContext>): string =>
  job.context.sourceType ?? Object.keys(job.context.kind)[0]!
