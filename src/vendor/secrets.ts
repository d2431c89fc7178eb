import { timingSafeEqual } from 'node:crypto'

/** Compares a presented secret with a known one in constant time. */
export function sameSecret(presented: string, known: string): boolean {
  const a = Buffer.from(presented)
  const b = Buffer.from(known)
  return a.length === b.length && timingSafeEqual(a, b)
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
