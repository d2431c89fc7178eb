import type { SecurityScheme } from '../spec/operations.js'
import { fail } from './errors.js'
import { bearerToken, matchSecret } from './secrets.js'
import type { AuthRequest, VendorAuth } from './types.js'

/** The credential a request presents under one scheme: an API key's header, or a bearer token. */
function credentialOf(scheme: SecurityScheme, request: AuthRequest): string | undefined {
  if (scheme.type === 'apiKey' && scheme.in === 'header' && scheme.param)
    return request.header(scheme.param.toLowerCase())
  if (scheme.type === 'http' && scheme.scheme?.toLowerCase() === 'bearer')
    return bearerToken(request.header('authorization'))
  return undefined
}

/**
 * Emulates a vendor's auth from the operation's own security schemes: no scheme, no credential
 * needed; else the credential is read where the scheme says, compared in constant time with
 * the known ones, and the vendor's further rules run. Throws the vendor's 401 / 403.
 *
 * @example
 * const principal = authenticate(vendor.auth, operation.security, request)
 */
export function authenticate(
  auth: VendorAuth<unknown>,
  schemes: SecurityScheme[],
  request: AuthRequest,
): unknown {
  if (schemes.length === 0) return undefined
  let presented: string | undefined
  for (const scheme of schemes) if ((presented = credentialOf(scheme, request))) break
  if (!presented) fail(auth.missing())
  const principal = auth.anyCredential
    ? { credential: presented }
    : (matchSecret(presented, auth.principals) ?? fail(auth.unknown()))
  return auth.check ? auth.check(principal, request) : principal
}
