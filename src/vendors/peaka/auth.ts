import { bearerToken, matchSecret } from '../../vendor/secrets.js'
import type { AuthRequest } from '../../vendor/types.js'
import { errors, fail } from './errors.js'
import { fixtures } from './fixtures.js'

/** A partner key reaches every project; a project key only its own. */
export interface PeakaPrincipal {
  project?: string
}

const keys = new Map<string, PeakaPrincipal>([
  [fixtures.partnerKey, {}],
  ...fixtures.projects.map((p): [string, PeakaPrincipal] => [p.key, { project: p.id }]),
])

/** `Authorization: Bearer`: missing or unknown 401; a project key on another project 403; unknown project 404. */
export function bearerAuth(request: AuthRequest): PeakaPrincipal {
  const principal = matchSecret(bearerToken(request.header('authorization')), keys) ?? fail(errors.unauthenticated())
  const projectId = String(request.path.projectId)
  if (principal.project !== undefined && principal.project !== projectId) fail(errors.forbidden(projectId))
  if (!fixtures.projects.some((p) => p.id === projectId)) fail(errors.projectNotFound(projectId))
  return principal
}
