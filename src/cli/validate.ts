import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { DEFAULT_SCENARIOS_DIR, DEFAULT_SPECS_DIR } from '../index.js'
import { loadScenarios, type ScenarioSource } from '../scenarios/load.js'
import { checkSpec } from '../spec/check.js'
import { loadSpec } from '../spec/load.js'
import { operationsOf } from '../spec/operations.js'
import { compileValidators } from '../spec/validators.js'
import { vendors } from '../vendors/index.js'

/**
 * `jobfake validate`: checks every vendor's spec fully (meta-validation and compilation, whatever
 * the build recorded) and every scenario file. Prints one line per file; returns the exit code.
 *
 * @example
 * process.exit(await runValidate(['--specs', 'specs', '--scenarios', 'scenarios']))
 */
export async function runValidate(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { specs: { type: 'string' }, scenarios: { type: 'string' } } })
  const specsDir = values.specs ?? DEFAULT_SPECS_DIR
  const scenariosDir = values.scenarios ?? DEFAULT_SCENARIOS_DIR
  let failures = 0
  const sources: ScenarioSource[] = []
  for (const vendor of vendors) {
    const file = join(specsDir, vendor.spec)
    const source: ScenarioSource = { vendor: vendor.name, vocabulary: vendor.scenarios }
    sources.push(source)
    if (!existsSync(file)) {
      failures++
      console.error(`fail ${vendor.spec}: not found in ${specsDir}`)
      continue
    }
    try {
      const spec = loadSpec(file)
      await checkSpec(spec, { force: true })
      const operations = operationsOf(spec)
      for (const validator of compileValidators(spec, operations).values()) validator.compile()
      source.operations = operations.map((op) => op.id)
      console.log(`ok   ${vendor.spec} (OpenAPI ${spec.version}, ${operations.length} operations)`)
    } catch (error) {
      failures++
      console.error(`fail ${(error as Error).message}`)
    }
  }
  const { scenarios, problems } = loadScenarios(scenariosDir, sources, { cache: {} })
  for (const [vendor, byName] of scenarios) {
    for (const name of byName.keys()) console.log(`ok   scenario ${vendor}/${name}`)
  }
  for (const problem of problems) console.error(`fail ${problem}`)
  failures += problems.length
  console.log(failures === 0 ? '[jobfake] every spec and scenario is valid' : `[jobfake] ${failures} problem(s) found`)
  return failures === 0 ? 0 : 1
}
