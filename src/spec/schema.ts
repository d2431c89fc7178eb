import type { Schema } from './operations.js'

type Node = Record<string, unknown>

const SCHEMA_MAPS = new Set([
  'properties',
  'patternProperties',
  '$defs',
  'definitions',
  'dependentSchemas',
])
const SCHEMA_ONE = new Set([
  'items',
  'additionalProperties',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'unevaluatedProperties',
  'unevaluatedItems',
  'additionalItems',
])
const SCHEMA_LIST = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems'])

export interface NormalizeOptions {
  /** OpenAPI 3.0 schemas use `nullable` and boolean `exclusiveMinimum`; these become 2020 forms. */
  version: '3.0' | '3.1'
  /** Rewrites a local `$ref` ("#/components/schemas/Job") to where Ajv finds it. */
  ref: (ref: string) => string
  /** Called with every `format` used, so unknown ones can be declared. */
  onFormat?: (format: string) => void
}

/**
 * Turns an OpenAPI schema into one Ajv compiles in strict mode: extension keys (`x-…`) dropped,
 * `$ref`s rewritten, and OpenAPI 3.0's `nullable` and boolean exclusive bounds made standard.
 * Keys inside `properties` are names, not keywords, and are kept as they are.
 *
 * @example
 * normalizeSchema({ type: 'string', nullable: true }, { version: '3.0', ref: (r) => r })
 * // { type: ['string', 'null'] }
 */
export function normalizeSchema(schema: Schema, options: NormalizeOptions): Schema {
  if (typeof schema !== 'object' || schema === null) return schema
  const out: Node = {}
  for (const [key, value] of Object.entries(schema)) {
    if (key.startsWith('x-')) continue
    if (key === '$ref' && typeof value === 'string') out.$ref = options.ref(value)
    else if (SCHEMA_MAPS.has(key) && value && typeof value === 'object') {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, inner]) => [
          name,
          normalizeSchema(inner as Schema, options),
        ]),
      )
    } else if (SCHEMA_ONE.has(key) && Array.isArray(value)) {
      out[key] = value.map((inner) => normalizeSchema(inner as Schema, options))
    } else if (SCHEMA_ONE.has(key)) out[key] = normalizeSchema(value as Schema, options)
    else if (SCHEMA_LIST.has(key) && Array.isArray(value)) {
      out[key] = value.map((inner) => normalizeSchema(inner as Schema, options))
    } else out[key] = value
  }
  if (typeof out.format === 'string') options.onFormat?.(out.format)
  if (options.version === '3.0') return fromOpenApi30(out)
  return out
}

function fromOpenApi30(node: Node): Node {
  for (const [bound, limit] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (node[bound] === true) {
      node[bound] = node[limit]
      delete node[limit]
    } else if (node[bound] === false) delete node[bound]
  }
  if (node.nullable === true) {
    delete node.nullable
    if (typeof node.type === 'string') node.type = [node.type, 'null']
    else if (!node.type) return { anyOf: [node, { type: 'null' }] }
    if (Array.isArray(node.enum) && !node.enum.includes(null)) node.enum = [...node.enum, null]
  } else if ('nullable' in node) delete node.nullable
  return node
}
