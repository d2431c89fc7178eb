import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Har } from 'har-format'
import { writeAtomicSync } from '../store/atomic.js'

type Validate = ((data: unknown) => boolean) & {
  errors?: Array<{ instancePath: string; message?: string }> | null
}

let validator: Validate | undefined

// The HAR 1.2 JSON Schemas of the `har-schema` package (draft-06), read with the ajv jobfake
// already has. They use three keywords of their own (`optional`, `min`, `unique`), declared so that
// strict mode still catches anything else; ajv is built on first use only.
function harValidator(): Validate {
  if (validator) return validator
  const require = createRequire(import.meta.url)
  const { default: Ajv } = require('ajv') as typeof import('ajv')
  const addFormats = require('ajv-formats') as (ajv: InstanceType<typeof Ajv>) => void
  const schemas = require('har-schema') as Record<string, { $id: string }>
  const ajv = new Ajv({ allErrors: true, strictTypes: false, strictTuples: false })
  ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'))
  for (const keyword of ['optional', 'min', 'unique']) ajv.addKeyword(keyword)
  addFormats(ajv)
  for (const schema of Object.values(schemas)) ajv.addSchema(schema)
  return (validator = ajv.getSchema('har.json#') as Validate)
}

/**
 * What breaks HAR 1.2 in a document, one line each (empty when it is a valid HAR).
 *
 * @example
 * harProblems({ log: { version: '1.2', creator: { name: 'x', version: '1' }, entries: [] } }) // []
 */
export function harProblems(data: unknown): string[] {
  const validate = harValidator()
  if (validate(data)) return []
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`)
}

/**
 * Reads a HAR file and checks it against the HAR 1.2 schemas; throws one line naming the file and
 * what is wrong.
 *
 * @example
 * const har = readHar('recording.har')
 */
export function readHar(file: string): Har {
  let data: unknown
  try {
    data = JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new Error(`[jobfake] Cannot read ${file} as a HAR file: ${(error as Error).message}`)
  }
  const problems = harProblems(data)
  if (problems.length > 0)
    throw new Error(
      `[jobfake] ${file} is not a valid HAR 1.2 file: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}.`,
    )
  return data as Har
}

/** Writes a HAR file atomically, after checking it against the HAR 1.2 schemas. */
export function writeHar(file: string, har: Har): void {
  const problems = harProblems(har)
  if (problems.length > 0)
    throw new Error(`[jobfake] Refusing to write an invalid HAR file: ${problems.join('; ')}.`)
  writeAtomicSync(file, `${JSON.stringify(har, null, 2)}\n`)
}
