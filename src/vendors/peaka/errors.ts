import { VendorError, type Problem, type Reply } from '../../vendor/types.js'

/** Peaka's error body (BEHAVIOUR.md §1); the numeric codes are jobfake's (see specs/peaka.yaml). */
const error = (status: number, errorCode: number, message: string, headers?: Record<string, string>): Reply => ({
  status,
  body: { errorCode, message },
  headers,
})

/** The catalogue of Peaka's errors. */
export const errors = {
  unauthenticated: () => error(401, 110, 'Missing or invalid API key'),
  forbidden: (projectId: string) => error(403, 111, `API key has no access to project ${projectId}`),
  projectNotFound: (projectId: string) => error(404, 106, `Project ${projectId} not found`),
  cacheNotFound: () => error(404, 104, 'Cache not found'),
  noRunningWorkflow: (mode: string) => error(404, 105, `No running ${mode === 'INCREMENTAL' ? 'incremental' : 'full refresh'} workflow for this cache`),
  unknownTable: (name: string) => error(400, 103, `Table ${name} was not found in this project`),
  notCacheable: (name: string) => error(400, 101, `TABLE_NOT_CACHEABLE: ${name} cannot be cached`),
  badSchedule: (which: string) => error(400, 100, `${which}.expression must be an ISO 8601 duration such as PT6H`),
  exists: (name: string) => error(409, 109, `A cache already exists for ${name}`),
}

/** Throws a catalogue entry: `fail(errors.cacheNotFound())`. */
export function fail(reply: Reply): never {
  throw new VendorError(reply)
}

/** How Peaka words the failures the pipeline finds before a route runs. */
export function problem(p: Problem): Reply {
  switch (p.kind) {
    case 'route-not-found':
      return error(404, 104, `No endpoint ${p.method} ${p.path}`)
    case 'method-not-allowed':
      return error(405, 100, `${p.method} is not supported here; use ${p.allowed.join(', ')}`, { allow: p.allowed.join(', ') })
    case 'invalid-request':
      return error(400, 100, p.violations.map((v) => `${v.in}${v.name ? ` ${v.name}` : ''} ${v.message}`).join('; '))
    case 'malformed-body':
      return error(400, 102, `Malformed JSON request: ${p.reason}`)
    case 'payload-too-large':
      return error(413, 113, `Request body is larger than ${p.limit} bytes`)
    case 'rate-limited':
      return error(429, 129, 'Too many requests', { 'retry-after': String(p.retryAfterSeconds) })
    case 'fault':
      return error(p.status, 150, p.message ?? 'Internal server error')
    case 'internal':
      return error(500, 150, p.message)
  }
}
