import { fail, problemReplies } from '../../vendor/errors.js'
import type { Problem, Reply } from '../../vendor/types.js'

/** Every Chroma Sync error is `{error, message}` (BEHAVIOUR.md §3). */
const error = (status: number, code: string, message: string): Reply => ({
  status,
  body: { error: code, message },
})

/** The catalogue of Chroma Sync's errors. */
export const errors = {
  unauthenticated: () => error(401, 'unauthorized', 'Missing x-chroma-token header'),
  invalidToken: () => error(403, 'forbidden', 'Invalid token'),
  otherDatabase: (database: string) =>
    error(403, 'forbidden', `Token is not authorized for database ${database}`),
  sourceNotFound: () => error(404, 'not_found', 'Source not found'),
  invocationNotFound: () => error(404, 'not_found', 'Invocation not found'),
  sourceExists: () =>
    error(409, 'conflict', 'A source with the same configuration already exists in this database'),
  collectionIngested: (collection: string) =>
    error(409, 'conflict', `Collection ${collection} has already been ingested from this source`),
  notCancelable: () => error(412, 'precondition_failed', 'Invocation is not in a cancelable state'),
  fileUploadSource: () =>
    error(400, 'bad_request', 'A file_upload source takes files through POST /api/v1/add-file'),
  databaseNotFound: () => error(404, 'not_found', 'Database not found'),
  fileTooLarge: (declared: number) =>
    error(
      400,
      'bad_request',
      `The file is larger than x-upload-content-length (${declared} bytes)`,
    ),
  uploadField: (field: string, rule: string) => error(400, 'bad_request', `${field}: ${rule}`),
  sourceOrDatabase: () =>
    error(400, 'bad_request', 'Provide exactly one of source_id and database_name'),
}

const codes: Record<Problem['kind'], string> = {
  'route-not-found': 'not_found',
  'method-not-allowed': 'method_not_allowed',
  'invalid-request': 'bad_request',
  'malformed-body': 'bad_request',
  'payload-too-large': 'payload_too_large',
  'rate-limited': 'rate_limited',
  fault: 'internal',
  internal: 'internal',
}

const faultCode = (status: number) =>
  status === 503 ? 'unavailable' : status < 500 ? 'bad_request' : 'internal'

/** How Chroma Sync words the failures the pipeline finds before a route runs. */
export const problem = problemReplies({
  body: (status, message, p) => ({
    error: p.kind === 'fault' ? faultCode(status) : codes[p.kind],
    message,
  }),
  messages: {
    // Not "Invalid JSON body": a multipart form is read too.
    'malformed-body': (p) => `The request body cannot be read: ${p.reason}`,
    'invalid-request': (p) =>
      p.violations.map((v) => `${v.in}${v.name ? ` ${v.name}` : ''}: ${v.message}`).join('; '),
  },
})

/** A token scoped to one database is refused (403) anywhere else. */
export function requireDatabase(principal: unknown, database: string): void {
  const scope = (principal as { database?: string }).database
  if (scope !== undefined && scope !== database) fail(errors.otherDatabase(database))
}
