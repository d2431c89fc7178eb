import { fileURLToPath } from 'node:url'
import { compileSpec, type CompiledSpec } from '../../src/spec/compile.js'
import type { Violation } from '../../src/spec/validators.js'

/** The vendors' own OpenAPI documents, beside the project in `../shared` (CI has them too). */
export const VENDOR_DOCS: Record<string, string> = {
  airweave: 'airweave-openapi.json',
  akua: 'akua-public-openapi.json',
  chroma: 'chroma-sync.openapi.json',
  peaka: 'peaka-openapi.json',
}

export const vendorDocPath = (vendor: string) =>
  fileURLToPath(
    new URL(`../../../shared/reference/vendors/${VENDOR_DOCS[vendor]}`, import.meta.url),
  )

const compiled = new Map<string, Promise<CompiledSpec>>()

/** A vendor's own document, compiled once per test file (Chroma's needs --lenient). */
export function vendorDoc(vendor: string): Promise<CompiledSpec> {
  if (!compiled.has(vendor))
    compiled.set(vendor, compileSpec(vendorDocPath(vendor), { lenient: true, lazy: true }))
  return compiled.get(vendor)!
}

/**
 * What the vendor's own document says of an answer to `method path` (the path below the mount):
 * its violations, or one saying the document has no such operation.
 */
export async function againstVendorDoc(
  vendor: string,
  method: string,
  path: string,
  answer: { status: number; body?: unknown; headers?: Record<string, string> },
): Promise<readonly Violation[]> {
  const doc = await vendorDoc(vendor)
  const match = doc.route(method, new URL(path, 'http://x').pathname)
  if (match.kind !== 'operation')
    return [{ in: 'response', name: '', message: `the document has no ${method} ${path}` }]
  return doc.validators
    .get(match.operation.id)!
    .response(answer.status, answer.body, answer.headers ?? {})
}

type Node = Record<string, any>

/**
 * The answers a document itself makes impossible, by operationId and status, with why: an allOf
 * whose branch closes the object (`additionalProperties: false`) while another branch requires
 * properties the closed one does not allow (Akua's DashboardRevisionMutationResponse). Computed
 * from the document, so that nothing else hides behind it.
 */
export function unsatisfiable(doc: CompiledSpec): Map<string, string> {
  const schemas = ((doc.spec.doc.components as Node | undefined)?.schemas ?? {}) as Node
  const deref = (node: Node | undefined): Node | undefined =>
    typeof node?.$ref === 'string' ? deref(schemas[node.$ref.split('/').pop()!]) : node
  const why = (node: Node | undefined): string | undefined => {
    const branches = ((deref(node)?.allOf ?? []) as Node[]).map(deref).filter(Boolean) as Node[]
    // A closed branch refuses what any other branch requires and it does not list.
    for (const closed of branches.filter((b) => b.additionalProperties === false)) {
      const allowed = Object.keys(closed.properties ?? {})
      const barred = branches
        .filter((b) => b !== closed)
        .flatMap((b) => (b.required ?? []) as string[])
        .filter((name) => !allowed.includes(name))
      if (barred.length > 0)
        return `an allOf branch requires ${barred.slice(0, 3).join(', ')}…, which another allows not (additionalProperties: false, only ${allowed.join(', ') || 'nothing'})`
    }
    return undefined
  }
  const found = new Map<string, string>()
  for (const op of doc.operations)
    for (const [status, response] of Object.entries(op.responses)) {
      const reason = why(response.schema as Node | undefined)
      if (reason) found.set(`${op.id} ${status}`, reason)
    }
  return found
}
