import { refsOf, resolvePointer, type SpecDocument } from './load.js'

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']
type Node = Record<string, unknown>

/** Whether a node reaches a `$ref` that points nowhere, directly or through the refs it follows. */
function tainted(doc: unknown, node: unknown, seen = new Set<string>()): boolean {
  for (const [ref] of refsOf(node)) {
    if (seen.has(ref)) continue
    seen.add(ref)
    const target = resolvePointer(doc, ref)
    if (target === undefined || tainted(doc, target, seen)) return true
  }
  return false
}

/**
 * For `--lenient`: a copy of the document in which every `$ref` that points nowhere is an empty
 * schema, which accepts anything. Operations that reach one are still served — a vendor's document
 * with a broken reference (Chroma's `SourceTypeFilter`) must not lose the operations that a
 * client calls most — and are named, because that part of them is not validated.
 *
 * @example
 * const { spec: served, loosened } = mendDangling(spec) // loosened: ['GET /api/v1/sources', …]
 */
export function mendDangling(spec: SpecDocument): { spec: SpecDocument; loosened: string[] } {
  const doc = structuredClone(spec.doc)
  const loosened: string[] = []
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Node>)) {
    for (const method of METHODS) {
      if (item[method] && (tainted(spec.doc, item[method]) || tainted(spec.doc, item.parameters)))
        loosened.push(`${method.toUpperCase()} ${path}`)
    }
  }
  const mend = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return
    const record = node as Node
    if (typeof record.$ref === 'string' && resolvePointer(spec.doc, record.$ref) === undefined)
      delete record.$ref
    for (const value of Object.values(record)) mend(value)
  }
  mend(doc)
  return { spec: { ...spec, doc }, loosened }
}
