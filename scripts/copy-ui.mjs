// Build step: the web UI's files (plain HTML, JS and CSS modules: nothing to compile) go from
// src/http/ui/ to dist/http/ui/, where the built server serves them from.
import { cpSync, readdirSync, rmSync, statSync } from 'node:fs'

const from = new URL('../src/http/ui/', import.meta.url)
const to = new URL('../dist/http/ui/', import.meta.url)
// Afresh, so that a file removed from the sources does not linger in dist/.
rmSync(to, { recursive: true, force: true })
cpSync(from, to, { recursive: true })
const files = readdirSync(to)
const bytes = files.reduce((sum, name) => sum + statSync(new URL(name, to)).size, 0)
console.log(`[jobfake] UI copied: ${files.length} files, ${bytes.toLocaleString('en')} bytes`)
