import { builtInScenario, type Scenario } from './scenario.js'
import type { LoadedScenarios } from './load.js'

/** Every loaded scenario, by vendor and name, with the defaults chosen at start-up. */
export interface ScenarioCatalog {
  get(vendor: string, name: string): Scenario | undefined
  names(vendor: string): string[]
  list(vendor: string): Scenario[]
  /** The scenario each vendor runs unless a session or a request chooses another. */
  defaults: ReadonlyMap<string, string>
  /** A clear message for a name that is not there, listing what is. */
  unknown(vendor: string, name: string): string
}

/**
 * Builds the catalogue; `choices` are the CLI's `--scenario <vendor>/<name>`. Every vendor has
 * `happy`, from its file or, failing that, from the vendor's own defaults.
 *
 * @example
 * createCatalog(loaded, ['airweave'], ['airweave/slow-cancel'])
 */
export function createCatalog(
  loaded: LoadedScenarios,
  vendors: string[],
  choices: string[] = [],
): ScenarioCatalog {
  const byVendor = new Map<string, Map<string, Scenario>>()
  for (const vendor of vendors) {
    const own = new Map(loaded.scenarios.get(vendor) ?? [])
    if (!own.has('happy')) own.set('happy', builtInScenario(vendor))
    byVendor.set(vendor, own)
  }
  const names = (vendor: string) => [...(byVendor.get(vendor)?.keys() ?? [])].sort()
  const unknown = (vendor: string, name: string) =>
    byVendor.has(vendor)
      ? `Unknown scenario "${name}" for ${vendor}. Use one of: ${names(vendor).join(', ')}.`
      : `Unknown vendor "${vendor}". Use one of: ${vendors.join(', ')}.`
  const defaults = new Map(vendors.map((vendor) => [vendor, 'happy']))
  for (const choice of choices) {
    const [vendor = '', name = '', ...rest] = choice.split('/')
    if (rest.length || !byVendor.get(vendor)?.has(name)) {
      throw new Error(
        `[jobfake] --scenario ${choice}: ${rest.length || !name ? 'write it as <vendor>/<name>.' : unknown(vendor, name)}`,
      )
    }
    defaults.set(vendor, name)
  }
  return {
    get: (vendor, name) => byVendor.get(vendor)?.get(name),
    names,
    list: (vendor) => names(vendor).map((name) => byVendor.get(vendor)!.get(name)!),
    defaults,
    unknown,
  }
}
