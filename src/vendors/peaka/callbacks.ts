import type { Job } from '../../core/jobs.js'
import { fail } from '../../vendor/errors.js'
import { iso } from '../../vendor/time.js'
import type { VendorContext } from '../../vendor/types.js'
import { errors } from './errors.js'
import type { MetadataContext } from './metadata-machine.js'

/** One call of a callback URL, as it went: recorded, never thrown. */
export interface Delivery {
  jobId: string
  catalogId: string
  status: string
  url: string
  /** Clock time of the job's end. */
  at: string
  outcome: 'delivered' | 'failed'
  responseStatus?: number
  error?: string
}

/** A project's registered metadata refresh callback, and the last calls of any callback. */
export interface CallbackRecord {
  projectId: string
  callbackURL?: string
  callbackToken?: string
  deliveries: Delivery[]
}

const KEEP = 20
/** A receiver that does not answer within this much real time is given up on. */
const TIMEOUT_MS = 5_000

export const callbacks = (ctx: VendorContext) => ctx.records<CallbackRecord>('metadata-callback')

export const callbackOf = (ctx: VendorContext, projectId: string): CallbackRecord =>
  callbacks(ctx).get(projectId) ?? { projectId, deliveries: [] }

/** Refuses a callback URL jobfake could not call. */
export function checkCallbackUrl(url: string | undefined): void {
  if (url === undefined) return
  const parsed = URL.canParse(url) ? new URL(url) : undefined
  if (parsed?.protocol !== 'http:' && parsed?.protocol !== 'https:') fail(errors.badCallbackUrl())
}

const inFlight = new Set<Promise<void>>()

async function post(url: string, token: string | undefined, payload: object) {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'jobfake-peaka-callback',
        ...(token !== undefined && { authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify(payload),
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    })
    await response.body?.cancel()
    return response.ok
      ? { outcome: 'delivered' as const, responseStatus: response.status }
      : {
          outcome: 'failed' as const,
          responseStatus: response.status,
          error: `HTTP ${response.status}`,
        }
  } catch (error) {
    const code = ((error as Error).cause as { code?: string } | undefined)?.code
    return { outcome: 'failed' as const, error: code ?? (error as Error).message }
  }
}

/**
 * When a metadata refresh job has run (COMPLETED or FAILED: a STUCK job has no worker left to
 * call back), POSTs its end to the request's callback URL, else the project's registered one.
 * The call runs in the background: no request and no clock advance waits for it, and how it went
 * is recorded with the project's callback.
 */
export function tellJobEnd(ctx: VendorContext, job: Job<MetadataContext>): void {
  if (job.state !== 'COMPLETED' && job.state !== 'FAILED') return
  const { projectId, catalogId, error } = job.context
  const registered = callbacks(ctx).get(projectId)
  const own = job.context.callbackURL !== undefined
  const url = own ? job.context.callbackURL! : registered?.callbackURL
  if (url === undefined) return
  const token = own ? job.context.callbackToken : registered?.callbackToken
  const at = iso(ctx.now())
  const payload = {
    projectId,
    catalogId,
    jobId: job.id,
    status: job.state,
    ...(job.state === 'FAILED' && error !== null && { error }),
    finishedAt: at,
  }
  const delivery = post(url, token, payload).then((result) => {
    const record = callbackOf(ctx, projectId)
    const entry = { jobId: job.id, catalogId, status: job.state, url, at, ...result }
    callbacks(ctx).put(projectId, {
      ...record,
      deliveries: [...record.deliveries, entry].slice(-KEEP),
    })
  })
  // Nothing a receiver does reaches the session: what went wrong is in the record.
  const settled = delivery.catch(() => undefined)
  inFlight.add(settled)
  void settled.finally(() => inFlight.delete(settled))
}

/**
 * Resolves once every callback call under way has been made and recorded: for tests, which
 * wait on it rather than on time.
 *
 * @example
 * fake.clock.advance('1m'); await callbacksSettled()
 */
export async function callbacksSettled(): Promise<void> {
  while (inFlight.size > 0) await Promise.allSettled([...inFlight])
}
