import { refsIn, resolvePointer, type SpecDocument } from './load.js'

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']
type Node = Record<string, unknown>

/**
 * The refs that reach one pointing nowhere, directly or through the refs their targets hold: a
 * fixed point over each ref's direct refs, so that every target is read once (walking refs from
 * each operation afresh took Chroma's document 200 ms).
 */
function taintedRefs(doc: unknown): { tainted: Set<string>; dangling: Set<string> } {
  const direct = new Map<string, string[]>()
  const dangling = new Set<string>()
  const pending = refsIn(doc)
  while (pending.length > 0) {
    const ref = pending.pop()!
    if (direct.has(ref) || dangling.has(ref)) continue
    const target = resolvePointer(doc, ref)
    if (target === undefined) {
      dangling.add(ref)
      continue
    }
    const inner = refsIn(target)
    direct.set(ref, inner)
    pending.push(...inner)
  }
  const tainted = new Set(dangling)
  for (let grew = dangling.size > 0; grew;) {
    grew = false
    for (const [ref, inner] of direct)
      if (!tainted.has(ref) && inner.some((r) => tainted.has(r))) {
        tainted.add(ref)
        grew = true
      }
  }
  return { tainted, dangling }
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
  const { tainted, dangling } = taintedRefs(spec.doc)
  const reaches = (node: unknown) => refsIn(node).some((ref) => tainted.has(ref))
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Node>)) {
    for (const method of METHODS) {
      if (item[method] && (reaches(item[method]) || reaches(item.parameters)))
        loosened.push(`${method.toUpperCase()} ${path}`)
    }
  }
  const mend = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return
    const record = node as Node
    if (typeof record.$ref === 'string' && dangling.has(record.$ref)) delete record.$ref
    for (const value of Object.values(record)) mend(value)
  }
  mend(doc)
  return { spec: { ...spec, doc }, loosened }
}
