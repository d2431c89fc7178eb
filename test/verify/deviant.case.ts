import { randomUUID } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** How the deviant Airweave departs from the real one, each on purpose. */
export interface Deviations {
  /** The status of a cancel of a job that is already cancelled (the service: 400). */
  secondCancel?: number
  /** A field left out of every job (the spec requires it). */
  dropField?: string
  /** A cancel goes straight to cancelled, never through cancelling. */
  skipCancelling?: boolean
}

interface Job {
  id: string
  status: string
  reads: number
}

/**
 * A small Airweave look-alike on 127.0.0.1:0. Its jobs move on as they are read, not with time
 * (pending → running on the first read, completed on the third, cancelling → cancelled on the
 * next), so tests need no clock and no sleep.
 */
export async function deviantAirweave(deviations: Deviations = {}) {
  const jobs: Job[] = []
  /** Every request it received, as `METHOD /path`. */
  const seen: string[] = []
  const wire = (job: Job) => {
    const body: Record<string, unknown> = {
      id: job.id,
      source_connection_id: SC,
      status: job.status,
      started_at: job.status === 'pending' ? null : '2026-01-01T00:00:05Z',
      completed_at: ['completed', 'cancelled'].includes(job.status) ? '2026-01-01T00:01:00Z' : null,
      duration_seconds: ['completed', 'cancelled'].includes(job.status) ? 55 : null,
      entities_inserted: 0,
      entities_updated: 0,
      entities_deleted: 0,
      entities_failed: 0,
      error: null,
      error_details: null,
    }
    if (deviations.dropField) delete body[deviations.dropField]
    return body
  }
  const step = (job: Job) => {
    job.reads++
    if (job.status === 'pending') job.status = 'running'
    else if (job.status === 'running' && job.reads >= 3) job.status = 'completed'
    else if (job.status === 'cancelling') job.status = 'cancelled'
  }
  const server: Server = createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
    }
    const path = new URL(req.url!, 'http://x').pathname
    seen.push(`${req.method} ${path}`)
    if (req.headers['x-api-key'] !== KEY)
      return send(401, { detail: 'No valid authentication provided' })
    const cancel = /^\/source-connections\/([^/]+)\/jobs\/([^/]+)\/cancel$/.exec(path)
    if (req.method === 'POST' && path === `/source-connections/${SC}/run`) {
      const job = { id: randomUUID(), status: 'pending', reads: 0 }
      jobs.push(job)
      return send(200, wire(job))
    }
    if (req.method === 'GET' && path === `/source-connections/${SC}/jobs`) {
      jobs.forEach(step)
      return send(200, jobs.map(wire).reverse())
    }
    if (req.method === 'GET' && /^\/source-connections\/[^/]+\/jobs$/.test(path))
      return send(404, { detail: 'Source connection not found' })
    if (req.method === 'POST' && cancel) {
      const job = jobs.find((j) => j.id === cancel[2])
      if (!job) return send(404, { detail: 'Sync job not found' })
      if (!['pending', 'running'].includes(job.status)) {
        const status = job.status === 'cancelled' ? (deviations.secondCancel ?? 400) : 400
        return send(status, { detail: `Cannot cancel job in ${job.status} state` })
      }
      job.status = deviations.skipCancelling ? 'cancelled' : 'cancelling'
      return send(200, wire(job))
    }
    send(404, { detail: 'Not Found' })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    values: { apiKey: KEY, source_connection_id: SC },
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

const KEY = 'deviant-key'
const SC = 'ddb72179-d26d-47db-8b9d-a83123515af7'
