// Sessions and persistence (issue 13), against a server process on 127.0.0.1 (bench/serve-child.mjs,
// for the library options maxSessions and stateFile):
//  1. memory under a loop of 20,000 distinct X-Jobfake-Session names: RSS sampled as they arrive,
//     with the default bound (1,000 sessions held) and with no eviction (20,000 held), which
//     gives what a session costs;
//  2. what --state-file costs: a status poll (autocannon, 50 connections) and create + cancel
//     pairs (Chroma invocations, 8 at a time), with and without a state file, interleaved over
//     --rounds rounds; medians.
// Usage: node bench/sessions.mjs [--names 20000] [--rounds 3] [--duration 5] [--only names,state-file]
// Needs dist/ (npm run build). Writes bench/results/sessions.json.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describeBuild, describeLine } from './lib/builds.mjs'
import { die, list, options } from './lib/cli.mjs'
import { median, writeResults } from './lib/format.mjs'
import { cannon, keepAlive, pool, request } from './lib/http.mjs'
import { ROOT, startServeChild } from './lib/jobfake.mjs'
import { memoryOf } from './lib/machine.mjs'
import { exitWith, guard, stop } from './lib/proc.mjs'

const PARTS = ['names', 'state-file']
const args = options(
  'bench',
  {
    names: { default: '20000', number: { min: 10, max: 1_000_000 } },
    rounds: { default: '3', number: { min: 1, max: 20 } },
    duration: { default: '5', number: { min: 1, max: 120 } },
    only: {},
  },
  'node bench/sessions.mjs [--names 20000] [--rounds 3] [--duration 5] [--only names,state-file]',
)
const { names: NAMES, rounds: ROUNDS, duration: DURATION } = args
const ONLY = list(args.only) ?? PARTS
if (ONLY.some((p) => !PARTS.includes(p)))
  die('bench', `--only takes a comma list of ${PARTS.join(', ')}.`)
if (!existsSync(join(ROOT, 'dist', 'index.js')))
  die('bench', 'dist/ is missing: run `npm run build` first.')
guard('bench', { limitS: 1800 })

async function serve(options) {
  const child = await startServeChild(options, { lifetimeS: 900 })
  const fixtures = (await request(`${child.url}/__admin/fixtures`)).json
  return {
    base: child.url,
    fixtures,
    rss: () => memoryOf(child.pid).rssMb,
    stop: () => stop(child),
  }
}

// 1. Distinct session names: RSS (MB) after n names, at 0 and every tenth of them.
async function names(maxSessions) {
  const server = await serve({ maxSessions })
  const { apiKey, sourceConnectionIds } = server.fixtures.airweave
  const path = `${server.base}/airweave/source-connections/${sourceConnectionIds[0]}/jobs`
  const agent = keepAlive()
  const every = Math.ceil(NAMES / 10)
  const samples = [[0, server.rss()]]
  await pool(NAMES, 16, async (i) => {
    const headers = { 'x-api-key': apiKey, 'x-jobfake-session': `loop-${i}` }
    const res = await request(path, { headers, agent })
    if (res.status !== 200) throw new Error(`[bench] ${res.status} for session loop-${i}`)
    if ((i + 1) % every === 0 || i + 1 === NAMES) samples.push([i + 1, server.rss()])
  })
  agent.destroy()
  await server.stop()
  return samples.sort((a, b) => a[0] - b[0])
}

// 2. Persistence cost.
async function persistence(stateFile) {
  const server = await serve(stateFile ? { stateFile } : {})
  const { airweave, chroma } = server.fixtures
  const poll = await cannon({
    url: `${server.base}/airweave/source-connections/${airweave.sourceConnectionIds[0]}/jobs`,
    headers: { 'x-api-key': airweave.apiKey },
    connections: 50,
    duration: DURATION,
  })
  const agent = keepAlive()
  const latencies = []
  const started = performance.now()
  let pairs = 0
  await pool(2000, 8, async (i) => {
    const headers = { 'x-chroma-token': chroma.token, 'x-jobfake-session': `w${i % 8}` }
    const t0 = performance.now()
    const url = `${server.base}/chroma/api/v1/sources/${chroma.sourceIds[0]}/invocations`
    const created = await request(url, { method: 'POST', headers, body: '{}', json: true, agent })
    const t1 = performance.now()
    const cancel = await request(
      `${server.base}/chroma/api/v1/invocations/${created.json.invocation_id}`,
      {
        method: 'PUT',
        headers,
        agent,
      },
    )
    if (cancel.status !== 202) throw new Error(`[bench] cancel answered ${cancel.status}`)
    latencies.push(t1 - t0, performance.now() - t1)
    pairs++
  })
  const seconds = (performance.now() - started) / 1000
  agent.destroy()
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

const build = describeBuild(ROOT)
console.log(`[bench] build: ${describeLine(build)}`)
const out = {
  when: new Date().toISOString(),
  node: process.version,
  build,
  options: { names: NAMES, rounds: ROUNDS, duration: DURATION, only: ONLY },
}
if (ONLY.includes('names')) {
  console.log(`[bench] ${NAMES} distinct session names, 16 at a time (a status poll each)`)
  out.names = {}
  for (const max of [1000, NAMES]) {
    const samples = await names(max)
    const [, idle] = samples[0]
    const [, last] = samples.at(-1)
    console.log(`\n  held at most ${max}: RSS MB after n names`)
    console.log('  ' + samples.map(([n, r]) => `${n}: ${r.toFixed(1)}`).join('  '))
    out.names[max === NAMES ? 'unbounded' : 'bounded'] = { maxSessions: max, samples }
    if (max === NAMES) {
      out.names.kbPerSession = ((last - idle) * 1024) / NAMES
      console.log(
        `  ≈ ${out.names.kbPerSession.toFixed(1)} KB of RSS a session (growth over ${NAMES} held sessions)`,
      )
    }
  }
}

if (ONLY.includes('state-file')) {
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
  console.log(
    '\n  state file  poll req/s  poll p99 ms  pairs/s  write p50 ms  write p99 ms  non2xx',
  )
  out.stateFile = {}
  for (const mode of ['off', 'on']) {
    const m = Object.fromEntries(keys.map((k) => [k, median(rows[mode].map((r) => r[k]))]))
    const non2xx = rows[mode].reduce((a, r) => a + r.non2xx, 0)
    out.stateFile[mode] = { ...m, non2xx, rounds: rows[mode] }
    console.log(
      `  ${mode.padEnd(10)}  ${m.pollRps.toFixed(0).padStart(10)}  ${String(m.pollP99).padStart(11)}  ${m.pairsPerS.toFixed(0).padStart(7)}  ${m.writeP50.toFixed(2).padStart(12)}  ${m.writeP99.toFixed(2).padStart(12)}  ${non2xx}`,
    )
  }
}
console.log(`\n[bench] written to ${writeResults(ROOT, 'sessions', out)}`)
await exitWith(0)
