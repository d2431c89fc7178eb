// Benchmarks jobfake against `prism mock` and bare hono on the same Airweave status poll, in one
// run, alternating contenders round by round: cold start to the first valid response, req/s and
// p99 at N connections (autocannon), peak RSS. Prints per-round figures, medians and ratios.
// Usage: node bench/run.mjs [--rounds 3] [--duration 10] [--connections 50]
import { spawn } from 'node:child_process'
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { createServer } from 'node:net'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, duration: { type: 'string', default: '10' }, connections: { type: 'string', default: '50' } } })
const ROUNDS = Number(values.rounds)
const DURATION = Number(values.duration)
const CONNECTIONS = Number(values.connections)
const ROOT = new URL('..', import.meta.url).pathname
const KEY = 'jf_airweave_demo_3f9c2a7d51e84b06'
const SC = 'ddb72179-d26d-47db-8b9d-a83123515af7'
const POLL = `/source-connections/${SC}/jobs`
const children = new Set()

const freePort = () => new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)) })
})
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2 }
const peakRss = (pid) => { try { return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024 } catch { return NaN } }

function launch(cmd, args, env = {}) {
  const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  children.add(child)
  child.on('exit', () => children.delete(child))
  let out = ''
  child.stdout.on('data', (d) => (out += d))
  child.stderr.on('data', (d) => (out += d))
  return { child, output: () => out }
}

async function firstValid(url, headers, started, deadline = 30_000) {
  while (performance.now() - started < deadline) {
    try {
      const res = await fetch(url, { headers })
      if (res.status === 200) { JSON.parse(await res.text()); return performance.now() - started }
    } catch {}
    await sleep(5)
  }
  throw new Error(`no valid answer from ${url} within ${deadline} ms`)
}

const contenders = {
  async jobfake() {
    const port = await freePort()
    const started = performance.now()
    const p = launch(process.execPath, ['dist/cli.js', 'serve', '--port', String(port), '--clock', 'manual'])
    const base = `http://127.0.0.1:${port}`
    const coldMs = await firstValid(`${base}/airweave${POLL}`, { 'x-api-key': KEY }, started)
    await fetch(`${base}/airweave/source-connections/${SC}/run`, { method: 'POST', headers: { 'x-api-key': KEY } })
    return { p, coldMs, url: `${base}/airweave${POLL}` }
  },
  async prism() {
    const port = await freePort()
    const started = performance.now()
    const p = launch(process.execPath, ['node_modules/@stoplight/prism-cli/dist/index.js', 'mock', 'specs/airweave.yaml', '-h', '127.0.0.1', '-p', String(port)])
    const coldMs = await firstValid(`http://127.0.0.1:${port}${POLL}`, { 'x-api-key': KEY }, started, 60_000)
    return { p, coldMs, url: `http://127.0.0.1:${port}${POLL}` }
  },
  async hono(body) {
    const port = await freePort()
    const started = performance.now()
    const p = launch(process.execPath, ['bench/bare-hono.mjs'], { PORT: String(port), BODY: body })
    const url = `http://127.0.0.1:${port}/airweave${POLL}`
    const coldMs = await firstValid(url, {}, started)
    return { p, coldMs, url }
  },
}

async function load(url) {
  const opts = { url, connections: CONNECTIONS, headers: { 'x-api-key': KEY } }
  await autocannon({ ...opts, duration: 1 })
  const r = await autocannon({ ...opts, duration: DURATION })
  return { rps: r.requests.average, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors, total: r.requests.total }
}

async function main() {
  const rows = []
  let body = '[]'
  for (let round = 1; round <= ROUNDS; round++) {
    for (const name of ['jobfake', 'prism', 'hono']) {
      const run = await contenders[name](body)
      if (name === 'jobfake') body = await (await fetch(run.url, { headers: { 'x-api-key': KEY } })).text()
      const figures = await load(run.url)
      const rssMb = peakRss(run.p.child.pid)
      run.p.child.kill('SIGTERM')
      await new Promise((r) => (run.p.child.exitCode !== null ? r() : run.p.child.once('exit', r)))
      const row = { round, name, coldMs: run.coldMs, ...figures, rssMb }
      rows.push(row)
      console.log(`round ${round} ${name.padEnd(8)} cold ${row.coldMs.toFixed(0).padStart(5)} ms  ${row.rps.toFixed(0).padStart(6)} req/s  p99 ${String(row.p99).padStart(3)} ms  peak RSS ${row.rssMb.toFixed(0)} MB  non2xx ${row.non2xx} errors ${row.errors}`)
    }
  }
  const med = {}
  for (const name of ['jobfake', 'prism', 'hono']) {
    const mine = rows.filter((r) => r.name === name)
    med[name] = Object.fromEntries(['coldMs', 'rps', 'p99', 'rssMb', 'non2xx', 'errors'].map((k) => [k, median(mine.map((r) => r[k]))]))
  }
  const ratio = { vsPrism: med.jobfake.rps / med.prism.rps, vsHono: med.jobfake.rps / med.hono.rps, coldVsPrism: med.prism.coldMs / med.jobfake.coldMs }
  console.log('\nmedians', JSON.stringify(med, null, 1))
  console.log(`throughput: jobfake/prism ${ratio.vsPrism.toFixed(1)}x (floor 5x, aim 10x) ${ratio.vsPrism >= 5 ? 'holds' : 'MISSED'}; jobfake/hono ${ratio.vsHono.toFixed(2)} (aim >= 0.5) ${ratio.vsHono >= 0.5 ? 'holds' : 'MISSED'}`)
  console.log(`start-up: jobfake ${med.jobfake.coldMs.toFixed(0)} ms (budget 400 ms) ${med.jobfake.coldMs <= 400 ? 'holds' : 'MISSED'}; prism ${med.prism.coldMs.toFixed(0)} ms (${ratio.coldVsPrism.toFixed(1)}x slower)`)
  console.log(`p99: jobfake ${med.jobfake.p99} ms (budget 5 ms) ${med.jobfake.p99 <= 5 ? 'holds' : 'MISSED'}`)
  mkdirSync(new URL('results/', import.meta.url), { recursive: true })
  writeFileSync(new URL('results/latest.json', import.meta.url), JSON.stringify({ rounds: ROUNDS, duration: DURATION, connections: CONNECTIONS, rows, medians: med, ratios: ratio }, null, 2))
}

const cleanup = () => { for (const c of children) c.kill('SIGKILL') }
process.on('SIGINT', () => { cleanup(); process.exit(130) })
main().then(cleanup, (e) => { console.error(e); cleanup(); process.exit(1) })
