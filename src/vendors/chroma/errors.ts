import { VendorError, type Problem, type Reply } from '../../vendor/types.js'

/** Every Chroma Sync error is `{error, message}` (BEHAVIOUR.md §3). */
const error = (status: number, code: string, message: string, headers?: Record<string, string>): Reply => ({
  status,
  body: { error: code, message },
  headers,
})

/** The catalogue of Chroma Sync's errors. */
export const errors = {
  unauthenticated: () => error(401, 'unauthorized', 'Missing x-chroma-token header'),
  invalidToken: () => error(403, 'forbidden', 'Invalid token'),
  otherDatabase: (database: string) => error(403, 'forbidden', `Token is not authorized for database ${database}`),
  sourceNotFound: () => error(404, 'not_found', 'Source not found'),
  invocationNotFound: () => error(404, 'not_found', 'Invocation not found'),
  sourceExists: () => error(409, 'conflict', 'A source with the same configuration already exists in this database'),
  collectionIngested: (collection: string) =>
    error(409, 'conflict', `Collection ${collection} has already been ingested from this source`),
  notCancelable: (state: string) => ({ ...error(412, 'precondition_failed', 'Invocation is not in a cancelable state'), state }),
  sourceOrDatabase: () => error(400, 'bad_request', 'Provide exactly one of source_id and database_name'),
}

/** Throws a catalogue entry: `fail(errors.invocationNotFound())`. */
export function fail(reply: Reply): never {
  throw new VendorError(reply)
}

/** How Chroma Sync words the failures the pipeline finds before a route runs. */
export function problem(p: Problem): Reply {
  switch (p.kind) {
    case 'route-not-found':
      return error(404, 'not_found', `No route for ${p.method} ${p.path}`)
    case 'method-not-allowed':
      return error(405, 'method_not_allowed', `${p.method} is not allowed here; use ${p.allowed.join(', ')}`, { allow: p.allowed.join(', ') })
    case 'invalid-request':
      return error(400, 'bad_request', p.violations.map((v) => `${v.in}${v.name ? ` ${v.name}` : ''}: ${v.message}`).join('; '))
    case 'malformed-body':
      return error(400, 'bad_request', `Invalid JSON body: ${p.reason}`)
    case 'payload-too-large':
      return error(413, 'payload_too_large', `Request body is larger than ${p.limit} bytes`)
    case 'rate-limited':
      return error(429, 'rate_limited', 'Too many requests', { 'retry-after': String(p.retryAfterSeconds) })
    case 'fault':
      return error(p.status, p.status === 503 ? 'unavailable' : 'internal', p.message ?? 'Internal server error')
    case 'internal':
      return error(500, 'internal', p.message)
  }
}
