import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import type { SpecDocument } from './load.js'
import { responseFor, type Operation, type Schema } from './operations.js'
import { normalizeSchema } from './schema.js'

// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020

/** A difference between a message and the spec: where it is, and what is wrong. */
export interface Violation {
  in: 'path' | 'query' | 'header' | 'body' | 'response'
  /** A parameter name, or a dotted path into the body ("items.0.name"); "" for the whole body. */
  name: string
  message: string
}

export interface RequestParts {
  path: Record<string, string>
  query: Record<string, string | string[]>
  headers: Record<string, string>
  body?: unknown
}

/** Request validation result: the parameters coerced to their declared types, or violations. */
export interface CheckedRequest {
  violations: Violation[]
  path: Record<string, unknown>
  query: Record<string, unknown>
  headers: Record<string, unknown>
}

export interface OperationValidator {
  request(parts: RequestParts): CheckedRequest
  response(status: number, body: unknown, headers: Record<string, string>): Violation[]
  /** Compiles every validator of the operation now (otherwise each compiles on first use). */
  compile(): void
}

// OpenAPI's own schema keywords: declared so that strict mode still catches typos.
const OPENAPI_KEYWORDS = ['example', 'xml', 'externalDocs', 'discriminator']

// Strict about unknown keywords and formats (typos), not about valid schemas that leave a type
// implicit or put `required` in an allOf branch; parameters coerce single values into arrays.
function createAjv(coerceTypes: boolean, validateSchema: boolean) {
  const ajv = new Ajv2020({
    strict: true,
    strictTypes: false,
    strictRequired: false,
    allowUnionTypes: true,
    allErrors: true,
    coerceTypes: coerceTypes ? 'array' : false,
    useDefaults: coerceTypes,
    validateSchema,
  })
  addFormats(ajv)
  for (const keyword of OPENAPI_KEYWORDS) ajv.addKeyword({ keyword, schemaType: undefined })
  return ajv
}

const pretty = (error: ErrorObject): string => {
  const p = error.params as Record<string, unknown>
  if (error.keyword === 'required') return `is required (missing "${String(p.missingProperty)}")`
  if (error.keyword === 'enum') return `must be one of ${JSON.stringify(p.allowedValues)}`
  if (error.keyword === 'format') return `must be a valid ${String(p.format)}`
  if (error.keyword === 'additionalProperties')
    return `has an unexpected property "${String(p.additionalProperty)}"`
  return error.message ?? 'is invalid'
}

// The request data is validated as {path, query, headers}; violations say "header".
const locationOf = (key: string | undefined) =>
  (key === 'headers' ? 'header' : key) as Violation['in']

function toViolations(
  errors: ErrorObject[] | null | undefined,
  where?: Violation['in'],
): Violation[] {
  return (errors ?? []).map((error) => {
    const parts = error.instancePath
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    // A missing property is named by itself, not by the object that lacks it.
    if (error.keyword === 'required')
      parts.push(String((error.params as { missingProperty: string }).missingProperty))
    if (where) return { in: where, name: parts.join('.'), message: pretty(error) }
    const [location, ...name] = parts
    return {
      in: locationOf(location),
      name: name.join('.'),
      message: error.keyword === 'required' ? 'is required' : pretty(error),
    }
  })
}

const objectOf = (props: Record<string, Schema>, required: string[]): Schema => ({
  type: 'object',
  properties: props,
  required,
})

export interface CompileOptions {
  /**
   * A spec the build already compiled in strict mode (known by hash): skip checking its schemas
   * against the JSON Schema meta-schema again, which costs ~200 ms at start-up.
   */
  trusted?: boolean
}

/**
 * Prepares the request and response validators of every operation of a spec. Each is compiled
 * once — on its first use, or all at once with `compile()` — so that start-up stays fast.
 * Component schemas are registered one time and shared by reference across operations.
 *
 * @example
 * const validators = compileValidators(spec, operationsOf(spec))
 * validators.get('listJobs')?.request({ path, query, headers })
 */
