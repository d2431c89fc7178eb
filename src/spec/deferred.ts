import { served, type CompiledSpec } from './compile.js'
import { parseSpec, readSpec } from './load.js'
import { operationsOf } from './operations.js'
import { remembered } from './remembered.js'
import { createSpecRouter } from './router.js'

/**
 * A vendor's own document whose content a previous run checked in full (by hash): read and hashed
 * at start-up, so that a changed file is still checked then, but parsed and compiled only when
 * first needed. Akua's (1.7 MB) took ~45 ms of a start with the four documents, and the garbage
 * collector more, for a server whose first requests may never reach Akua. Undefined when the
 * document must be compiled now (compileSpec): content never checked, or refs that point nowhere
 * without --lenient. What it gives is what `compileSpec(file, { lenient, lazy: true })` would.
 *
 * @example
 * const akua = await deferredSpec('akua-public-openapi.json') // akua?.() compiles it, once
 */
export async function deferredSpec(
  file: string,
  { lenient = false } = {},
): Promise<(() => CompiledSpec) | undefined> {
  const text = readSpec(file)
  const known = remembered(text.hash)
  if (!known || (known.dangling !== 0 && !lenient)) return undefined
  // Imported now, so that compiling needs no await later (the validators themselves stay lazy).
  const { compileValidators, validatorCache } = await import('./validators.js')
  let result: CompiledSpec | undefined
  return () => {
    if (result) return result
    const spec = served(parseSpec(text, { lenient }), lenient, known)
    const operations = operationsOf(spec)
    const validators = compileValidators(spec, operations, {
      trusted: true,
      cache: validatorCache(spec, lenient ? 'lenient' : 'strict'),
    })
    result = { spec, operations, route: createSpecRouter(operations), validators, lazy: true }
    return result
  }
}
