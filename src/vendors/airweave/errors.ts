import { VendorError, type Problem, type Reply } from '../../vendor/types.js'

/** Every Airweave error is `{detail}`, except request validation (BEHAVIOUR.md §2). */
const detail = (status: number, text: string, headers?: Record<string, string>): Reply => ({
  status,
  body: { detail: text },
  headers,
})

/** The catalogue of Airweave's errors, as the service words them. */
export const errors = {
  unauthenticated: () => detail(401, 'No valid authentication provided'),
  invalidKey: () => detail(403, 'Invalid or expired API key'),
  sourceConnectionNotFound: () => detail(404, 'Source connection not found'),
  syncJobNotFound: () => detail(404, 'Sync job not found'),
  alreadySyncing: (state: string) => ({ ...detail(400, `Cannot start new sync: a sync job is already ${state}`), state }),
  cannotCancel: (state: string) => ({ ...detail(400, `Cannot cancel job in ${state} state`), state }),
}

/** Throws a catalogue entry: `fail(errors.syncJobNotFound())`. */
export function fail(reply: Reply): never {
  throw new VendorError(reply)
}

/** How Airweave (FastAPI) words the failures the pipeline finds before a route runs. */
export function problem(p: Problem): Reply {
  switch (p.kind) {
    case 'route-not-found':
      return detail(404, 'Not Found')
    case 'method-not-allowed':
      return detail(405, 'Method Not Allowed', { allow: p.allowed.join(', ') })
    case 'invalid-request':
      return {
        status: 422,
        body: { errors: p.violations.map((v) => ({ [v.name ? `${v.in}.${v.name}` : v.in]: v.message })) },
      }
    case 'malformed-body':
      return { status: 422, body: { errors: [{ body: `JSON decode error: ${p.reason}` }] } }
    case 'payload-too-large':
      return detail(413, `Request body is larger than ${p.limit} bytes`)
    case 'rate-limited':
      return detail(429, 'Rate limit exceeded. Please try again later.', {
        'retry-after': String(p.retryAfterSeconds),
        'ratelimit-limit': String(p.limit),
        'ratelimit-remaining': String(p.remaining),
        'ratelimit-reset': String(p.retryAfterSeconds),
      })
    case 'fault':
      return detail(p.status, p.message ?? 'Internal server error')
    case 'internal':
      return detail(500, p.message)
  }
}
