import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import type { SpecDocument } from './load.js'
import type { Operation, Schema } from './operations.js'
import { normalizeSchema } from './schema.js'

// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020

// OpenAPI's own schema keywords: declared so that strict mode still catches typos.
const OPENAPI_KEYWORDS = ['example', 'xml', 'externalDocs', 'discriminator']

/**
 * Strict about unknown keywords and formats (typos), not about valid schemas that leave a type
 * implicit or put `required` in an allOf branch; parameters coerce single values into arrays.
 * With `source`, compiled functions keep their code, for the build to write out.
 */
export function createAjv(coerceTypes: boolean, validateSchema: boolean, source = false) {
  const ajv = new Ajv2020({
    strict: true,
    strictTypes: false,
    strictRequired: false,
    allowUnionTypes: true,
    allErrors: true,
    coerceTypes: coerceTypes ? 'array' : false,
    useDefaults: coerceTypes,
    validateSchema,
    code: { source },
  })
  addFormats(ajv)
  for (const keyword of OPENAPI_KEYWORDS) ajv.addKeyword({ keyword, schemaType: undefined })
  return ajv
}

const objectOf = (props: Record<string, Schema>, required: string[]): Schema => ({
  type: 'object',
  properties: props,
  required,
})

/** The schemas one operation is checked against, ready for Ajv. */
export interface OperationSchemas {
  operation: Operation
  /** `{path, query, headers}`, compiled with coercion (parameters arrive as strings). */
  params: Schema
  body?: Schema
  responses: { status: string; body?: Schema; headers: Schema }[]
}

/** The two Ajv instances a spec's validators come from, its component schemas registered. */
export interface SpecAjv {
  /** Coerces and fills defaults: for parameters and response headers. */
  lenient: Ajv2020
  /** Takes bodies as they are. */
  exact: Ajv2020
  operations: OperationSchemas[]
}

/**
 * Normalises every schema of a spec's operations and registers its component schemas once, so
 * they are shared by reference across operations.
 */
export function specAjv(
  spec: SpecDocument,
  operations: Operation[],
  { validateSchema = true, source = false } = {},
): SpecAjv {
  const base = `jobfake:${spec.name}`
  const formats = new Set<string>()
  const options = {
    version: spec.version,
    ref: (ref: string) =>
      ref.startsWith('#/components/schemas/') ? `${base}#/$defs/${ref.slice(21)}` : ref,
    onFormat: (format: string) => formats.add(format),
  }
  const normal = (schema: Schema) => normalizeSchema(schema, options)
  const components = ((spec.doc.components as Record<string, unknown> | undefined)?.schemas ??
    {}) as Record<string, Schema>
  const defs = normalizeSchema({ $defs: components }, options)
  const prepared = operations.map((operation): OperationSchemas => {
    const params: Record<string, Record<string, Schema>> = { path: {}, query: {}, header: {} }
    const required: Record<string, string[]> = { path: [], query: [], header: [] }
    for (const p of operation.parameters) {
      params[p.in]![p.name] = normal(p.schema)
      if (p.required) required[p.in]!.push(p.name)
    }
    const responses = Object.entries(operation.responses).map(([status, response]) => ({
      status,
      body: response.schema === undefined ? undefined : normal(response.schema),
      headers: objectOf(
        Object.fromEntries(Object.entries(response.headers).map(([n, h]) => [n, normal(h.schema)])),
        Object.entries(response.headers)
          .filter(([, h]) => h.required)
          .map(([n]) => n),
      ),
    }))
    return {
      operation,
      params: objectOf(
        {
          path: objectOf(params.path!, required.path!),
          query: objectOf(params.query!, required.query!),
          headers: objectOf(params.header!, required.header!),
        },
        ['path', 'query', 'headers'],
      ),
      body: operation.body ? normal(operation.body.schema) : undefined,
      responses,
    }
  })
  const lenient = createAjv(true, validateSchema, source)
  const exact = createAjv(false, validateSchema, source)
  for (const ajv of [lenient, exact]) {
    for (const format of formats) if (!ajv.formats[format]) ajv.addFormat(format, true)
    ajv.addSchema({ $id: base, ...(defs as object) })
  }
  return { lenient, exact, operations: prepared }
}
