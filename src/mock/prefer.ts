import type { Violation } from '../spec/validators.js'
import type { MockAsk } from './protocol.js'

type Query = Record<string, string | string[] | undefined>

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)

/** `code=404, example="not found"; dynamic=true` → its name=value pairs. */
function pairsOf(header: string): Record<string, string> {
  const pairs: Record<string, string> = {}
  for (const part of header.split(/[,;]/)) {
    const [name, ...rest] = part.split('=')
    const key = name!.trim().toLowerCase()
    if (key)
      pairs[key] = rest
        .join('=')
        .trim()
        .replace(/^"(.*)"$/, '$1')
  }
  return pairs
}

/**
 * What a client asks of a mocked answer, as prism reads it: the `Prefer` header (`code=`,
 * `example=`, `dynamic=`, `seed=`), else the `__code`, `__example`, `__dynamic` and `__seed`
 * query parameters. Without a seed of its own, a dynamic answer is seeded from jobfake's seed and
 * the request, so the same seed and requests give byte-identical answers.
 *
 * @example
 * preferencesOf('code=404', {}, 'seed') // { config: { dynamic: false, code: 404, seed: 'seed' } }
 */
export function preferencesOf(
  prefer: string | undefined,
  query: Query,
  seed: string,
): { config: MockAsk['config'] } | { violation: Violation } {
  const asked = prefer
    ? pairsOf(prefer)
    : {
        code: first(query.__code),
        example: first(query.__example),
        dynamic: first(query.__dynamic),
        seed: first(query.__seed),
      }
  const where = prefer
    ? { in: 'header' as const, name: 'prefer' }
    : { in: 'query' as const, name: '__code' }
  if (asked.code !== undefined && !/^\d{3}$/.test(asked.code))
    return { violation: { ...where, message: `code "${asked.code}" must be a three-digit status` } }
  if (asked.dynamic !== undefined && !['true', 'false'].includes(asked.dynamic)) {
    const name = prefer ? 'prefer' : '__dynamic'
    return { violation: { ...where, name, message: `dynamic must be true or false` } }
  }
  return {
    config: {
      dynamic: asked.dynamic === 'true',
      ...(asked.code !== undefined ? { code: Number(asked.code) } : {}),
      ...(asked.example ? { exampleKey: asked.example } : {}),
      seed: asked.seed || seed,
    },
  }
}
