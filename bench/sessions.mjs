// Sessions and persistence (issue 13), against a server process on 127.0.0.1:
//  1. memory under a loop of 20,000 distinct X-Jobfake-Session names: RSS sampled as they arrive,
//     with the default bound (1,000 sessions held) and with no eviction (20,000 held), which
//     gives what a session costs;
//  2. what --state-file costs: a status poll (autocannon, 50 connections) and create + cancel
//     pairs (Chroma invocations, 8 at a time), with and without a state file, interleaved over
//     --rounds rounds; medians.
// Usage: node bench/sessions.mjs [--names 20000] [--rounds 3] [--duration 5]   (needs dist/: npm run build)
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'

const { values: args } = parseArgs({
  options: {
    names: { type: 'string', default: '20000' },
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '5' },
  },
})
const NAMES = Number(args.names)
const ROUNDS = Number(args.rounds)
const DURATION = Number(args.duration)
const CHILD = new URL('./serve-child.mjs', import.meta.url).pathname
const children = new Set()
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')))
process.on('SIGINT', () => process.exit(130))

async function serve(options) {
  const child = spawn(
    'timeout',
    ['--kill-after=5', '600', process.execPath, CHILD, JSON.stringify(options)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  children.add(child)
  const port = await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      const m = /port (\d+)/.exec(String(d))
      if (m) resolve(Number(m[1]))
    })
    child.once('exit', (code) => reject(new Error(`[bench] server exited with ${code}`)))
  })
  const pid = Number(readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim())
  const base = `http://127.0.0.1:${port}`
  const fixtures = await (await fetch(`${base}/__admin/fixtures`)).json()
  const rss = () =>
    Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024
  const stop = () => (
    child.kill('SIGTERM'),
    children.delete(child),
    new Promise((r) => child.once('exit', r))
  )
  return { base, fixtures, rss, stop }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const mb = (x) => x.toFixed(1)

async function pool(n, concurrency, task) {
  let next = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await task(next++)
    }),
  )
}

// 1. Distinct session names.
async function names(maxSessions) {
  const server = await serve({ maxSessions })
  const { apiKey, sourceConnectionIds } = server.fixtures.airweave
  const path = `${server.base}/airweave/source-connections/${sourceConnectionIds[0]}/jobs`
  const samples = [[0, server.rss()]]
  await pool(NAMES, 16, async (i) => {
    const res = await fetch(path, {
      headers: { 'x-api-key': apiKey, 'x-jobfake-session': `loop-${i}` },
    })
    if (res.status !== 200) throw new Error(`[bench] ${res.status} for session loop-${i}`)
    await res.arrayBuffer()
    if ((i + 1) % (NAMES / 10) === 0) samples.push([i + 1, server.rss()])
  })
  await server.stop()
  return samples
}

// 2. Persistence cost.
async function persistence(stateFile) {
  const server = await serve(stateFile ? { stateFile } : {})
  const { airweave, chroma } = server.fixtures
  const poll = await autocannon({
    url: `${server.base}/airweave/source-connections/${airweave.sourceConnectionIds[0]}/jobs`,
    headers: { 'x-api-key': airweave.apiKey },
    connections: 50,
    duration: DURATION,
  })
  const headers = { 'x-chroma-token': chroma.token, 'content-type': 'application/json' }
  const latencies = []
  const started = performance.now()
  let pairs = 0
  await pool(2000, 8, async (i) => {
    const h = { ...headers, 'x-jobfake-session': `w${i % 8}` }
    const t0 = performance.now()
    const created = await (
      await fetch(`${server.base}/chroma/api/v1/sources/${chroma.sourceIds[0]}/invocations`, {
        method: 'POST',
        headers: h,
        body: '{}',
      })
    ).json()
    const t1 = performance.now()
    const cancel = await fetch(
      `${server.base}/chroma/api/v1/invocations/${created.invocation_id}`,
      { method: 'PUT', headers: h },
    )
    if (cancel.status !== 202) throw new Error(`[bench] cancel answered ${cancel.status}`)
    latencies.push(t1 - t0, performance.now() - t1)
    pairs++
  })
  const seconds = (performance.now() - started) / 1000
  await server.stop()
  latencies.sort((a, b) => a - b)
  return {
    pollRps: poll.requests.average,
    pollP99: poll.latency.p99,
    non2xx: poll.non2xx,
    pairsPerS: pairs / seconds,
    writeP50: latencies[Math.floor(latencies.length * 0.5)],
    writeP99: latencies[Math.floor(latencies.length * 0.99)],
  }
}

console.log(`[bench] ${NAMES} distinct session names, 16 at a time (a status poll each)`)
for (const max of [1000, NAMES]) {
  const samples = await names(max)
  const [, idle] = samples[0]
  const [, last] = samples.at(-1)
  console.log(`\n  held at most ${max}: RSS MB after n names`)
  console.log('  ' + samples.map(([n, r]) => `${n}: ${mb(r)}`).join('  '))
  if (max === NAMES)
    console.log(
      `  ≈ ${(((last - idle) * 1024) / NAMES).toFixed(1)} KB of RSS a session (growth over ${NAMES} held sessions)`,
    )
}

console.log(
  `\n[bench] --state-file cost: ${ROUNDS} rounds, poll ${DURATION} s at 50 connections, 2,000 create + cancel pairs 8 at a time`,
)
const rows = { off: [], on: [] }
for (let round = 0; round < ROUNDS; round++) {
  for (const mode of round % 2 ? ['on', 'off'] : ['off', 'on']) {
    const dir = mkdtempSync(join(tmpdir(), 'jobfake-bench-state-'))
    rows[mode].push(await persistence(mode === 'on' ? join(dir, 'state.jsonl') : undefined))
    rmSync(dir, { recursive: true, force: true })
  }
}
const keys = ['pollRps', 'pollP99', 'pairsPerS', 'writeP50', 'writeP99']
console.log('\n  state file  poll req/s  poll p99 ms  pairs/s  write p50 ms  write p99 ms  non2xx')
for (const mode of ['off', 'on']) {
  const m = Object.fromEntries(keys.map((k) => [k, median(rows[mode].map((r) => r[k]))]))
  const non2xx = rows[mode].reduce((a, r) => a + r.non2xx, 0)
  console.log(
    `  ${mode.padEnd(10)}  ${m.pollRps.toFixed(0).padStart(10)}  ${String(m.pollP99).padStart(11)}  ${m.pairsPerS.toFixed(0).padStart(7)}  ${m.writeP50.toFixed(2).padStart(12)}  ${m.writeP99.toFixed(2).padStart(12)}  ${non2xx}`,
  )
}
process.exit(0)
