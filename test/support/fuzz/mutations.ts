// Body mutations: the property names a schema mentions, and a mutation laid over a value.
import type { Mutation } from './types.js'

export type Node = Record<string, unknown>

/** Every property name a schema (and the definitions it may reach) mentions. */
export function propertyNames(schema: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) for (const s of schema) propertyNames(s, into)
  else if (schema && typeof schema === 'object') {
    for (const [key, value] of Object.entries(schema)) {
      if (key === 'properties' && value && typeof value === 'object')
        for (const name of Object.keys(value)) into.add(name)
      propertyNames(value, into)
    }
  }
  return into
}

/** The property names a body can have at its top level; `branch`: those of its alternatives. */
export interface TopNames {
  all: Set<string>
  branch: Set<string>
}

/**
 * The property names a body can have at its top level, following `$ref`s, `allOf`, and the
 * alternatives of `oneOf` and `anyOf`: the names that tell a tagged union's kinds apart (`github`,
 * `s3`, `web_scrape`) are where a mix-up of kinds, `{"s3": {…}, "github": null}`, comes from.
 */
export function topLevelNames(
  schema: unknown,
  components: Node,
  into: TopNames = { all: new Set(), branch: new Set() },
  depth = 0,
  inBranch = false,
): TopNames {
  if (!schema || typeof schema !== 'object' || depth > 6) return into
  const node = schema as Node
  if (typeof node.$ref === 'string' && node.$ref.startsWith('#/components/schemas/'))
    topLevelNames(components[node.$ref.slice(21)], components, into, depth + 1, inBranch)
  for (const name of Object.keys((node.properties as Node | undefined) ?? {})) {
    into.all.add(name)
    if (inBranch) into.branch.add(name)
  }
  for (const key of ['allOf', 'oneOf', 'anyOf'])
    for (const branch of (node[key] as unknown[] | undefined) ?? [])
      topLevelNames(branch, components, into, depth + 1, inBranch || key !== 'allOf')
  if (node.type === 'array' || node.items)
    topLevelNames(node.items, components, into, depth + 1, inBranch)
  return into
}

/** The places of a value a mutation can point at: its root, then every property and item. */
function placesOf(value: unknown, at: (string | number)[] = [], into: (string | number)[][] = []) {
  into.push(at)
  if (Array.isArray(value)) value.forEach((v, i) => placesOf(v, [...at, i], into))
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) placesOf(v, [...at, k], into)
  return into
}

/** An own property, even for `__proto__` (which plain assignment would not create). */
const define = (target: Node, key: string, value: unknown) =>
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  })

/**
 * Applies a mutation to a copy of `value`. An `add` whose key is a pick names one of the names the
 * place lacks: at the root, the body's own top-level names (those of its alternatives first when
 * `among: 'branch'`); deeper, every name the spec uses. So comes a second kind next to the first,
 * a property of another branch, a property of another object.
 */
export function mutate(
  value: unknown,
  mutation: Mutation,
  top: TopNames,
  names: string[],
): unknown {
  const places = placesOf(value)
  const at = places[mutation.at % places.length]!
  const path = ['root', ...at]
  const copy: Node = { root: structuredClone(value) }
  let parent: any = copy
  for (const key of path.slice(0, -1)) parent = parent[key]
  const last = path[path.length - 1]!
  if (mutation.op === 'drop') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1)
    else delete parent[last]
  } else if (mutation.op === 'set') parent[last] = mutation.value
  else {
    let target = parent[last]
    if (!target || typeof target !== 'object' || Array.isArray(target)) target = parent[last] = {}
    let key = mutation.key
    if (typeof key === 'object') {
      const lacks = (list: Iterable<string>) => [...list].filter((n) => !Object.hasOwn(target, n))
      const branch = lacks(top.branch)
      const absent =
        at.length > 0
          ? lacks(names)
          : key.among === 'branch' && branch.length > 0
            ? branch
            : lacks(top.all)
      key = absent.length > 0 ? absent[key.pick % absent.length]! : 'extra'
    }
    define(target, key, mutation.value)
  }
  return copy.root
}

export const overlay = (value: unknown, patch: unknown): unknown => {
  if (Array.isArray(value)) return value.map((item) => overlay(item, patch))
  if (value && typeof value === 'object') return { ...value, ...(patch as Node) }
  return value
}
