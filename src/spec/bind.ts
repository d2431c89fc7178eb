import type { Operation } from './operations.js'

/** A served operation that jobfake models: the name of its model, and its path parameters renamed. */
export interface Binding {
  /** jobfake's own operationId (in `specs/<vendor>.yaml`), which keys the vendor's route. */
  name: string
  /** The served document's path parameter names, by position, mapped to jobfake's. */
  params: Array<[served: string, own: string]>
}

// Parameter names may differ between documents; their positions in the template may not.
const shapeOf = (op: Operation) => `${op.method} ${op.path.replace(/\{[^}]+\}/g, '{}')}`
const namesOf = (path: string) => [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!)

/**
 * Binds the operations of a served document (the vendor's own, say) to the operations jobfake
 * models, by method and path template — never by operationId, which each document names its own
 * way. Returns the bindings by served operationId, and the modelled operations the document lacks.
 *
 * @example
 * const { bound } = bindOperations(vendorDoc.operations, project.operations)
 * bound.get('run_source_connections__source_connection_id__run_post')?.name // 'sourceConnections.run'
 */
export function bindOperations(
  served: Operation[],
  own: Operation[],
): { bound: Map<string, Binding>; unbound: string[] } {
  const byShape = new Map(own.map((op) => [shapeOf(op), op]))
  const bound = new Map<string, Binding>()
  const used = new Set<string>()
  for (const op of served) {
    const model = byShape.get(shapeOf(op))
    if (!model) continue
    const theirs = namesOf(op.path)
    const ours = namesOf(model.path)
    bound.set(op.id, { name: model.id, params: theirs.map((name, i) => [name, ours[i]!]) })
    used.add(model.id)
  }
  return { bound, unbound: own.map((op) => op.id).filter((id) => !used.has(id)) }
}

/** The path parameters under jobfake's own names. */
export function renameParams(
  binding: Binding,
  path: Record<string, unknown>,
): Record<string, unknown> {
  if (binding.params.every(([served, own]) => served === own)) return path
  const renamed: Record<string, unknown> = {}
  for (const [served, own] of binding.params) renamed[own] = path[served]
  return renamed
}
