import { problemReplies } from '../../vendor/errors.js'
import type { Problem, Reply } from '../../vendor/types.js'

/**
 * Akua's error envelope (BEHAVIOUR.md §4); codes other than 7002 are jobfake's (see
 * specs/akua.yaml).
 */
export function envelope(
  status: number,
  code: number,
  message: string,
  extra: { path?: string[]; metadata?: Record<string, string> } = {},
): Reply {
  return { status, body: { success: false, errors: [{ code, message, ...extra }], result: {} } }
}

/** The catalogue of Akua's errors. */
export const errors = {
  unauthenticated: () =>
    envelope(401, 7001, 'Authentication required: send Authorization: Bearer sk_akua_…'),
  invalidToken: () => envelope(401, 7001, 'Invalid or expired API token'),
  contextRequired: () =>
    envelope(403, 7003, 'This token is not tied to a workspace: send akua-context: ws_…', {
      path: ['akua-context'],
    }),
  otherWorkspace: () => envelope(403, 7003, 'Permission denied for this workspace'),
  workspaceGone: () => envelope(403, 7003, 'This workspace was deleted'),
  notFound: (path?: string[]) => envelope(404, 7002, 'Resource not found', path ? { path } : {}),
  aborted: (etag: string, what = 'operation') =>
    envelope(409, 7004, `ABORTED: the ${what} changed since you read it`, { metadata: { etag } }),
  ifMatchRequired: () =>
    envelope(409, 7004, 'ABORTED: send if-match with the etag you last read', {
      path: ['header', 'if-match'],
    }),
  busy: (what: string, operationId: string) =>
    envelope(409, 7011, `The ${what} already has a running operation; wait for ${operationId}`, {
      metadata: { operation_id: operationId },
    }),
  wrongState: (what: string, state: string, action: string) =>
    envelope(409, 7012, `Cannot ${action} a ${what} that is ${state}`, { metadata: { state } }),
  inUse: (message: string, status = 409) => envelope(status, 7013, message),
  keyReused: () =>
    envelope(409, 7005, 'The idempotency-key was already used for a different request'),
  alreadyDone: (state: string) =>
    envelope(422, 7006, `Operation is already ${state} and cannot be cancelled`),
  ownerPair: () =>
    envelope(400, 7000, 'owner_type and owner_id must be given together', {
      path: ['owner_type', 'owner_id'],
    }),
  badCursor: () => envelope(400, 7000, 'cursor is not one this API returned', { path: ['cursor'] }),
  unknownRegion: (regions: string[]) =>
    envelope(400, 7000, `Unknown region_id. Use one of: ${regions.join(', ')}`, {
      path: ['region_id'],
    }),
}

const codes: Record<Problem['kind'], number> = {
  'route-not-found': 7002,
  'method-not-allowed': 7008,
  'invalid-request': 7000,
  'malformed-body': 7000,
  'payload-too-large': 7007,
  'rate-limited': 7009,
  fault: 7010,
  internal: 7010,
}

/** Where in the request a validation problem lies, as the envelope's `path`. */
function pathOf(p: Problem): { path?: string[] } {
  if (p.kind === 'malformed-body') return { path: ['body'] }
  const first = p.kind === 'invalid-request' ? p.violations[0] : undefined
  return first ? { path: [first.in, ...(first.name ? first.name.split('.') : [])] } : {}
}

/** How Akua words the failures the pipeline finds before a route runs. */
const replies = problemReplies({
  body: (status, message, p) => envelope(status, codes[p.kind], message, pathOf(p)).body,
  messages: {
    'route-not-found': () => 'Resource not found',
    'method-not-allowed': (p) => `Method ${p.method} is not allowed; use ${p.allowed.join(', ')}`,
    fault: (p) => p.message ?? 'Internal error',
  },
})

const missingIfMatch = (p: Problem) =>
  p.kind === 'invalid-request' &&
  p.violations.every((v) => v.in === 'header' && v.name === 'if-match')

/**
 * As `replies`, but a write sent without its required `if-match` is refused the way a stale one
 * is (409 ABORTED): the document declares no 400 there.
 */
export const problem = (p: Problem): Reply =>
  missingIfMatch(p) ? errors.ifMatchRequired() : replies(p)
