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
): Promise<Violation[]> {
  const doc = await vendorDoc(vendor)
  const match = doc.route(method, new URL(path, 'http://x').pathname)
  if (match.kind !== 'operation')
    return [{ in: 'response', name: '', message: `the document has no ${method} ${path}` }]
  return doc.validators
    .get(match.operation.id)!
    .response(answer.status, answer.body, answer.headers ?? {})
}
