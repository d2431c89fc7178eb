import { join, relative } from 'node:path'
import { DEFAULT_SPECS_DIR } from '../project.js'
import { bindOperations } from '../spec/bind.js'
import { compileSpec, type CompiledSpec } from '../spec/compile.js'
import type { Vendor } from '../vendor/types.js'

/** An answer as `verify` and `record` keep it: status, JSON body (or text, or none), headers. */
export interface Answer {
  status: number
  body: unknown
  headers: Record<string, string>
}

export interface SpecCheckOptions {
  /** The vendor's own OpenAPI document, checked instead of the project's spec. */
  vendorDoc?: string
  specsDir?: string
  lenient?: boolean
}

/** Checks answers against the document a vendor is verified against. */
export interface SpecCheck {
  /** The document's file. */
  file: string
  /** What breaks the document in this answer, one line each (empty when it conforms). */
  check(method: string, path: string, answer: Answer): string[]
  /**
   * Compiles now the validators of these requests (path templates will do), so that compiling
   * does not delay the first poll of a lifecycle on a clock that does not wait.
   */
  warm(requests: Array<{ method: string; path: string }>): void
}

/**
 * The project's own spec of a vendor (`specs/<vendor>.yaml`), compiled: what recordings are
 * routed by, and what answers are checked against unless told otherwise.
 */
export const projectSpec = (vendor: Vendor, specsDir = DEFAULT_SPECS_DIR) =>
  compileSpec(join(specsDir, vendor.spec))

const pathOf = (path: string) => new URL(path, 'http://x').pathname

/**
 * Compiles the document answers are checked against: the project's spec, or the vendor's own
 * (its validators compile on first use). A difference the vendor declares as a deviation of jobfake
 * from that document says so, since the real service is then expected to differ too.
 *
 * @example
 * const spec = await specCheck(airweave, { vendorDoc: 'airweave-openapi.json' })
 * spec.check('GET', '/source-connections/…/jobs', { status: 200, body: [], headers: {} }) // []
 */
export async function specCheck(
  vendor: Vendor,
  options: SpecCheckOptions = {},
): Promise<SpecCheck> {
  const own = await projectSpec(vendor, options.specsDir)
  const served: CompiledSpec = options.vendorDoc
    ? await compileSpec(options.vendorDoc, { lenient: options.lenient, lazy: true })
    : own
  const { bound } = bindOperations(served.operations, own.operations)
  const deviations = served === own ? [] : (vendor.deviations ?? [])
  return {
    file: relative(process.cwd(), served.spec.file).startsWith('..')
      ? served.spec.file
      : relative(process.cwd(), served.spec.file),
    warm(requests) {
      for (const { method, path } of requests) {
        const match = served.route(method, path)
        if (match.kind === 'operation') served.validators.get(match.operation.id)?.compile()
      }
    },
    check(method, path, answer) {
      const match = served.route(method, pathOf(path))
      if (match.kind !== 'operation') return [`the document has no ${method} ${pathOf(path)}`]
      const { id } = match.operation
      const headers = { ...answer.headers }
      const found = served.validators.get(id)!.response(answer.status, answer.body, headers)
      const name = bound.get(id)?.name
      const why = deviations.find(
        (d) =>
          (d.operation === '*' || d.operation === name) &&
          (d.status === undefined || d.status === answer.status),
      )?.why
      return found.map((v) => {
        const line = `${v.name ? `${v.name} ` : ''}${v.message}`
        return why ? `${line} (jobfake lists this as a deviation: ${why})` : line
      })
    },
  }
}
