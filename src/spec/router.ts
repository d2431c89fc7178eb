import type { Operation } from './operations.js'

export type RouteMatch =
  | { kind: 'operation'; operation: Operation; params: Record<string, string> }
  /** The path exists, but not with this method: the methods it has. */
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' }

interface Route {
  pattern: RegExp
  names: string[]
  literal: number
  byMethod: Map<string, Operation>
}

// A parameter never spans a "/" or a ":", so `/operations/{id}:cancel` and `/operations/{id}`
// stay apart, and an unknown `:verb` matches nothing (AIP-136 custom methods).
function compile(path: string): Pick<Route, 'pattern' | 'names' | 'literal'> {
  const names: string[] = []
  let literal = 0
  const source = path
    .split(/(\{[^}]+\})/)
    .map((part) => {
      if (part.startsWith('{') && part.endsWith('}')) {
        names.push(part.slice(1, -1))
        return '([^/:]+)'
      }
      literal += part.length
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    })
    .join('')
  return { pattern: new RegExp(`^${source}$`), names, literal }
}

/**
 * Routes requests by the spec's own path templates, so that what is routed is exactly what is
 * validated and covered. Templates with more literal text win over more general ones.
 *
 * @example
 * const route = createSpecRouter(operationsOf(spec))
 * route('POST', '/source-connections/123/run') // { kind: 'operation', ... }
 */
export function createSpecRouter(
  operations: Operation[],
): (method: string, path: string) => RouteMatch {
  const byPath = new Map<string, Route>()
  for (const operation of operations) {
    let route = byPath.get(operation.path)
    if (!route)
      byPath.set(operation.path, (route = { ...compile(operation.path), byMethod: new Map() }))
    route.byMethod.set(operation.method, operation)
  }
  const routes = [...byPath.values()].sort((a, b) => b.literal - a.literal)

  return (method, path) => {
    let allowed: string[] | undefined
    for (const route of routes) {
      const found = route.pattern.exec(path)
      if (!found) continue
      const operation =
        route.byMethod.get(method) ?? (method === 'HEAD' ? route.byMethod.get('GET') : undefined)
      if (!operation) {
        // Every template this URL matches counts: overlapping paths serve it with their methods.
        allowed = [...new Set([...(allowed ?? []), ...route.byMethod.keys()])]
        continue
      }
      const params: Record<string, string> = {}
      try {
        route.names.forEach((name, i) => (params[name] = decodeURIComponent(found[i + 1]!)))
      } catch {
        return { kind: 'not-found' }
      }
      return { kind: 'operation', operation, params }
    }
    return allowed ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' }
  }
}
