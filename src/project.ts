import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { MountedVendor } from './pipeline/handle-request.js'
import { createCatalog, type ScenarioCatalog } from './scenarios/catalog.js'
import { loadScenarios, type LoadedScenarios, type ScenarioSource } from './scenarios/load.js'
import { compileSpec } from './spec/compile.js'
import { vendors as allVendors } from './vendors/index.js'
import type { Vendor } from './vendor/types.js'

export const DEFAULT_SPECS_DIR = fileURLToPath(new URL('../specs/', import.meta.url))
export const DEFAULT_SCENARIOS_DIR = fileURLToPath(new URL('../scenarios/', import.meta.url))

export interface ProjectOptions {
  vendors?: Vendor[]
  /** Folder of the OpenAPI documents; default the `specs/` shipped with jobfake. */
  specsDir?: string
  /**
   * Folder of scenario files (`<vendor>/<name>.yaml`); default the `scenarios/` shipped with
   * jobfake.
   */
  scenariosDir?: string
  /** Serve specs whose `$ref`s point nowhere, skipping what cannot be validated. */
  lenient?: boolean
  /** Default scenarios, as `<vendor>/<name>`. */
  scenario?: string[]
  /**
   * `serve` trusts what the build checked and stops at the first problem; `check` (validate,
   * the build) checks every spec and scenario in full, whatever was cached, and lists every
   * problem.
   */
  mode?: 'serve' | 'check'
}

/** Every vendor with its compiled spec, the scenario catalogue, and what was wrong. */
export interface Project {
  mounted: MountedVendor[]
  catalog: ScenarioCatalog
  scenarios: LoadedScenarios
  /** Problems found (only in `check` mode: `serve` throws the first). */
  problems: string[]
}

/**
 * The one loader of specs, vendors and scenarios: `serve`, `validate`, the library API and the
 * build script all come through here.
 *
 * @example
 * const { mounted, catalog } = await loadProject({ specsDir: 'specs', scenariosDir: 'scenarios' })
 */
export async function loadProject(options: ProjectOptions = {}): Promise<Project> {
  const { vendors = allVendors, lenient = false, mode = 'serve' } = options
  const specsDir = options.specsDir ?? DEFAULT_SPECS_DIR
  const scenariosDir = options.scenariosDir ?? DEFAULT_SCENARIOS_DIR
  const check = mode === 'check'
  const problems: string[] = []
  if (options.scenariosDir !== undefined && !existsSync(scenariosDir)) {
    const problem = `[jobfake] The scenarios folder ${scenariosDir} does not exist.`
    if (!check) throw new Error(problem)
    problems.push(problem)
  }
  const mounted: MountedVendor[] = []
  const sources: ScenarioSource[] = []
  for (const vendor of vendors) {
    const source: ScenarioSource = { vendor: vendor.name, vocabulary: vendor.scenarios }
    sources.push(source)
    try {
      const compiled = await compileSpec(join(specsDir, vendor.spec), { lenient, full: check })
      source.operations = compiled.operations.map((op) => op.id)
      mounted.push({ vendor, compiled })
    } catch (error) {
      if (!check) throw error
      problems.push((error as Error).message)
    }
  }
  const scenarios = loadScenarios(scenariosDir, sources, check ? { cache: {} } : undefined)
  problems.push(...scenarios.problems)
  if (!check && scenarios.problems.length > 0) throw new Error(scenarios.problems.join('\n'))
  const catalog = createCatalog(
    scenarios,
    vendors.map((v) => v.name),
    options.scenario,
  )
  return { mounted, catalog, scenarios, problems }
}
