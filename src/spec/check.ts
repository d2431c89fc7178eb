import { readFileSync } from 'node:fs'
import { HASHES_FILE } from '../paths.js'
import { SpecError, type SpecDocument } from './load.js'

export { HASHES_FILE }

let built: Set<string> | undefined
const checked = new Set<string>()

/** The hashes of the documents the build checked and compiled in strict mode. */
function builtHashes(): Set<string> {
  if (built) return built
  built = new Set()
  try {
    const recorded = JSON.parse(readFileSync(HASHES_FILE, 'utf8')) as Record<string, string>
    for (const hash of Object.values(recorded)) built.add(hash)
  } catch {
    // No build record (running from source): every document is meta-validated once.
  }
  return built
}

/** Whether the build already validated this exact document and compiled its schemas strictly. */
export const builtByProject = (spec: Pick<SpecDocument, 'hash'>) => builtHashes().has(spec.hash)

interface MetaError {
  instancePath?: string
  message?: string
  params?: Record<string, unknown>
}

/**
 * Checks a document against the official OpenAPI 3.0 / 3.1 schema. The project's own specs
 * were checked at build time and are skipped by hash, because meta-validation costs
 * 150–230 ms per OpenAPI version (DESIGN.md); a user's changed spec is checked here.
 *
 * @example
 * await checkSpec(loadSpec('specs/airweave.yaml'))
 */
export async function checkSpec(spec: SpecDocument, { force = false } = {}): Promise<void> {
  if (!force && (builtByProject(spec) || checked.has(spec.hash))) return
  const { Validator } = await import('@seriousme/openapi-schema-validator')
  const validator = new Validator()
  const result = await validator.validate(
    structuredClone(spec.doc) as Parameters<typeof validator.validate>[0],
  )
  if (!result.valid) {
    const errors = (Array.isArray(result.errors) ? result.errors : []) as MetaError[]
    const first = errors[0]
    const detail = first
      ? `${first.message ?? 'invalid'}${first.params ? ` ${JSON.stringify(first.params)}` : ''}`
      : String(result.errors)
    throw new SpecError(
      spec.file,
      first?.instancePath ?? '',
      `is not a valid OpenAPI ${spec.version} document: ${detail}` +
        (errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''),
    )
  }
  checked.add(spec.hash)
}
