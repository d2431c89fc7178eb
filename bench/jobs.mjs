// The 10,000-live-jobs budget (DESIGN.md): RSS with 10,000 jobs running, and the wall time of
// advancing the clock one simulated hour across them. Two measures:
//  - engine: 10,000 Airweave sync jobs in one job table (the engine alone);
//  - end to end: 10,000 Chroma invocations created through the HTTP app, in-process.
// Re-executes itself with --expose-gc so that RSS is read after a full collection.
// Usage: node bench/jobs.mjs [--jobs 10000]
import { spawnSync } from 'node:child_process'
import { parseArgs } from 'node:util'

if (typeof global.gc !== 'function') {
  const r = spawnSync(process.execPath, ['--expose-gc', new URL(import.meta.url).pathname, ...process.argv.slice(2)], { stdio: 'inherit' })
  process.exit(r.status ?? 1)
}

const { values } = parseArgs({ options: { jobs: { type: 'string', default: '10000' }, mode: { type: 'string' } } })
const N = Number(values.jobs)
const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1)
const HOUR = 3_600_000

async function engine() {
  const { createClock } = await import('../dist/engine/clock.js')
  const { createJobTable } = await import('../dist/engine/jobs.js')
  const { syncJobMachine, defaultProfile } = await import('../dist/vendors/airweave/machine.js')
  const clock = createClock({ mode: { kind: 'manual' } })
  const table = createJobTable({ kind: 'sync-job', machine: syncJobMachine, clock })
  for (let i = 0; i < N; i++) table.start(`job-${i}`, { sourceConnectionId: 'sc', forceFullSync: false, profile: defaultProfile })
  return { clock, states: () => table.all().map((j) => j.state) }
}

async function endToEnd() {
  const { createFake } = await import('../dist/index.js')
  const fake = await createFake({ clock: 'manual' })
  const { chroma } = await (await fake.request('/__admin/fixtures')).json()
  const headers = { 'x-chroma-token': chroma.token, 'content-type': 'application/json' }
  const url = `/chroma/api/v1/sources/${chroma.sourceIds[0]}/invocations`
  for (let i = 0; i < N; i++) {
    const res = await fake.request(url, { method: 'POST', headers, body: JSON.stringify({ target_collection_name: `c${i}` }) })
    if (res.status !== 201) throw new Error(`create ${i}: ${res.status} ${await res.text()}`)
  }
  return { clock: { advance: (ms) => fake.clock.advance(ms) }, states: () => fake.jobs('chroma').map((j) => j.state) }
}

async function measure(name, build) {
  global.gc()
  const before = process.memoryUsage().rss
  const started = performance.now()
  const { clock, states } = await build()
  const createdMs = performance.now() - started
  global.gc()
  const justAfter = process.memoryUsage().rss
  // V8 returns freed pages to the system lazily: measure the settled figure after 3 s idle.
  for (let i = 0; i < 6; i++) {
    await new Promise((resolve) => setTimeout(resolve, 500))
    global.gc()
  }
  const live = process.memoryUsage().rss
  const t = performance.now()
  clock.advance(HOUR)
  const advanceMs = performance.now() - t
  const counts = {}
  for (const s of states()) counts[s] = (counts[s] ?? 0) + 1
  console.log(`${name.padEnd(11)} ${N} live jobs: RSS ${mb(live)} MB settled, ${mb(justAfter)} MB right after creating them (process before: ${mb(before)} MB; created in ${createdMs.toFixed(0)} ms); advancing 1 h: ${advanceMs.toFixed(0)} ms → ${JSON.stringify(counts)}`)
  console.log(`${''.padEnd(11)} budget: settled RSS ≤ 120 MB ${live / 1048576 <= 120 ? 'holds' : 'MISSED'}; advance ≤ 250 ms ${advanceMs <= 250 ? 'holds' : 'MISSED'}`)
}

// Each measure runs in its own process, so one's heap does not weigh on the other's RSS.
if (values.mode === 'engine') await measure('engine', engine)
else if (values.mode === 'end-to-end') await measure('end-to-end', endToEnd)
else {
  for (const mode of ['engine', 'end-to-end']) {
    spawnSync(process.execPath, ['--expose-gc', new URL(import.meta.url).pathname, '--jobs', String(N), '--mode', mode], { stdio: 'inherit' })
  }
}
