import { problemReplies } from '../../vendor/errors.js'
import type { Problem, Reply } from '../../vendor/types.js'

/** Peaka's error body (BEHAVIOUR.md §1); the numeric codes are jobfake's (see specs/peaka.yaml). */
const error = (status: number, errorCode: number, message: string): Reply => ({
  status,
  body: { errorCode, message },
})

/** The catalogue of Peaka's errors. */
export const errors = {
  unauthenticated: () => error(401, 110, 'Missing or invalid API key'),
  forbidden: (projectId: string) =>
    error(403, 111, `API key has no access to project ${projectId}`),
  projectNotFound: (projectId: string) => error(404, 106, `Project ${projectId} not found`),
  cacheNotFound: () => error(404, 104, 'Cache not found'),
  noRunningWorkflow: (mode: string) =>
    error(
      404,
      105,
      `No running ${mode === 'INCREMENTAL' ? 'incremental' : 'full refresh'} workflow for this cache`,
    ),
  unknownTable: (name: string) => error(400, 103, `Table ${name} was not found in this project`),
  notCacheable: (name: string) => error(400, 101, `TABLE_NOT_CACHEABLE: ${name} cannot be cached`),
  badSchedule: (which: string) =>
    error(400, 100, `${which}.expression must be an ISO 8601 duration such as PT6H`),
  exists: (name: string) => error(409, 109, `A cache already exists for ${name}`),
  tableNotFound: (name: string) => error(404, 103, `Table ${name} was not found in this project`),
  exportNotFound: () => error(404, 120, 'Export job not found'),
  queryNotFound: (queryId: string) => error(404, 121, `Query ${queryId} not found`),
  materializedNotFound: (queryId: string) =>
    error(404, 122, `No materialized query ${queryId} in this project`),
  unknownColumn: (name: string) => error(400, 123, `Unknown column ${name}`),
  catalogNotFound: (catalogId: string) =>
    error(404, 124, `Catalog ${catalogId} not found in this project`),
  badCallbackUrl: () => error(400, 125, 'callbackURL must be an absolute http or https URL'),
}

const codes: Record<Problem['kind'], number> = {
  'route-not-found': 104,
  'method-not-allowed': 100,
  'invalid-request': 100,
  'malformed-body': 102,
  'payload-too-large': 113,
  'rate-limited': 129,
  fault: 150,
  internal: 150,
}

/** How Peaka words the failures the pipeline finds before a route runs. */
export const problem = problemReplies({
  body: (_, message, p) => ({ errorCode: codes[p.kind], message }),
  messages: {
    'route-not-found': (p) => `No endpoint ${p.method} ${p.path}`,
    'method-not-allowed': (p) => `${p.method} is not supported here; use ${p.allowed.join(', ')}`,
    'malformed-body': (p) => `Malformed JSON request: ${p.reason}`,
  },
})
