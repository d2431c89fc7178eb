import { checkSpec } from './check.js'
import { loadSpec, type SpecDocument } from './load.js'
import { operationsOf, type Operation } from './operations.js'
import { createSpecRouter, type RouteMatch } from './router.js'
import { compileValidators, type OperationValidator } from './validators.js'

/** A spec ready to serve: its operations, a router over their paths, and their validators. */
export interface CompiledSpec {
  spec: SpecDocument
  operations: Operation[]
  route(method: string, path: string): RouteMatch
  validators: Map<string, OperationValidator>
}

/**
 * Loads, checks and compiles one spec: everything a request needs is built here, once.
 *
 * @example
 * const airweave = await compileSpec('specs/airweave.yaml')
 * airweave.route('GET', '/source-connections/…/jobs')
 */
export async function compileSpec(file: string, { lenient = false } = {}): Promise<CompiledSpec> {
  const spec = loadSpec(file, { lenient })
  // Compiled validators hold no state: fakes in one process share them, keyed by content.
  const key = `${spec.hash}:${lenient}`
  const cached = compiled.get(key)
  if (cached) return cached
  await checkSpec(spec)
  const operations = operationsOf(spec)
  const result = {
    spec,
    operations,
    route: createSpecRouter(operations),
    validators: compileValidators(spec, operations),
  }
  compiled.set(key, result)
  return result
}

const compiled = new Map<string, CompiledSpec>()
