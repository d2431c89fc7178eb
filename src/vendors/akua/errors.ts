import { VendorError, type Problem, type Reply } from '../../vendor/types.js'

/** Akua's error envelope (BEHAVIOUR.md §4); codes other than 7002 are jobfake's (see specs/akua.yaml). */
export function envelope(status: number, code: number, message: string, extra: { path?: string[]; metadata?: Record<string, string> } = {}, headers?: Record<string, string>): Reply {
  return { status, body: { success: false, errors: [{ code, message, ...extra }], result: {} }, headers }
}

/** The catalogue of Akua's errors. */
export const errors = {
  unauthenticated: () => envelope(401, 7001, 'Authentication required: send Authorization: Bearer sk_akua_…'),
  invalidToken: () => envelope(401, 7001, 'Invalid or expired API token'),
  contextRequired: () => envelope(400, 7000, 'This token is not tied to a workspace: send akua-context: ws_…', { path: ['akua-context'] }),
  otherWorkspace: () => envelope(403, 7003, 'Permission denied for this workspace'),
  notFound: () => envelope(404, 7002, 'Resource not found'),
  aborted: (etag: string) => envelope(409, 7004, 'ABORTED: the operation changed since you read it', { metadata: { etag } }),
  keyReused: () => envelope(409, 7005, 'The idempotency-key was already used for a different request'),
  alreadyDone: (state: string) => ({ ...envelope(422, 7006, `Operation is already ${state} and cannot be cancelled`), state }),
  ownerPair: () => envelope(400, 7000, 'owner_type and owner_id must be given together', { path: ['owner_type', 'owner_id'] }),
  badCursor: () => envelope(400, 7000, 'cursor is not one this API returned', { path: ['cursor'] }),
  unknownRegion: (regions: string[]) => envelope(400, 7000, `Unknown region_id. Use one of: ${regions.join(', ')}`, { path: ['region_id'] }),
}

/** Throws a catalogue entry: `fail(errors.notFound())`. */
export function fail(reply: Reply): never {
  throw new VendorError(reply)
}

/** How Akua words the failures the pipeline finds before a route runs. */
export function problem(p: Problem): Reply {
  switch (p.kind) {
    case 'route-not-found':
      return envelope(404, 7002, 'Resource not found')
    case 'method-not-allowed':
      return envelope(405, 7008, `Method ${p.method} is not allowed; use ${p.allowed.join(', ')}`, {}, { allow: p.allowed.join(', ') })
    case 'invalid-request': {
      const first = p.violations[0]
      const message = p.violations.map((v) => `${v.in}${v.name ? ` ${v.name}` : ''} ${v.message}`).join('; ')
      return envelope(400, 7000, message, first ? { path: [first.in, ...(first.name ? first.name.split('.') : [])] } : {})
    }
    case 'malformed-body':
      return envelope(400, 7000, `Invalid JSON body: ${p.reason}`, { path: ['body'] })
    case 'payload-too-large':
      return envelope(413, 7007, `Request body is larger than ${p.limit} bytes`)
    case 'rate-limited':
      return envelope(429, 7009, 'Too many requests', {}, { 'retry-after': String(p.retryAfterSeconds) })
    case 'fault':
      return envelope(p.status, 7010, p.message ?? 'Internal error')
    case 'internal':
      return envelope(500, 7010, p.message)
  }
}
