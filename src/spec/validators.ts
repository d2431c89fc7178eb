import type { ValidateFunction } from 'ajv/dist/2020.js'
import { specAjv } from './ajv.js'
import type { SpecDocument } from './load.js'
import type { Operation, Schema } from './operations.js'
import type { ValidatorCache } from './validator-cache.js'
import { validatorOf, type OperationChecks, type OperationValidator } from './validator.js'

export * from './validator.js'
export { validatorCache } from './validator-cache.js'

export interface CompileOptions {
  /**
   * A spec the build already compiled in strict mode (known by hash): skip checking its schemas
   * against the JSON Schema meta-schema again, which costs ~200 ms at start-up.
   */
  trusted?: boolean
  /** Where validators a previous run compiled are found, and this run's are kept. */
  cache?: ValidatorCache
}

/**
 * A validator's key in the cache: by the operation's place in the document too, as a document may
 * give two operations one operationId.
 */
export const cacheKey = (index: number, operation: string, part: string): string =>
  `${index}\0${operation}\0${part}`

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
  { trusted = false, cache }: CompileOptions = {},
): Map<string, OperationValidator> {
  // Built on the first compile: a spec whose validators all come from the cache prepares nothing.
  let built: ReturnType<typeof specAjv> | undefined
  const ajv = () =>
    (built ??= specAjv(spec, operations, { validateSchema: !trusted, source: cache !== undefined }))
  const validators = new Map<string, OperationValidator>()
  operations.forEach((operation, index) => {
    const schemasOf = () => ajv().operations[index]!
    // Parameters and headers by the coercing instance, bodies by the exact one.
    const compiled = (part: string, which: 'lenient' | 'exact', schema: () => Schema) => {
      const key = cacheKey(index, operation.id, part)
      const found = cache?.load(key)
      if (found) return found
      const instance = ajv()[which]
      const validate = instance.compile(schema())
      cache?.save(key, instance, validate)
      return validate
    }
    const responseOf = (key: string) => schemasOf().responses.find((x) => x.status === key)!
    let params: ValidateFunction | undefined
    let body: ValidateFunction | undefined
    const byStatus = new Map<string, { body?: ValidateFunction; headers: ValidateFunction }>()
    const checks: OperationChecks = {
      params: () => (params ??= compiled('params', 'lenient', () => schemasOf().params)),
      body() {
        if (operation.body === undefined) return undefined
        return (body ??= compiled('body', 'exact', () => schemasOf().body!))
      },
      response(key) {
        let check = byStatus.get(key)
        const r =
          check || !Object.hasOwn(operation.responses, key) ? undefined : operation.responses[key]
        if (r) {
          check = {
            body:
              r.schema === undefined
                ? undefined
                : compiled(`${key} body`, 'exact', () => responseOf(key).body!),
            headers: compiled(`${key} headers`, 'lenient', () => responseOf(key).headers),
          }
          byStatus.set(key, check)
        }
        return check
      },
      compile() {
        checks.params()
        checks.body()
        for (const status of Object.keys(operation.responses)) checks.response(status)
      },
    }
    validators.set(operation.id, validatorOf(operation, checks))
  })
  return validators
}
