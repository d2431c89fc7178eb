import { wallNow } from '../core/real-time.js'
import { redactHeaders } from '../record/redact.js'
import type { Call, Plan, Values } from './plan.js'
import type { Answer } from './spec-check.js'

/** A request as `verify` sends it and reports it (secrets redacted for the report). */
export interface Sent {
  method: string
  url: string
  /** The path below the base URL, with its query: what the spec is consulted with. */
  path: string
  headers: Record<string, string>
  body?: unknown
}

/**
 * Fills a call's path with the values (`{name}` → the value, URL-encoded) and adds its query.
 * A value that is missing stays as `{name}`: what `--dry-run` prints for a job not started yet.
 *
 * @example
 * pathOf(plan.cancel, { source_connection_id: 'sc', job_id: 'j' }) // '/source-connections/sc/jobs/j/cancel'
 */
export function pathOf(call: Call, values: Values): string {
  const path = call.path.replace(/\{([^}]+)\}/g, (whole, name: string) =>
    values[name] === undefined ? whole : encodeURIComponent(values[name]!),
  )
  const query = new URLSearchParams(call.query ?? {}).toString()
  return query ? `${path}?${query}` : path
}

/** The request a call makes: URL below the base, the plan's credential, the call's body. */
export function requestOf(plan: Plan, base: string, call: Call, values: Values): Sent {
  const path = pathOf(call, values)
  // A value such as ".." would be resolved away by the URL parser: nothing leaves the base URL.
  const resolved = base && new URL(base + path).href
  if (resolved && !resolved.startsWith(new URL(base).href.replace(/\/?$/, '/')))
    throw new Error(`[jobfake] ${base + path} leaves the base URL ${base}: check the values given.`)
  const body = call.body?.(values)
  const headers: Record<string, string> = {
    accept: 'application/json',
    ...plan.auth(values),
    ...call.headers?.(values),
  }
  if (body !== undefined) headers['content-type'] = 'application/json'
  return { method: call.method, url: base + path, path, headers, body }
}

/** The request as reported: its credentials redacted. */
export const shown = (sent: Sent): Sent => ({ ...sent, headers: redactHeaders(sent.headers) })

const parse = (text: string): unknown => {
  if (text === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/**
 * Sends one request to the URL it names and nowhere else: redirects are not followed (a 3xx is
 * an answer like any other), and it gives up after `timeoutMs`.
 *
 * @example
 * const { answer, ms } = await send(requestOf(plan, base, plan.poll, values), 30_000)
 */
export async function send(sent: Sent, timeoutMs: number): Promise<{ answer: Answer; ms: number }> {
  const began = wallNow()
  const res = await fetch(sent.url, {
    method: sent.method,
    headers: sent.headers,
    body: sent.body === undefined ? undefined : JSON.stringify(sent.body),
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutMs),
  })
  const text = await res.text()
  const answer = { status: res.status, body: parse(text), headers: Object.fromEntries(res.headers) }
  return { answer, ms: Math.round(wallNow() - began) }
}
