// The build leaves V8's code beside what a start compiles: the CLI bundle (scripts/code-cache.mjs)
// and each spec's generated validators (src/spec/precompiled.ts). V8 drops a cache it cannot use
// without a word, and start-up is then just slower, so this asks V8 itself, in a plain `node` as
// users run it, whether it takes each one.
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { expect, test } from 'vitest'

const dist = new URL('../../dist/', import.meta.url).pathname

// Compiles each file as its loader does (dist/cli.js, src/spec/precompiled.ts: both wrap it as a
// CommonJS module) with its cache.
const CHECK = `
const { readFileSync } = require('node:fs')
const { wrap } = require('node:module')
const { Script } = require('node:vm')
for (const file of process.argv.slice(1)) {
  const source = wrap(readFileSync(file, 'utf8').replace(/^#!.*/, ''))
  const script = new Script(source, { filename: file, cachedData: readFileSync(file + '.cache') })
  console.log(file.slice(file.lastIndexOf('/') + 1), script.cachedDataRejected ? 'rejected' : 'taken')
}`

test('V8 takes the code caches the build wrote for the CLI bundle and every spec’s validators', () => {
  const validators = readdirSync(`${dist}validators`).filter((f) => f.endsWith('.cjs'))
  expect(validators).toHaveLength(4)
  const files = [`${dist}cli.cjs`, ...validators.map((f) => `${dist}validators/${f}`)]
  const run = spawnSync(process.execPath, ['-e', CHECK, ...files], { encoding: 'utf8' })
  expect(run.stderr).toBe('')
  const verdicts = run.stdout.trim().split('\n')
  expect(verdicts).toEqual(files.map((f) => `${f.slice(f.lastIndexOf('/') + 1)} taken`))
})
