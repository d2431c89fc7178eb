import type { Problem, Reply } from './types.js'

/**
 * An answer in a vendor's own error shape, thrown from anywhere on the request path; the
 * pipeline sends its reply untouched (and still validates and journals it).
 *
 * @example
 * throw new VendorError({ status: 404, body: { detail: 'Sync job not found' } })
 */
export class VendorError extends Error {
  constructor(
    readonly reply: Reply,
    /** The pipeline problem it answers (a body too large, say), when it is not the vendor's own. */
    readonly problem?: Problem['kind'],
  ) {
    super(`[jobfake] ${reply.status} ${JSON.stringify(reply.body)}`)
    this.name = 'VendorError'
  }
}

/** Throws a catalogue entry: `fail(errors.syncJobNotFound())`. */
export function fail(reply: Reply): never {
  throw new VendorError(reply)
}

type ByKind<R> = { [K in Problem['kind']]?: (problem: Extract<Problem, { kind: K }>) => R }

/** How a vendor words and shapes the failures the pipeline finds before a route runs. */
export interface ErrorShape {
  /** The vendor's error body for a status and message. */
  body(status: number, message: string, problem: Problem): unknown
  /** The vendor's own words for a problem, where jobfake's defaults will not do. */
  messages?: ByKind<string>
  /** Problems the vendor answers differently altogether (another status, shape or headers). */
  replies?: ByKind<Reply>
}

const describe = (p: Extract<Problem, { kind: 'invalid-request' }>) =>
  p.violations.map((v) => `${v.in}${v.name ? ` ${v.name}` : ''} ${v.message}`).join('; ')

const defaults: Required<{
  [K in Problem['kind']]: (
    problem: Extract<Problem, { kind: K }>,
  ) => [number, string, Record<string, string>?]
}> = {
  'route-not-found': (p) => [404, `No route for ${p.method} ${p.path}`],
  'method-not-allowed': (p) => [
    405,
    `${p.method} is not allowed here; use ${p.allowed.join(', ')}`,
    { allow: p.allowed.join(', ') },
  ],
  'invalid-request': (p) => [400, describe(p)],
  'malformed-body': (p) => [400, `Invalid JSON body: ${p.reason}`],
  'payload-too-large': (p) => [413, `Request body is larger than ${p.limit} bytes`],
  'rate-limited': (p) => [429, 'Too many requests', { 'retry-after': String(p.retryAfterSeconds) }],
  fault: (p) => [p.status, p.message ?? 'Internal server error'],
  internal: (p) => [500, p.message],
}

/**
 * The problem-to-reply skeleton every vendor shares: jobfake picks the status and headers,
 * the vendor its words and body.
 *
 * @example
 * export const problem = problemReplies({ body: (status, message) => ({ detail: message }) })
 */
export function problemReplies(shape: ErrorShape): (problem: Problem) => Reply {
  return (problem) => {
    const own = shape.replies?.[problem.kind] as ((p: Problem) => Reply) | undefined
    if (own) return own(problem)
    const [status, fallback, headers] = (
      defaults[problem.kind] as (p: Problem) => [number, string, Record<string, string>?]
    )(problem)
    const words = shape.messages?.[problem.kind] as ((p: Problem) => string) | undefined
    const reply: Reply = {
      status,
      body: shape.body(status, words ? words(problem) : fallback, problem),
    }
    if (headers) reply.headers = headers
    return reply
  }
}
