import type { Job } from '../../core/jobs.js'
import { fail } from '../../vendor/errors.js'
import type { Route, RouteRequest, VendorContext } from '../../vendor/types.js'
import { nameOf, tableOf, type TableName } from './catalogs.js'
import { errors } from './errors.js'
import type { ExportContext, ExportInput, ExportSource, exportMachine } from './export-machine.js'
import { presentExport } from './export-present.js'
import { fixtures, type PeakaPrincipal } from './fixtures.js'

type ExportJob = Job<ExportContext>

/** The vendor's ExportRequest. */
interface ExportRequest {
  format?: 'CSV' | 'JSONL'
  compression?: 'NONE' | 'GZIP'
  limit?: number
  columns?: string[]
}

const ROW_LIMIT = 1_000_000

export const exports = (ctx: VendorContext) => ctx.jobs<typeof exportMachine>('export')

const projectOf = (request: RouteRequest) => String(request.path.projectId)
const callerOf = (request: RouteRequest) => (request.principal as PeakaPrincipal).prefix

/** A keyset cursor in microseconds, or null when it is not a time. */
function cursorOf(text: string): number | null {
  const ms = Date.parse(text)
  if (Number.isNaN(ms)) return null
  const fraction = /\.(\d+)/.exec(text)?.[1] ?? ''
  return Math.floor(ms / 1000) * 1_000_000 + Number(fraction.padEnd(6, '0').slice(0, 6))
}

/** Starts an export of `rows` rows with `available` columns, as the request asks. */
function start(
  ctx: VendorContext,
  request: RouteRequest,
  source: ExportSource,
  rows: number,
  available: readonly string[],
) {
  const body = (request.body ?? {}) as ExportRequest
  const unknown = body.columns?.find((c) => !available.includes(c))
  if (unknown !== undefined) fail(errors.unknownColumn(unknown))
  const limit = body.limit === undefined ? undefined : Math.min(ROW_LIMIT, Math.max(1, body.limit))
  const now = ctx.now()
  const sameInstant = exports(ctx)
    .all()
    .filter((j) => j.createdAt === now).length
  const id = ctx.ids.uuid()
  const clientSource = request.header('x-trino-source') ?? request.header('user-agent')
  const input: Omit<ExportInput, 'profile'> = {
    projectId: projectOf(request),
    source,
    format: body.format ?? 'CSV',
    compression: body.compression ?? 'NONE',
    columns: body.columns?.length || available.length,
    rows: Math.min(rows, limit ?? rows),
    // Without a limit, a source past the export limit fails once it gets there.
    refusal:
      limit === undefined && rows > ROW_LIMIT
        ? 'Query exceeded the 1,000,000 row export limit'
        : null,
    apiKeyPrefix: callerOf(request),
    ...(clientSource !== undefined && { clientSource }),
    createdMicros: now * 1000 + sameInstant,
  }
  const job = ctx.start<typeof exportMachine>('export', id, input, request.scenario)
  return { status: 202, body: { id, status: job.state } }
}

function exportOf(ctx: VendorContext, request: RouteRequest): ExportJob {
  const job = exports(ctx).get(String(request.path.exportId))
  if (!job || job.context.projectId !== projectOf(request)) fail(errors.exportNotFound())
  return job
}

/** Peaka's export routes (`Data -- Exports`), by operationId. */
export const exportRoutes: Record<string, Route> = {
  exportQuery: (request, ctx) => {
    const queryId = String(request.path.queryId)
    const query = fixtures.queries.find(
      (q) => q.projectId === projectOf(request) && q.id === queryId,
    )
    if (!query) fail(errors.queryNotFound(queryId))
    const source = { kind: 'query' as const, queryId, name: query.name }
    return start(ctx, request, source, query.rows, query.columns)
  },
  exportTable: (request, ctx) => {
    const named = request.path as unknown as TableName
    const table = tableOf(projectOf(request), named)
    if (!table) fail(errors.tableNotFound(nameOf(named)))
    const { catalogId, schemaName, tableName } = table
    const source = { kind: 'table' as const, catalogId, schemaName, tableName }
    return start(ctx, request, source, table.rows, table.columns)
  },
  // Newest first, without files; `status` filters by a comma-separated list, `createdBefore` is
  // the previous page's last `createdAt`.
  listExports: (request, ctx) => {
    const wanted = request.query.status
      ? new Set(
          String(request.query.status)
            .split(',')
            .map((s) => s.trim()),
        )
      : undefined
    const before =
      request.query.createdBefore === undefined
        ? Infinity
        : (cursorOf(String(request.query.createdBefore)) ?? -Infinity)
    const limit = Math.min(200, Math.max(1, Number(request.query.limit ?? 50)))
    const page = exports(ctx)
      .all()
      .filter((j) => j.context.projectId === projectOf(request))
      .filter((j) => (wanted ? wanted.has(j.state) : true) && j.context.createdMicros < before)
      .sort((a, b) => b.context.createdMicros - a.context.createdMicros)
      .slice(0, limit)
    const caller = callerOf(request)
    return { status: 200, body: page.map((j) => presentExport(j, ctx.now(), caller, false)) }
  },
  readExport: (request, ctx) => ({
    status: 200,
    body: presentExport(exportOf(ctx, request), ctx.now(), callerOf(request), true),
  }),
  // Idempotent: a finished job stays as it is.
  cancelExport: (request, ctx) => {
    exports(ctx).send(exportOf(ctx, request).id, { type: 'cancel' })
    return { status: 204 }
  },
}
