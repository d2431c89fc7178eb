import type { VendorDoc } from '../project.js'

/** The options both `serve` and `validate` take to serve vendors from their own documents. */
export const VENDOR_DOC_OPTIONS = {
  'vendor-doc': { type: 'string', multiple: true },
  mount: { type: 'string', multiple: true },
} as const

export const VENDOR_DOC_HELP = `  --vendor-doc NAME=FILE   serve vendor NAME from its own OpenAPI document (JSON or YAML, 3.0 or
                           3.1): jobfake's models bind to it by method and path, prism answers the
                           rest; a NAME jobfake does not know is served from the document alone
                           (repeatable)
  --mount [NAME=]/PATH     where such a vendor is mounted (default /NAME, or the vendor's own);
                           NAME may be left out when one --vendor-doc is given (repeatable)`

/**
 * Reads `--vendor-doc name=file` and `--mount [name=]/path` into the library's `vendorDocs`.
 * Throws a one-line reason for anything malformed.
 *
 * @example
 * vendorDocsOf(['toy=./toy.yaml'], ['/toy']) // { toy: { file: './toy.yaml', mount: '/toy' } }
 */
export function vendorDocsOf(
  docs: string[] = [],
  mounts: string[] = [],
): Record<string, VendorDoc> {
  const byName: Record<string, VendorDoc> = {}
  for (const given of docs) {
    const at = given.indexOf('=')
    if (at <= 0 || at === given.length - 1)
      throw new Error(
        `--vendor-doc takes NAME=FILE, e.g. airweave=./airweave-openapi.json (got "${given}").`,
      )
    const name = given.slice(0, at)
    if (byName[name]) throw new Error(`--vendor-doc names ${name} twice.`)
    byName[name] = { file: given.slice(at + 1) }
  }
  for (const given of mounts) {
    const at = given.indexOf('=')
    const names = Object.keys(byName)
    let name = given.slice(0, Math.max(at, 0))
    if (at === -1) {
      if (names.length !== 1)
        throw new Error(`--mount ${given} must say which vendor: --mount NAME=${given}.`)
      name = names[0]!
    }
    const doc =
      byName[name] ??
      (() => {
        throw new Error(`--mount ${given} names no --vendor-doc.`)
      })()
    doc.mount = given.slice(at + 1)
  }
  return byName
}
