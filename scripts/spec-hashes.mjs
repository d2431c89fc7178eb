// Build step: meta-validates the project's own specs against the official OpenAPI schemas and
// records their content hashes, so that start-up skips that 150–230 ms check for them.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Validator } from '@seriousme/openapi-schema-validator'
import { parse } from 'yaml'

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
  hashes[file] = createHash('sha256').update(text).digest('hex')
}
writeFileSync(join(new URL('../dist/', import.meta.url).pathname, 'spec-hashes.json'), JSON.stringify(hashes, null, 2) + '\n')
if (failed) process.exit(1)
console.log(`[jobfake] specs checked: ${Object.keys(hashes).join(', ')}`)
