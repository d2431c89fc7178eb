import { bearerToken, matchSecret } from '../../vendor/secrets.js'
import type { AuthRequest } from '../../vendor/types.js'
import { errors, fail } from './errors.js'

/** The workspace a request acts in. */
export interface AkuaPrincipal {
  workspaceId: string
}

type Token = { workspace?: string; workspaces: string[] }

/**
 * `Authorization: Bearer sk_akua_…`: a workspace token implies its workspace (and may name only
 * it in `akua-context`); a broad token must name one. Missing or unknown token: 401.
 */
export function bearerAuth(tokens: Map<string, Token>) {
  return (request: AuthRequest): AkuaPrincipal => {
    const presented = bearerToken(request.header('authorization'))
    if (!presented) fail(errors.unauthenticated())
    const token = matchSecret(presented, tokens) ?? fail(errors.invalidToken())
    const context = request.header('akua-context')
    const workspaceId = context ?? token.workspace ?? fail(errors.contextRequired())
    if (!token.workspaces.includes(workspaceId)) fail(errors.otherWorkspace())
    return { workspaceId }
  }
}
