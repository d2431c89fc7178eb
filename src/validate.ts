import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { DEFAULT_SPECS_DIR } from './index.js'
import { checkSpec } from './spec/check.js'
import { compileValidators } from './spec/validators.js'
import { loadSpec } from './spec/load.js'
import { operationsOf } from './spec/operations.js'

/**
 * `jobfake validate`: checks every spec fully (meta-validation and compilation), whatever was
 * recorded at build time. Returns the exit code: 0 when all is valid.
 *
 * @example
 * process.exit(await runValidate(['--specs', 'specs']))
 */
export async function runValidate(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { specs: { type: 'string' } } })
  const dir = values.specs ?? DEFAULT_SPECS_DIR
  let files: string[]
  try {
    files = readdirSync(dir).filter((file) => /\.(ya?ml|json)$/.test(file)).sort()
  } catch (error) {
    console.error(`[jobfake] Cannot read the specs folder ${dir}: ${(error as Error).message}`)
    return 1
  }
  let failures = 0
  for (const file of files) {
    try {
      const spec = loadSpec(join(dir, file))
      await checkSpec(spec, { force: true })
      const operations = operationsOf(spec)
      compileValidators(spec, operations)
      console.log(`ok   ${file} (OpenAPI ${spec.version}, ${operations.length} operations)`)
    } catch (error) {
      failures++
      console.error(`fail ${(error as Error).message}`)
    }
  }
  console.log(failures === 0 ? `[jobfake] ${files.length} specs valid` : `[jobfake] ${failures} of ${files.length} specs invalid`)
  return failures === 0 ? 0 : 1
}
