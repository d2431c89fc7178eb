#!/usr/bin/env node
// jobfake's command line as the build leaves it (scripts/bundle.mjs copies this to dist/cli.js):
// it runs the one-file bundle dist/cli.cjs from the V8 code cache the build wrote beside it. Node
// 20 has no compile cache for ES modules, and compiling the bundle, then the functions a start
// calls, was about 100 ms of a 430 ms start (issue 18). A cache V8 rejects (another node, other
// flags) costs only the compile it would have saved.
import { readFileSync, writeFileSync } from 'node:fs'
import Module, { createRequire } from 'node:module'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Script } from 'node:vm'

const file = fileURLToPath(new URL('./cli.cjs', import.meta.url))
const cacheFile = `${file}.cache`
let cachedData
try {
  cachedData = readFileSync(cacheFile)
} catch {
  // No cache (a build that could not write one): compiled as usual.
}
const source = readFileSync(file, 'utf8').replace(/^#!.*/, '')
const script = new Script(Module.wrap(source), { filename: file, cachedData })
// The build runs one start with this set, so that the cache holds what a start compiles.
if (process.env.JOBFAKE_WRITE_CODE_CACHE === '1')
  process.on('exit', () => writeFileSync(cacheFile, script.createCachedData()))
const module = { exports: {} }
script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file))
