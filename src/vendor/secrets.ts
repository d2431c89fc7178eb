/**
 * Compares a presented secret with a known one in time that does not depend on where they differ
 * (only their lengths show, as with crypto.timingSafeEqual). Allocates nothing: it runs for every
 * known secret on every request, and two Buffers each were 4 % of a status poll's CPU.
 */
export function sameSecret(presented: string, known: string): boolean {
  if (presented.length !== known.length) return false
  let difference = 0
  for (let i = 0; i < known.length; i++) difference |= presented.charCodeAt(i) ^ known.charCodeAt(i)
  return difference === 0
}

/** Finds which known secret was presented, comparing against each in constant time. */
export function matchSecret<T>(
  presented: string | undefined,
  known: Iterable<[string, T]>,
): T | undefined {
  if (!presented) return undefined
  let found: T | undefined
  for (const [secret, value] of known) if (sameSecret(presented, secret)) found = value
  return found
}

/** The token of an `Authorization: Bearer <token>` header, if that is the scheme used. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')
  return match?.[1]
}
