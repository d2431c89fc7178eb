// Build step: meta-validates the project's own specs against the official OpenAPI schemas and
// records their content hashes, so that start-up skips that 150–230 ms check for them.
import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Validator } from '@seriousme/openapi-schema-validator'
import { parse } from 'yaml'
import { loadSpec } from '../dist/spec/load.js'
import { operationsOf } from '../dist/spec/operations.js'
import { compileValidators } from '../dist/spec/validators.js'

const dir = new URL('../specs/', import.meta.url)
const hashes = {}
let failed = false
for (const file of readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f)).sort()) {
  const text = readFileSync(new URL(file, dir), 'utf8')
  const doc = file.endsWith('.json') ? JSON.parse(text) : parse(text)
  const validator = new Validator()
  const result = await validator.validate(doc)
  if (!result.valid) {
    failed = true
    console.error(`[jobfake] specs/${file} is not a valid OpenAPI document:`, JSON.stringify(result.errors, null, 2))
    continue
  }
  // Compile every validator in strict mode now, so that start-up can trust this document.
  try {
    const spec = loadSpec(new URL(file, dir).pathname)
    for (const validator of compileValidators(spec, operationsOf(spec)).values()) validator.compile()
  } catch (error) {
    failed = true
    console.error(`[jobfake] specs/${file} does not compile: ${error.message}`)
    continue
  }
  hashes[file] = createHash('sha256').update(text).digest('hex')
  mkdirSync(new URL('../dist/spec-cache/', import.meta.url), { recursive: true })
  writeFileSync(new URL(`../dist/spec-cache/${hashes[file]}.json`, import.meta.url), JSON.stringify(doc))
}
writeFileSync(join(new URL('../dist/', import.meta.url).pathname, 'spec-hashes.json'), JSON.stringify(hashes, null, 2) + '\n')
if (failed) process.exit(1)
console.log(`[jobfake] specs checked: ${Object.keys(hashes).join(', ')}`)

// Bundled scenarios, validated once here and cached by content hash, so start-up reads them as data.
const { loadScenarios } = await import('../dist/scenarios/load.js')
const { vendors } = await import('../dist/vendors/index.js')
const sources = vendors.map((vendor) => ({
  vendor: vendor.name,
  vocabulary: vendor.scenarios,
  operations: operationsOf(loadSpec(new URL(vendor.spec, dir).pathname)).map((op) => op.id),
}))
const { problems, loaded } = loadScenarios(new URL('../scenarios/', import.meta.url).pathname, sources, { cache: {} })
if (problems.length > 0) {
  console.error(problems.join('\n'))
  process.exit(1)
}
writeFileSync(new URL('../dist/scenario-cache.json', import.meta.url), JSON.stringify(loaded))
console.log(`[jobfake] scenarios checked: ${Object.keys(loaded).length}`)
