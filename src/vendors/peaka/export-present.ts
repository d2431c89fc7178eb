import { createHash } from 'node:crypto'
import type { Job } from '../../core/jobs.js'
import { enteredAt, iso } from '../../vendor/time.js'
import type { ExportContext } from './export-machine.js'

type ExportJob = Job<ExportContext>

/** How long a presigned download URL lasts: a later GET mints fresh ones. */
const URL_LIFETIME_MS = 15 * 60_000

/** Microseconds as ISO 8601, as the vendor writes `createdAt`. */
const isoMicros = (micros: number) =>
  iso(Math.floor(micros / 1000)).replace(/Z$/, `${String(micros % 1000).padStart(3, '0')}Z`)

const fileNameOf = ({ source, format, compression }: ExportContext) => {
  const base =
    source.kind === 'query'
      ? `query_${source.queryId}_${source.name}`
      : `table_${source.catalogId}_${source.schemaName}_${source.tableName}`
  return `${base}.${format.toLowerCase()}${compression === 'GZIP' ? '.gz' : ''}`
}

const bytesOf = ({ rows, columns, format, compression }: ExportContext) => {
  const raw = rows * (format === 'CSV' ? columns * 9 + 1 : columns * 18 + 2)
  return compression === 'GZIP' ? Math.ceil(raw / 4) : raw
}

const sourceFields = ({ source }: ExportContext) =>
  source.kind === 'query'
    ? { queryId: source.queryId, source: `peaka.query."${source.name}"` }
    : {
        catalogId: source.catalogId,
        schemaName: source.schemaName,
        tableName: source.tableName,
        source: `${source.catalogId}.${source.schemaName}."${source.tableName}"`,
      }

/** Presigned-looking download links, fresh on every read (the host does not exist). */
function filesOf(job: ExportJob, now: number) {
  const name = fileNameOf(job.context)
  const expires = now + URL_LIFETIME_MS
  const signature = createHash('sha256').update(`${job.id}:${expires}`).digest('hex').slice(0, 32)
  const url = `https://exports.peaka.jobfake.invalid/${job.context.projectId}/${job.id}/${name}?X-Amz-Expires=${URL_LIFETIME_MS / 1000}&X-Amz-Signature=${signature}`
  return { files: [{ name, url, bytes: bytesOf(job.context) }], expiresAt: iso(expires) }
}

/**
 * An export on the wire (ExportJobResponse): the counts once it succeeded, and for its owner,
 * on a single read of a SUCCEEDED job, the download links.
 */
export function presentExport(job: ExportJob, now: number, caller: string, withFiles: boolean) {
  const c = job.context
  const finished = job.state === 'SUCCEEDED' || job.state === 'EXPIRED'
  const downloadable = job.state === 'SUCCEEDED' && caller === c.apiKeyPrefix
  return {
    id: job.id,
    status: job.state,
    format: c.format,
    compression: c.compression,
    ...(finished && {
      rowCount: c.rows,
      bytes: bytesOf(c),
      durationMs: enteredAt(job, 'SUCCEEDED')! - enteredAt(job, 'RUNNING')!,
    }),
    ...(withFiles && downloadable && filesOf(job, now)),
    downloadable,
    ...(c.error !== null && { error: c.error }),
    createdAt: isoMicros(c.createdMicros),
    ...sourceFields(c),
    apiKeyPrefix: c.apiKeyPrefix,
    ...(c.clientSource !== undefined && { clientSource: c.clientSource }),
  }
}
