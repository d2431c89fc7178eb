import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { DEFAULT_SCENARIOS_DIR, DEFAULT_SPECS_DIR } from './paths.js'
import { DeferredMount, mountVendor, type MountedVendor } from './pipeline/mounted.js'
import { createCatalog, type ScenarioCatalog } from './scenarios/catalog.js'
import { loadScenarios, type LoadedScenarios, type ScenarioSource } from './scenarios/load.js'
import { compileSpec } from './spec/compile.js'
import { deferredSpec } from './spec/deferred.js'
import { vendors as allVendors } from './vendors/index.js'
import { documentVendor } from './vendor/from-doc.js'
import type { Vendor } from './vendor/types.js'

export { DEFAULT_SCENARIOS_DIR, DEFAULT_SPECS_DIR }

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
   * Vendors served from their own OpenAPI documents, by vendor name: a file, or a file and a
   * mount. A name jobfake has no code for is a vendor of that document alone (mounted at `/name`
   * unless told), every operation mocked.
   */
  vendorDocs?: Record<string, string | VendorDoc>
  /**
   * `serve` trusts what the build checked and stops at the first problem; `check` (validate,
   * the build) checks every spec and scenario in full, whatever was cached, and lists every
   * problem.
   */
  mode?: 'serve' | 'check'
}

/** A vendor's own OpenAPI document, and where to mount it (default: the vendor's own mount). */
export interface VendorDoc {
  file: string
  mount?: string
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
  const docs = Object.entries(options.vendorDocs ?? {}).map(([name, doc]) => ({
    name,
    ...(typeof doc === 'string' ? { file: doc } : doc),
  }))
  const served = [
    ...vendors,
    ...docs
      .filter((doc) => !vendors.some((v) => v.name === doc.name))
      .map((doc) => documentVendor(doc.name, doc.mount ?? `/${doc.name}`, doc.file)),
  ]
  for (const known of served) {
    const doc = docs.find((d) => d.name === known.name)
    const vendor = doc?.mount ? { ...known, mount: doc.mount } : known
    const source: ScenarioSource = { vendor: vendor.name, vocabulary: vendor.scenarios }
    sources.push(source)
    try {
      const compile = (file: string, lazy = false) =>
        compileSpec(file, { lenient, full: check, lazy })
      // A vendor of a document alone has no spec of its own: nothing of it is modelled.
      const ownFile = vendors.includes(known) ? join(specsDir, vendor.spec) : undefined
      // What was checked before (by the build, or by an earlier run) is compiled when first needed;
      // where a vendor's document is served, jobfake's own spec names the models it binds.
      const deferring = (file: string | undefined, lazy: boolean) =>
        file && !check ? deferredSpec(file, { lenient, lazy }) : undefined
      const later = doc ? await deferring(doc.file, true) : await deferring(ownFile, false)
      const own = ownFile && (doc || !later) ? await compile(ownFile) : undefined
      const warn = (unbound: string[]) => {
        for (const name of unbound) {
          console.warn(
            `[jobfake] ${vendor.name}: ${doc!.file} has no operation with the method and path of jobfake's ${name}; that model is not served.`,
          )
        }
      }
      let mount: MountedVendor
      if (later) mount = new DeferredMount(vendor, later, own, warn, doc !== undefined)
      else {
        const now = mountVendor(vendor, doc ? await compile(doc.file, true) : own!, own)
        warn(now.unbound)
        mount = now
      }
      // Scenario faults may name an operation by the served document's id or by jobfake's own.
      // Read only for a scenario file the build did not check, so a deferred document stays so.
      let operations: string[] | undefined
      Object.defineProperty(source, 'operations', {
        get: () => {
          const names = () => [...mount.bound.values()].map((b) => b.name)
          return (operations ??= [
            ...new Set([...mount.compiled.operations.map((op) => op.id), ...names()]),
          ])
        },
      })
      mounted.push(mount)
    } catch (error) {
      if (!check) throw error
      problems.push((error as Error).message)
    }
  }
  const clash = mounted.find(
    (m, i) => mounted.findIndex((n) => n.vendor.mount === m.vendor.mount) !== i,
  )
  if (clash)
    throw new Error(`[jobfake] Two vendors are mounted at ${clash.vendor.mount}: give one --mount.`)
  const scenarios = loadScenarios(scenariosDir, sources, check ? { cache: {} } : undefined)
  problems.push(...scenarios.problems)
  if (!check && scenarios.problems.length > 0) throw new Error(scenarios.problems.join('\n'))
  const catalog = createCatalog(
    scenarios,
    served.map((v) => v.name),
    options.scenario,
  )
  return { mounted, catalog, scenarios, problems }
}
