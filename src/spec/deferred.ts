import { builtByProject } from './check.js'
import { compiled, compiledKey, served, type CompiledSpec } from './compile.js'
import { parseSpec, readSpec } from './load.js'
import { operationsOf } from './operations.js'
import { hasPrecompiled, precompiledValidators } from './precompiled.js'
import { remembered } from './remembered.js'
import { createSpecRouter } from './router.js'

/**
 * A document whose content was checked in full before — one of the project's specs the build
 * checked, or a vendor's own document a previous run did (both by hash) — read and hashed at
 * start-up, so that a changed file is still checked then, but parsed and compiled only when first
 * needed. Akua's own document (1.7 MB) took ~45 ms of a start with the four documents, and the
 * garbage collector more, and the project's Akua, Peaka and Chroma specs ~25 ms of every start,
 * for a server whose first requests may never reach them. Undefined when the document must be
 * compiled now (compileSpec): content never checked, or refs that point nowhere without
 * --lenient. What it gives is what `compileSpec(file, { lenient, lazy })` would, shared as that is.
 *
 * @example
 * const akua = await deferredSpec('specs/akua.yaml') // akua?.() compiles it, once
 */
export async function deferredSpec(
  file: string,
  { lenient = false, lazy = false } = {},
): Promise<(() => CompiledSpec) | undefined> {
  const text = readSpec(file)
  const built = builtByProject(text) && hasPrecompiled(text.hash)
  const known = built ? { dangling: 0 } : remembered(text.hash)
  if (!known || (known.dangling !== 0 && !lenient)) return undefined
  const key = compiledKey(text.hash, lenient, lazy)
  // Imported now, so that compiling needs no await later (the validators themselves stay lazy).
  const runtime = built ? undefined : await import('./validators.js')
  // The text is held until it is compiled, not after (Akua's document: 3.4 MB as a string).
  let held: typeof text | undefined = text
  const compile = (): CompiledSpec => {
    const spec = served(parseSpec(held!, { lenient }), lenient, known)
    const operations = operationsOf(spec)
    const validators = runtime
      ? runtime.compileValidators(spec, operations, {
          trusted: true,
          cache: runtime.validatorCache(spec, lenient ? 'lenient' : 'strict'),
        })
      : precompiledValidators(spec, operations)!
    const route = createSpecRouter(operations)
    held = undefined
    return { spec, operations, route, validators, lazy }
  }
  return () => {
    let result = compiled.get(key)
    if (!result) compiled.set(key, (result = compile()))
    return result
  }
}
