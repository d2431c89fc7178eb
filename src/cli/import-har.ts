import { writeFileSync } from 'node:fs'
import { basename } from 'node:path'
import { parseArgs } from 'node:util'
import { SCENARIO_NAME } from '../scenarios/load.js'
import { readHar } from '../record/har.js'
import { importHar } from '../record/import.js'
import { vendors } from '../vendors/index.js'
import { plans } from '../verify/plans.js'
import { projectSpec } from '../verify/spec-check.js'

/** `jobfake import-har --help`. */
export const IMPORT_HAR = `jobfake import-har FILE.har --vendor V [options]
                               a scenario file from a recording (jobfake record, or a browser's
                               HAR export): delays, outcome and faults as the service showed them

  --vendor V               ${Object.keys(plans).join(', ')}
  --name N                 the scenario's name (default: the HAR file's name)
  --out FILE               where to write it (default: standard output), e.g.
                           scenarios/<vendor>/<name>.yaml
  --time-scale F           multiply recorded time by F: for a recording of a jobfake running
                           --clock scaled:F (default 1)

Each request is routed to its operation by jobfake's spec of the vendor, each job followed across
its polls; a delay is the midpoint between the two answers that bracket its state change (the
bracket's width is in the file's comment), with the outcome the jobs reached (a failure's error
message), how long each cancel took to land, and the faults seen (429 with Retry-After, 5xx).`

/**
 * `jobfake import-har`: writes a scenario derived from a HAR file. Returns the exit code.
 *
 * @example
 * await runImportHar(['run.har', '--vendor', 'airweave', '--out', 'scenarios/airweave/run.yaml'])
 */
export async function runImportHar(args: string[]): Promise<number> {
  const { values: flags, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      vendor: { type: 'string' },
      name: { type: 'string' },
      out: { type: 'string' },
      'time-scale': { type: 'string', default: '1' },
    },
  })
  const usage = (message: string) => {
    console.error(`[jobfake] ${message} See jobfake import-har --help.`)
    return 2
  }
  const [file, ...extra] = positionals
  if (!file || extra.length > 0) return usage('import-har takes one HAR file.')
  const plan = flags.vendor === undefined ? undefined : plans[flags.vendor]
  const vendor = vendors.find((v) => v.name === flags.vendor)
  if (!plan || !vendor)
    return usage(`import-har needs --vendor: one of ${Object.keys(plans).join(', ')}.`)
  const name =
    flags.name ??
    basename(file)
      .replace(/\.har$/i, '')
      .toLowerCase()
  if (!SCENARIO_NAME.test(name))
    return usage(
      `"${name}" is not a scenario name: use lowercase letters, digits and dashes (--name).`,
    )
  const scale = Number(flags['time-scale'])
  if (!(scale > 0))
    return usage(`--time-scale takes a positive number (got "${flags['time-scale']}").`)
  const har = readHar(file)
  const spec = await projectSpec(vendor)
  const imported = importHar(har, { vendor, plan, spec, source: basename(file), name, scale })
  if (flags.out) writeFileSync(flags.out, imported.text)
  else process.stdout.write(imported.text)
  const delays = Object.keys(imported.derived.delays).join(', ') || 'none'
  console.error(
    `[jobfake] scenario ${vendor.name}/${name} from ${file}: ${imported.requests} request(s), ${imported.derived.jobs.length} job(s), delays ${delays}, outcome ${imported.derived.outcome.kind}, ${imported.faults.length} fault(s)${flags.out ? `; written to ${flags.out}` : ''}`,
  )
  return 0
}
