// Build step, after the bundle: one start of the built server with JOBFAKE_WRITE_CODE_CACHE=1, so
// that dist/cli.js leaves V8's code for the bundle, and for every function a start and a first
// answer compiled, in dist/cli.cjs.cache. Later starts read it instead of compiling.
import { spawn } from 'node:child_process'
import { existsSync, rmSync, statSync } from 'node:fs'

const dist = new URL('../dist/', import.meta.url)
const cache = new URL('cli.cjs.cache', dist)
rmSync(cache, { force: true })
const child = spawn(
  process.execPath,
  [new URL('cli.js', dist).pathname, 'serve', '--port', '0', '--clock', 'manual', '--log', 'off'],
  { env: { ...process.env, JOBFAKE_WRITE_CODE_CACHE: '1' }, stdio: ['ignore', 'pipe', 'inherit'] },
)
const exited = new Promise((resolve) => child.once('exit', resolve))
const deadline = setTimeout(() => child.kill('SIGKILL'), 30_000)
const url = await new Promise((resolve, reject) => {
  let out = ''
  child.stdout.on('data', (chunk) => {
    const found = /listening on (http:\/\/[^\s;,)]+)/.exec((out += chunk))
    if (found) resolve(found[1])
  })
  child.once('exit', (code) => reject(new Error(`[jobfake] the built server exited (${code})`)))
})
// A first answer of each kind a start is timed to: jobfake's own, and a vendor's (its demo key from
// the fixtures, which the vendor declares).
await fetch(`${url}/__admin/health`).then((r) => r.arrayBuffer())
const { airweave } = await fetch(`${url}/__admin/fixtures`).then((r) => r.json())
await fetch(`${url}/airweave/source-connections`, {
  headers: { 'x-api-key': airweave.apiKey },
}).then((r) => r.arrayBuffer())
child.kill('SIGTERM')
await exited
clearTimeout(deadline)
if (!existsSync(cache)) throw new Error('[jobfake] the built server wrote no code cache')
console.log(`[jobfake] code cache written: ${statSync(cache).size.toLocaleString('en')} bytes`)
