import { Ajv2020 } from 'ajv/dist/2020.js'
import { SpecError, type SpecDocument } from './load.js'
import type { Schema } from './operations.js'
import { normalizeSchema } from './schema.js'

type Node = Record<string, unknown>
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']
const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1')
const entries = (node: unknown): Array<[string, unknown]> =>
  node && typeof node === 'object' ? Object.entries(node) : []

/** Every schema a document declares inline, with the JSON pointer where it stands. */
function* schemasOf(doc: Node): Generator<[string, unknown]> {
  const content = function* (node: unknown, at: string): Generator<[string, unknown]> {
    const record = (node ?? {}) as Node
    if (record.schema !== undefined) yield [`${at}/schema`, record.schema]
    for (const [media, body] of entries(record.content))
      if ((body as Node)?.schema !== undefined)
        yield [`${at}/content/${escape(media)}/schema`, (body as Node).schema]
    for (const [name, header] of entries(record.headers))
      yield* content(header, `${at}/headers/${escape(name)}`)
  }
  const components = (doc.components ?? {}) as Node
  for (const [name, schema] of entries(components.schemas))
    yield [`/components/schemas/${escape(name)}`, schema]
  for (const kind of ['parameters', 'requestBodies', 'responses', 'headers'])
    for (const [name, node] of entries(components[kind]))
      yield* content(node, `/components/${kind}/${escape(name)}`)
  for (const [path, item] of entries(doc.paths)) {
    const at = `/paths/${escape(path)}`
    const params = ((item as Node)?.parameters ?? []) as unknown[]
    for (const [i, p] of params.entries()) yield* content(p, `${at}/parameters/${i}`)
    for (const method of METHODS) {
      const op = (item as Node)?.[method] as Node | undefined
      if (!op) continue
      const here = `${at}/${method}`
      for (const [i, p] of ((op.parameters ?? []) as unknown[]).entries())
        yield* content(p, `${here}/parameters/${i}`)
      if (op.requestBody) yield* content(op.requestBody, `${here}/requestBody`)
      for (const [status, response] of entries(op.responses))
        yield* content(response, `${here}/responses/${escape(status)}`)
    }
  }
}

/**
 * Checks each schema of a document against the JSON Schema meta-schema, so that a typo such as
 * `type: integr` stops start-up naming the file and the JSON pointer, rather than surfacing as
 * an Ajv message about "data/properties/path" when a validator compiles.
 *
 * @example
 * checkSchemas(loadSpec('specs/airweave.yaml')) // throws SpecError at /paths/…/schema/type
 */
export function checkSchemas(spec: SpecDocument): void {
  const ajv = new Ajv2020({ strict: false, validateFormats: false })
  const options = { version: spec.version, ref: (ref: string) => ref }
  for (const [pointer, schema] of schemasOf(spec.doc)) {
    if (ajv.validateSchema(normalizeSchema(schema as Schema, options) as object)) continue
    const error = ajv.errors![0]!
    throw new SpecError(
      spec.file,
      `${pointer}${error.instancePath}`,
      `the schema is not valid JSON Schema: ${error.message ?? 'invalid'}${error.params ? ` ${JSON.stringify(error.params)}` : ''}.`,
    )
  }
}
