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
 * For `--lenient`: a copy of the document without the operations that reach a dangling `$ref`,
 * and with every other dangling `$ref` made an empty schema, so that the rest can be served.
 *
 * @example
 * const { spec: served, skipped } = pruneDangling(spec) // skipped: ['GET /api/v1/sources', …]
 */
export function pruneDangling(spec: SpecDocument): { spec: SpecDocument; skipped: string[] } {
  const doc = structuredClone(spec.doc)
  const skipped: string[] = []
  const paths = (doc.paths ?? {}) as Record<string, Node>
  for (const [path, item] of Object.entries(paths)) {
    const shared = item.parameters
    for (const method of METHODS) {
      if (!item[method]) continue
      if (tainted(spec.doc, item[method]) || tainted(spec.doc, shared)) {
        skipped.push(`${method.toUpperCase()} ${path}`)
        delete item[method]
      }
    }
    if (!METHODS.some((method) => item[method])) delete paths[path]
  }
  // What is left may still hold dangling refs in unused components: they accept anything.
  const mend = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return
    const record = node as Node
    if (typeof record.$ref === 'string' && resolvePointer(spec.doc, record.$ref) === undefined)
      delete record.$ref
    for (const value of Object.values(record)) mend(value)
  }
  mend(doc)
  return { spec: { ...spec, doc }, skipped }
}
