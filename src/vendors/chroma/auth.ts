import { matchSecret } from '../../vendor/secrets.js'
import type { AuthRequest } from '../../vendor/types.js'
import { errors, fail } from './errors.js'

/** Which databases a token reaches: every one, or just one. */
export interface ChromaPrincipal {
  database?: string
}

/** `x-chroma-token`: missing is 401, unknown 403; /health needs none. */
export function tokenAuth(tokens: Map<string, ChromaPrincipal>) {
  return (request: AuthRequest): ChromaPrincipal => {
    if (request.operationId === 'health_check') return {}
    const presented = request.header('x-chroma-token')
    if (!presented) fail(errors.unauthenticated())
    return matchSecret(presented, tokens) ?? fail(errors.invalidToken())
  }
}

/** A token scoped to one database is refused (403) anywhere else. */
export function requireDatabase(principal: unknown, database: string): void {
  const scope = (principal as ChromaPrincipal).database
  if (scope !== undefined && scope !== database) fail(errors.otherDatabase(database))
}
