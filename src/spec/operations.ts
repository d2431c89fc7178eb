import { resolvePointer, SpecError, type SpecDocument } from './load.js'

export type Schema = Record<string, unknown> | boolean
export type ParameterLocation = 'path' | 'query' | 'header'

export interface Parameter {
  name: string
  in: ParameterLocation
  required: boolean
  schema: Schema
}

export interface ResponseSpec {
  /** JSON body schema; undefined when the response declares no JSON content. */
  schema?: Schema
  headers: Record<string, { required: boolean; schema: Schema }>
}

/** How a caller presents a credential, from the spec's `securitySchemes`. */
export interface SecurityScheme {
  name: string
  type: string
  /** apiKey: where and under which name. */
  in?: string
  param?: string
  /** http: "bearer", "basic"... */
  scheme?: string
}

/** One operation of a spec, with every OpenAPI-level `$ref` already followed. */
export interface Operation {
  id: string
  method: string
  path: string
  parameters: Parameter[]
  body?: { required: boolean; schema: Schema }
  /** Keyed by status code, "4XX"-style ranges or "default", as the spec writes them. */
  responses: Record<string, ResponseSpec>
  /** The schemes any of which admits a caller; empty when the operation needs no credential. */
  security: SecurityScheme[]
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']

type Node = Record<string, unknown>

function deref(spec: SpecDocument, node: unknown, at: string): Node {
  let current = node
  for (let hops = 0; current && typeof current === 'object' && '$ref' in current; hops++) {
    const ref = (current as Node).$ref as string
    current = resolvePointer(spec.doc, ref)
    if (current === undefined || hops > 20) {
      throw new SpecError(spec.file, at, `$ref ${ref} cannot be resolved.`)
    }
  }
  return (current ?? {}) as Node
}

const jsonSchemaOf = (content: unknown): Schema | undefined => {
  if (!content || typeof content !== 'object') return undefined
  const media = Object.entries(content as Node).find(([type]) => /json|\*\/\*/.test(type))
  // JSON declared without a schema (Peaka's transpile, say: examples only) is any JSON.
  if (!media) return undefined
  return ((media[1] as Node | undefined)?.schema ?? {}) as Schema
}

// A form is read into its fields (src/pipeline/multipart.ts), which its schema describes: an
// operation that takes only a form (Chroma's add-file, in the vendor's document) is validated by it.
const formSchemaOf = (content: unknown): Schema | undefined => {
  const form = (content as Node | undefined)?.['multipart/form-data'] as Node | undefined
  return form ? ((form.schema ?? {}) as Schema) : undefined
}

/**
 * Lists a spec's operations. Operations without an `operationId` get one from method and path,
 * so that every operation can be routed, journaled and covered.
 *
 * @example
 * operationsOf(spec).map((op) => op.id) // ['runSync', 'listJobs', ...]
 */
function schemesOf(spec: SpecDocument, requirements: unknown): SecurityScheme[] {
  const defined = ((spec.doc.components as Node | undefined)?.securitySchemes ?? {}) as Node
  const names = new Set(
    ((requirements ?? []) as Node[]).flatMap((requirement) => Object.keys(requirement ?? {})),
  )
  return [...names].map((name) => {
    const scheme = deref(spec, defined[name], `/components/securitySchemes/${name}`)
    return {
      name,
      type: String(scheme.type),
      in: scheme.in as string | undefined,
      param: scheme.name as string | undefined,
      scheme: scheme.scheme as string | undefined,
    }
  })
}

export function operationsOf(spec: SpecDocument): Operation[] {
  const operations: Operation[] = []
  const paths = (spec.doc.paths ?? {}) as Node
  for (const [path, rawItem] of Object.entries(paths)) {
    const itemAt = `/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}`
    const item = deref(spec, rawItem, itemAt)
    const shared = (item.parameters ?? []) as unknown[]
    for (const method of METHODS) {
      const raw = item[method] as Node | undefined
      if (!raw) continue
      const at = `${itemAt}/${method}`
      const parameters = new Map<string, Parameter>()
      for (const p of [...shared, ...((raw.parameters ?? []) as unknown[])]) {
        const param = deref(spec, p, `${at}/parameters`)
        if (!['path', 'query', 'header'].includes(param.in as string)) continue
        const location = param.in as ParameterLocation
        const name = location === 'header' ? String(param.name).toLowerCase() : String(param.name)
        parameters.set(`${location}:${name}`, {
          name,
          in: location,
          required: location === 'path' || param.required === true,
          schema: (param.schema as Schema | undefined) ?? jsonSchemaOf(param.content) ?? {},
        })
      }
      const requestBody = raw.requestBody
        ? deref(spec, raw.requestBody, `${at}/requestBody`)
        : undefined
      const bodySchema = requestBody
        ? (jsonSchemaOf(requestBody.content) ?? formSchemaOf(requestBody.content))
        : undefined
      const responses: Record<string, ResponseSpec> = {}
      for (const [status, rawResponse] of Object.entries((raw.responses ?? {}) as Node)) {
        const response = deref(spec, rawResponse, `${at}/responses/${status}`)
        const headers: ResponseSpec['headers'] = {}
        for (const [name, rawHeader] of Object.entries((response.headers ?? {}) as Node)) {
          const header = deref(spec, rawHeader, `${at}/responses/${status}/headers`)
          headers[name.toLowerCase()] = {
            required: header.required === true,
            schema: (header.schema as Schema | undefined) ?? {},
          }
        }
        responses[status.toUpperCase()] = { schema: jsonSchemaOf(response.content), headers }
      }
      operations.push({
        id: typeof raw.operationId === 'string' ? raw.operationId : `${method} ${path}`,
        method: method.toUpperCase(),
        path,
        parameters: [...parameters.values()],
        body: bodySchema
          ? { required: requestBody?.required === true, schema: bodySchema }
          : undefined,
        responses,
        security: schemesOf(spec, raw.security ?? spec.doc.security),
      })
    }
  }
  return operations
}

/** Picks the response a status falls under: exact code, then its range ("4XX"), then default. */
export function responseFor(operation: Operation, status: number): ResponseSpec | undefined {
  const { responses } = operation
  return responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.DEFAULT
}
