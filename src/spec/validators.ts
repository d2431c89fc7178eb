import type { ValidateFunction } from 'ajv/dist/2020.js'
import { specAjv } from './ajv.js'
import type { SpecDocument } from './load.js'
import type { Operation } from './operations.js'
import { validatorOf, type OperationChecks, type OperationValidator } from './validator.js'

export * from './validator.js'

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
  // Built on the first check: a vendor's document served lazily prepares nothing at start-up.
  let built: ReturnType<typeof specAjv> | undefined
  const ajv = () => (built ??= specAjv(spec, operations, { validateSchema: !trusted }))
  const validators = new Map<string, OperationValidator>()
  operations.forEach((operation, index) => {
    const schemasOf = () => ajv().operations[index]!
    let params: ValidateFunction | undefined
    let body: ValidateFunction | undefined
    const byStatus = new Map<string, { body?: ValidateFunction; headers: ValidateFunction }>()
    const checks: OperationChecks = {
      params: () => (params ??= ajv().lenient.compile(schemasOf().params)),
      body() {
        const schema = schemasOf().body
        return schema === undefined ? undefined : (body ??= ajv().exact.compile(schema))
      },
      response(key) {
        let check = byStatus.get(key)
        const r = check ? undefined : schemasOf().responses.find((x) => x.status === key)
        if (r) {
          check = {
            body: r.body === undefined ? undefined : ajv().exact.compile(r.body),
            headers: ajv().lenient.compile(r.headers),
          }
          byStatus.set(key, check)
        }
        return check
      },
      compile() {
        checks.params()
        checks.body()
        for (const r of schemasOf().responses) checks.response(r.status)
      },
    }
    validators.set(operation.id, validatorOf(operation, checks))
  })
  return validators
}
