import { parseArgs } from 'node:util'
import { loadProject } from '../project.js'
import { VENDOR_DOC_OPTIONS, vendorDocsOf } from './vendor-docs.js'

/**
 * `jobfake validate`: checks every vendor's spec fully (meta-validation and compilation, whatever
 * the build recorded) and every scenario file. Prints one line per file; returns the exit code.
 *
 * @example
 * process.exit(await runValidate(['--specs', 'specs', '--scenarios', 'scenarios']))
 */
export async function runValidate(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      specs: { type: 'string' },
      scenarios: { type: 'string' },
      lenient: { type: 'boolean' },
      ...VENDOR_DOC_OPTIONS,
    },
  })
  const project = await loadProject({
    specsDir: values.specs,
    scenariosDir: values.scenarios,
    lenient: values.lenient,
    vendorDocs: vendorDocsOf(values['vendor-doc'], values.mount),
    mode: 'check',
  })
  for (const { compiled } of project.mounted) {
    console.log(
      `ok   ${compiled.spec.file.split('/').pop()} (OpenAPI ${compiled.spec.version}, ${compiled.operations.length} operations)`,
    )
  }
  for (const [vendor, byName] of project.scenarios.scenarios) {
    for (const name of byName.keys()) console.log(`ok   scenario ${vendor}/${name}`)
  }
  for (const problem of project.problems) console.error(`fail ${problem}`)
  const failures = project.problems.length
  console.log(
    failures === 0
      ? '[jobfake] every spec and scenario is valid'
      : `[jobfake] ${failures} problem(s) found`,
  )
  return failures === 0 ? 0 : 1
}