export function compileValidators(
  spec: SpecDocument,
  operations: Operation[],
  { trusted = false }: CompileOptions = {},
): Map<string, OperationValidator> {
  const base = `jobfake:${spec.name}`
  const formats = new Set<string>()
  const options = {
    version: spec.version,
    ref: (ref: string) =>
      ref.startsWith('#/components/schemas/') ? `${base}#/$defs/${ref.slice(21)}` : ref,
    onFormat: (format: string) => formats.add(format),
  }
  const components = ((spec.doc.components as Record<string, unknown> | undefined)?.schemas ??
    {}) as Record<string, Schema>
  const defs = normalizeSchema({ $defs: components }, options)
  const lenient = createAjv(true, !trusted)
  const exact = createAjv(false, !trusted)
  const prepared = operations.map((operation) => {
    const params: Record<string, Record<string, Schema>> = { path: {}, query: {}, header: {} }
    const required: Record<string, string[]> = { path: [], query: [], header: [] }
    for (const p of operation.parameters) {
      params[p.in]![p.name] = normalizeSchema(p.schema, options)
      if (p.required) required[p.in]!.push(p.name)
    }
    const responses = Object.entries(operation.responses).map(([status, response]) => ({
      status,
      body: response.schema === undefined ? undefined : normalizeSchema(response.schema, options),
      headers: objectOf(
        Object.fromEntries(
          Object.entries(response.headers).map(([n, h]) => [n, normalizeSchema(h.schema, options)]),
        ),
        Object.entries(response.headers)
          .filter(([, h]) => h.required)
          .map(([n]) => n),
      ),
    }))
    const body = operation.body ? normalizeSchema(operation.body.schema, options) : undefined
    return { operation, params, required, responses, body }
  })
  for (const format of formats) {
    if (!lenient.formats[format]) lenient.addFormat(format, true)
    if (!exact.formats[format]) exact.addFormat(format, true)
  }
  lenient.addSchema({ $id: base, ...(defs as object) })
  exact.addSchema({ $id: base, ...(defs as object) })

  const validators = new Map<string, OperationValidator>()
  for (const { operation, params, required, responses, body: bodySchema } of prepared) {
    const headerNames = Object.keys(params.header!)
    let paramsCheck: ValidateFunction | undefined
    let bodyCheck: ValidateFunction | undefined
    const compileRequest = () => {
      paramsCheck ??= lenient.compile(
        objectOf(
          {
            path: objectOf(params.path!, required.path!),
            query: objectOf(params.query!, required.query!),
            headers: objectOf(params.header!, required.header!),
          },
          ['path', 'query', 'headers'],
        ),
      )
      if (bodySchema !== undefined && !bodyCheck) bodyCheck = exact.compile(bodySchema)
      return paramsCheck
    }
    const byStatus = new Map<string, { body?: ValidateFunction; headers: ValidateFunction }>()
    const responseCheck = (key: string) => {
      let check = byStatus.get(key)
      const r = responses.find((x) => x.status === key)
      if (!check && r) {
        check = {
          body: r.body === undefined ? undefined : exact.compile(r.body),
          headers: lenient.compile(r.headers),
        }
        byStatus.set(key, check)
      }
      return check
    }
    validators.set(operation.id, {
      compile() {
        compileRequest()
        for (const r of responses) responseCheck(r.status)
      },
      request(parts) {
        const check = compileRequest()
        const headers: Record<string, string> = {}
        for (const name of headerNames)
          if (parts.headers[name] !== undefined) headers[name] = parts.headers[name]!
        const data = { path: { ...parts.path }, query: { ...parts.query }, headers }
        const violations = check(data) ? [] : toViolations(check.errors)
        if (operation.body) {
          if (parts.body === undefined) {
            if (operation.body.required)
              violations.push({ in: 'body', name: '', message: 'is required' })
          } else if (bodyCheck && !bodyCheck(parts.body))
            violations.push(...toViolations(bodyCheck.errors, 'body'))
        }
        return { violations, ...data }
      },
      response(status, body, headers) {
        const spec = responseFor(operation, status)
        const key =
          spec &&
          [String(status), `${String(status)[0]}XX`, 'DEFAULT'].find(
            (k) => operation.responses[k] === spec,
          )
        const check = key ? responseCheck(key) : undefined
        if (!check)
          return [
            {
              in: 'response',
              name: '',
              message: `status ${status} is not declared for ${operation.id}`,
            },
          ]
        const violations: Violation[] = []
        if (check.body && body === undefined)
          violations.push({ in: 'response', name: '', message: 'body is missing' })
        else if (check.body && !check.body(body))
          violations.push(...toViolations(check.body.errors, 'response'))
        else if (!check.body && body !== undefined) {
          violations.push({
            in: 'response',
            name: '',
            message: `status ${status} declares no JSON body`,
          })
        }
        if (!check.headers({ ...headers })) {
          violations.push(
            ...toViolations(check.headers.errors, 'response').map((v) => ({
              ...v,
              name: `header ${v.name}`,
            })),
          )
        }
        return violations
      },
    })
  }
  return validators
}
