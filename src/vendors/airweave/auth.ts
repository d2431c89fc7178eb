import { matchSecret } from '../../vendor/secrets.js'
import type { AuthRequest } from '../../vendor/types.js'
import { errors, fail } from './errors.js'

export interface AirweavePrincipal {
  organizationId: string
}

/** `x-api-key`: missing is 401, unknown is 403 (BEHAVIOUR.md §2). */
export function apiKeyAuth(keys: Map<string, AirweavePrincipal>) {
  return (request: AuthRequest): AirweavePrincipal => {
    const presented = request.header('x-api-key')
    if (!presented) fail(errors.unauthenticated())
    return matchSecret(presented, keys) ?? fail(errors.invalidKey())
  }
}
