import type { Operation } from '../spec/operations.js'

/** What a redacted value is replaced with. */
export const REDACTED = 'REDACTED'

/** Headers that carry credentials whatever the vendor: bearer tokens, API keys, cookies. */
const SECRET_HEADERS = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'api-key',
  'x-auth-token',
  'x-chroma-token',
]

/**
 * The names (lower case) of the headers and query parameters that carry a credential for these
 * operations: the common ones, and whatever the spec's security schemes name.
 *
 * @example
 * secretNames(airweaveSpec.operations).headers.has('x-api-key') // true
 */
export function secretNames(operations: Operation[] = []) {
  const headers = new Set(SECRET_HEADERS)
  const query = new Set<string>()
  for (const scheme of operations.flatMap((op) => op.security)) {
    if (scheme.type !== 'apiKey' || !scheme.param) continue
    if (scheme.in === 'header') headers.add(scheme.param.toLowerCase())
    if (scheme.in === 'query') query.add(scheme.param.toLowerCase())
  }
  return { headers, query }
}

/**
 * A copy of name/value pairs with the secret ones' values replaced by REDACTED.
 *
 * @example
 * redactPairs([{ name: 'X-Api-Key', value: 'k' }], new Set(['x-api-key'])) // [{ name: 'X-Api-Key', value: 'REDACTED' }]
 */
export function redactPairs<T extends { name: string; value: string }>(
  pairs: T[],
  secret: { has(name: string): boolean },
): T[] {
  return pairs.map((p) => (secret.has(p.name.toLowerCase()) ? { ...p, value: REDACTED } : p))
}

/** The same for a header object. */
export function redactHeaders(
  headers: Record<string, string>,
  secret: ReadonlySet<string> = new Set(SECRET_HEADERS),
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [k, secret.has(k.toLowerCase()) ? REDACTED : v]),
  )
}
