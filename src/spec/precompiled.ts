import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire, Module } from 'node:module'
import { fileURLToPath } from 'node:url'
import { Script } from 'node:vm'
import type { ValidateFunction } from 'ajv/dist/2020.js'
import { PRECOMPILED_DIR } from '../paths.js'
import type { SpecDocument } from './load.js'
import type { Operation } from './operations.js'
import { validatorOf, type OperationChecks, type OperationValidator } from './validator.js'

interface Precompiled {
  index: Record<
    string,
    { params: string; body?: string; responses: Record<string, { body?: string; headers: string }> }
  >
  lenient: Record<string, ValidateFunction>
  exact: Record<string, ValidateFunction>
}

const require = createRequire(import.meta.url)

// The generated code as a CommonJS module body. V8 can compile it from the code cache the build
// left beside it (`<file>.cache`): reading Akua's takes ~10 ms instead of ~30.
function scriptOf(file: string, cachedData?: Buffer): Script {
  return new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData })
}

// Run with jobfake's own `require`: the code names ajv's runtime and ajv-formats, which resolve
// from here wherever the file lies.
function run<T = Precompiled>(script: Script): T {
  const module = { exports: {} as T }
  ;(script.runInThisContext() as (...args: unknown[]) => void)(module.exports, require, module)
  return module.exports
}

/** What a file of code ajv generated exports, run as `evaluate` runs the build's (no V8 cache). */
export const loadGenerated = (file: string): unknown => run<unknown>(scriptOf(file))

function evaluate(file: string): Precompiled {
  let cachedData: Buffer | undefined
  try {
    cachedData = readFileSync(`${file}.cache`)
  } catch {
    // No cache: compiled from the text (a cache V8 rejects is the same).
  }
  return run(scriptOf(file, cachedData))
}

/** Build step: runs the generated file once and writes V8's code for it where `evaluate` looks. */
export function writeCodeCache(file: string): void {
  const script = scriptOf(file)
  run(script)
  writeFileSync(`${file}.cache`, script.createCachedData())
}

const fileOf = (hash: string, dir: URL) => fileURLToPath(new URL(`${hash}.cjs`, dir))

/** Whether the build generated validators for this content hash. */
export const hasPrecompiled = (hash: string, dir: URL = PRECOMPILED_DIR): boolean =>
  existsSync(fileOf(hash, dir))

/**
 * The validators the build generated for this exact spec (by content hash), or undefined when it
 * generated none. The generated code is loaded on the first check, not at start-up: Akua's takes
 * ~50 ms to parse.
 */
export function precompiledValidators(
  spec: SpecDocument,
  operations: Operation[],
  dir: URL = PRECOMPILED_DIR,
): Map<string, OperationValidator> | undefined {
  const file = fileOf(spec.hash, dir)
  if (!existsSync(file)) return undefined
  let module: Precompiled | undefined
  const load = () => (module ??= evaluate(file))
  const validators = new Map<string, OperationValidator>()
  for (const operation of operations) {
    // Looked up once, on the operation's first check.
    let params: ValidateFunction | undefined
    let body: ValidateFunction | undefined
    let entry: Precompiled['index'][string] | undefined
    const entryOf = () => {
      if (entry) return entry
      entry = load().index[operation.id]
      if (!entry) throw new Error(`${file} has no validators for ${operation.id}; rebuild`)
      if (entry.body !== undefined) body = load().exact[entry.body]
      params = load().lenient[entry.params]
      return entry
    }
    const byStatus = new Map<string, { body?: ValidateFunction; headers: ValidateFunction }>()
    const checks: OperationChecks = {
      params: () => params ?? (entryOf(), params!),
      body: () => (entryOf(), body),
      response(key) {
        let check = byStatus.get(key)
        const names = check ? undefined : entryOf().responses[key]
        if (names) {
          const { lenient, exact } = load()
          check = {
            body: names.body === undefined ? undefined : exact[names.body],
            headers: lenient[names.headers]!,
          }
          byStatus.set(key, check)
        }
        return check
      },
      compile: () => void entryOf(),
    }
    validators.set(operation.id, validatorOf(operation, checks))
  }
  return validators
}
