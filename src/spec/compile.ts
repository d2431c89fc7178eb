import { builtByProject, checkSpec } from './check.js'
import { mendDangling } from './lenient.js'
import { remember, remembered, type Remembered } from './remembered.js'
import { checkSchemas } from './schema-check.js'
import { danglingRefs, loadSpec, type SpecDocument } from './load.js'
import { idle, realDelay } from '../core/clock.js'
import { operationsOf, type Operation } from './operations.js'
import { createSpecRouter, type RouteMatch } from './router.js'
import { precompiledValidators } from './precompiled.js'
import type { OperationValidator } from './validator.js'

/** A spec ready to serve: its operations, a router over their paths, and their validators. */
export interface CompiledSpec {
  spec: SpecDocument
  operations: Operation[]
  route(method: string, path: string): RouteMatch
  validators: Map<string, OperationValidator>
  /** Its validators compile on first use only (a vendor's own, large document). */
  lazy: boolean
}

/**
 * Loads, checks and compiles one spec: everything a request needs is built here, once. With
 * `full`, the document is meta-validated and every validator compiled, whatever the build recorded;
 * with `lazy`, validators compile on first use (for large documents jobfake does not own).
 *
 * @example
 * const airweave = await compileSpec('specs/airweave.yaml')
 * airweave.route('GET', '/source-connections/…/jobs')
 */
export async function compileSpec(
  file: string,
  { lenient = false, full = false, lazy = false } = {},
): Promise<CompiledSpec> {
  const loaded = loadSpec(file, { lenient })
  // A document a previous run checked in full (by content hash) is not checked again.
  const known = full ? undefined : remembered(loaded.hash)
  const spec = served(loaded, lenient, known)
  // Compiled validators hold no state: fakes in one process share them, keyed by content.
  const key = compiledKey(spec.hash, lenient, lazy)
  const cached = compiled.get(key)
  if (cached && !full) return cached
  // `full` checks as if nothing had been checked before: for validate and the build.
  const trusted = !full && builtByProject(spec)
  if (!known) await checkSpec(spec, { force: full })
  const operations = operationsOf(spec)
  // A schema's mistake is named by file and pointer before anything compiles it.
  if (!trusted && !known) checkSchemas(spec)
  // The build wrote the project's own specs' validators out as code: nothing compiles at run time.
  // Ajv itself is loaded only when something must compile (importing it costs ~70 ms); what a
  // previous run compiled of this content is loaded from the cache instead (not for `full`).
  const compiling = async () => {
    const { compileValidators, validatorCache } = await import('./validators.js')
    return compileValidators(spec, operations, {
      trusted: trusted || known !== undefined,
      cache: full ? undefined : validatorCache(spec, lenient ? 'lenient' : 'strict'),
    })
  }
  const validators = (trusted && precompiledValidators(spec, operations)) || (await compiling())
  // A spec the build did not compile is compiled now, so that its mistakes stop start-up. A vendor's
  // own document is not: Akua's 232 operations take 8 s; they compile on first use or in warmUp.
  if (!trusted && (!lazy || full)) for (const validator of validators.values()) validator.compile()
  // Checked and compiled: the next run need not check this content again.
  if (!trusted && !known)
    remember(spec.hash, { dangling: lenient ? danglingRefs(loaded.doc).length : 0 })
  const result = { spec, operations, route: createSpecRouter(operations), validators, lazy }
  compiled.set(key, result)
  return result
}

/** What this process compiled, by compiledKey: fakes in one process share it. */
export const compiled = new Map<string, CompiledSpec>()
export const compiledKey = (hash: string, lenient: boolean, lazy: boolean) =>
  `${hash}:${lenient}:${lazy}`

/**
 * A document as served: with --lenient, its refs that point nowhere mended (unless it is known to
 * have none), and the operations that reach one named.
 */
export function served(loaded: SpecDocument, lenient: boolean, known?: Remembered): SpecDocument {
  if (!lenient || known?.dangling === 0) return loaded
  const { spec, loosened } = mendDangling(loaded)
  if (loosened.length > 0) {
    console.warn(
      `[jobfake] ${loaded.file}: --lenient serves ${loosened.join(', ')} without validating what their $ref that points nowhere stood for.`,
    )
  }
  return spec
}

/** One task per validator not compiled yet; a lazy document's are compiled when used. */
export const warmers = (specs: CompiledSpec[]): Array<() => void> =>
  specs
    .filter((s) => !s.lazy)
    .flatMap((s) => [...s.validators.values()].map((v) => () => v.compile()))

/**
 * Compiles, shortly after start-up and while the process is otherwise idle, every validator not
 * compiled yet, one operation per turn of the event loop, so the first request to each operation
 * finds it ready (a lazy document's are compiled when used: Akua's would hold the loop for 8 s).
 * `first`: other work of that kind, done before (a deferred document's compile), which may give
 * more, done after the rest.
 */
export function warmUp(
  specs: CompiledSpec[],
  { after = 300, first = [] as Array<() => Array<() => void> | void> } = {},
): void {
  const pending: Array<() => Array<() => void> | void> = [...first, ...warmers(specs)]
  if (pending.length === 0) return
  const next = () => {
    const more = pending.shift()!()
    if (more) pending.push(...more)
    if (pending.length > 0) idle(next)
  }
  // Not at once: the first requests after start-up should not queue behind compilation.
  void realDelay(after, undefined, { keepAlive: false }).then(() => idle(next))
}
