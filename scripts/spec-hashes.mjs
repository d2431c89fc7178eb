// Build step: checks the project's own specs and scenarios in full, through the same loader
// that serve and validate use, then records what start-up may trust: each spec's content hash
// (so start-up skips the 150–230 ms meta-validation), a JSON copy of it (no YAML parsing), and
// the validated bundled scenarios, and each spec's validators as code (src/spec/standalone.ts),
// with V8's code cache for that code; and a stamp on the code that makes validators.
import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { basename } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'rolldown'
import { loadProject } from '../dist/project.js'
import { writeCodeCache } from '../dist/spec/precompiled.js'
import { writeStandalone } from '../dist/spec/standalone.js'

const dist = new URL('../dist/', import.meta.url)

// The generated code requires ajv's runtime and ajv-formats. Bundled into it (rolldown), loading it
// reads nothing from node_modules: that took running Airweave's from ~6 ms to ~1.3, on the first
// request of every start. Whitespace only is minified: the code is generated, not read.
async function withItsRuntime(file) {
  const output = { file: `${file}.tmp`, format: 'cjs', comments: false, codeSplitting: false }
  const minify = { compress: false, mangle: false }
  await build({ input: file, platform: 'node', logLevel: 'warn', output: { ...output, minify } })
  renameSync(`${file}.tmp`, file)
}
const require = createRequire(import.meta.url)
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
  const file = fileURLToPath(writeStandalone(compiled, new URL('validators/', dist)))
  await withItsRuntime(file)
  writeCodeCache(file)
}
writeFileSync(new URL('spec-hashes.json', dist), JSON.stringify(hashes, null, 2) + '\n')
// What validators compiled at run time are made by (src/spec/validator-cache.ts): the code that
// turns schemas into validators, and ajv's and ajv-formats' versions. A run keeps the code ajv
// generates for a document the build did not see under this stamp, and loads none made by another.
const stamp = createHash('sha256')
for (const name of readdirSync(new URL('spec/', dist))
  .filter((n) => n.endsWith('.js'))
  .sort())
  stamp.update(name).update(readFileSync(new URL(`spec/${name}`, dist)))
for (const name of ['ajv', 'ajv-formats'])
  stamp.update(`${name}@${require(`${name}/package.json`).version}`)
writeFileSync(new URL('validator-stamp.txt', dist), `${stamp.digest('hex')}\n`)
console.log(`[jobfake] specs checked: ${Object.keys(hashes).join(', ')}`)
writeFileSync(new URL('scenario-cache.json', dist), JSON.stringify(project.scenarios.loaded ?? {}))
console.log(`[jobfake] scenarios checked: ${Object.keys(project.scenarios.loaded ?? {}).length}`)
