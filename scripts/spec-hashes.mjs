// Build step: checks the project's own specs and scenarios in full, through the same loader
// that serve and validate use, then records what start-up may trust: each spec's content hash
// (so start-up skips the 150–230 ms meta-validation), a JSON copy of it (no YAML parsing), and
// the validated bundled scenarios, and each spec's validators as code (src/spec/standalone.ts),
// with V8's code cache for that code.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { basename } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadProject } from '../dist/project.js'
import { writeCodeCache } from '../dist/spec/precompiled.js'
import { writeStandalone } from '../dist/spec/standalone.js'

const dist = new URL('../dist/', import.meta.url)
const project = await loadProject({ mode: 'check' })
if (project.problems.length > 0) {
  console.error(project.problems.join('\n'))
  process.exit(1)
}
const hashes = {}
mkdirSync(new URL('spec-cache/', dist), { recursive: true })
rmSync(new URL('validators/', dist), { recursive: true, force: true })
for (const { compiled } of project.mounted) {
  hashes[basename(compiled.spec.file)] = compiled.spec.hash
  writeFileSync(
    new URL(`spec-cache/${compiled.spec.hash}.json`, dist),
    JSON.stringify(compiled.spec.doc),
  )
  writeCodeCache(fileURLToPath(writeStandalone(compiled, new URL('validators/', dist))))
}
writeFileSync(new URL('spec-hashes.json', dist), JSON.stringify(hashes, null, 2) + '\n')
console.log(`[jobfake] specs checked: ${Object.keys(hashes).join(', ')}`)
writeFileSync(new URL('scenario-cache.json', dist), JSON.stringify(project.scenarios.loaded ?? {}))
console.log(`[jobfake] scenarios checked: ${Object.keys(project.scenarios.loaded ?? {}).length}`)
