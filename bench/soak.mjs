// Memory soak: at least 200,000 requests against a server process (`node dist/cli.js serve
// --port 0 --clock manual`, 127.0.0.1), a steady mix of creates, polls and cancels of every vendor
// across --sessions sessions (X-Jobfake-Session), while the server's RSS (VmRSS of
// /proc/<pid>/status) is sampled every few seconds. After the warm-up the RSS should stay flat: the
// slope (least squares over the samples, in MB per 100,000 requests) says whether it does.
//
// Each session runs one cycle after another: Airweave run, list and cancel; Chroma invocation,
// read, cancel and list; Akua cluster operation, read, cancel and list; Peaka cache, sync trigger,
// status, cancel and history; the session clock advanced a minute (jobs finish, periodic tasks
// run). A vendor keeps every job it ran, as the services do, so every --reset-every cycles a
// session is reset (POST /__admin/reset): what a session holds stays bounded, and what the soak
// measures is what requests, jobs and resets leave behind.
//
// Usage: node bench/soak.mjs [--requests 200000] [--sessions 20] [--sample 3] [--warmup 0.25]
//                            [--reset-every 25] [--max-seconds 900] [--max-slope 5]
// Prints the RSS samples, the slope after the warm-up (flat: at most +--max-slope MB per 100,000
// requests) and the answers by status. Exit code: 0 when the RSS stayed flat and every answer came
// (no 5xx, no connection error); 2 otherwise; 1 when the bench broke.
import { execFileSync, spawn } from 'node:child_process'
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import { Agent, request as httpRequest } from 'node:http'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { describeBuild, describeLine } from './builds.mjs'
import { launcher } from './launch.mjs'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const { values: args } = parseArgs({
  options: {
    requests: { type: 'string', default: '200000' },
    sessions: { type: 'string', default: '20' },
    sample: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '0.25' },
    'reset-every': { type: 'string', default: '25' },
    'max-seconds': { type: 'string', default: '900' },
    'max-slope': { type: 'string', default: '5' },
    help: { type: 'boolean', default: false },
  },
})
if (args.help) {
  console.log(
    'node bench/soak.mjs [--requests 200000] [--sessions 20] [--sample 3] [--warmup 0.25]\n' +
      '                   [--reset-every 25] [--max-seconds 900] [--max-slope 5]',
  )
  process.exit(0)
}
const numberOf = (name, min, max, integer = true) => {
  const n = Number(args[name])
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min || n > max) {
    console.error(`[soak] --${name} must be a number from ${min} to ${max} (got "${args[name]}").`)
    process.exit(1)
  }
  return n
}
const REQUESTS = numberOf('requests', 1000, 1e8)
const SESSIONS = numberOf('sessions', 1, 1000)
const SAMPLE_S = numberOf('sample', 0.2, 60, false)
const WARMUP = numberOf('warmup', 0, 0.9, false)
const RESET_EVERY = numberOf('reset-every', 1, 1e6)
const MAX_S = numberOf('max-seconds', 5, 86_400)
const MAX_SLOPE = numberOf('max-slope', 0, 1000, false)
if (!existsSync(join(ROOT, 'dist', 'cli.js'))) {
  console.error('[soak] dist/cli.js is missing: run `npm run build` first.')
  process.exit(1)
}

// The server, and node:http with keep-alive connections, one per concurrent request.
const servers = launcher('soak', ROOT)
const startServer = servers.start
let server

const agent = new Agent({ keepAlive: true, maxSockets: Infinity })
const statuses = new Map()
const unexpected = []
let requests = 0
let adminRequests = 0

/** One request; counts it by status. Resolves with `{status, json, headers}`, never rejects. */
function send(session, method, path, { headers = {}, body } = {}) {
  const all = { ...headers, 'x-jobfake-session': session }
  if (body !== undefined) {
    all['content-type'] = 'application/json'
    all['content-length'] = String(Buffer.byteLength(body))
  }
  return new Promise((resolve) => {
    const done = (status, text, resHeaders = {}) => {
      requests++
      if (path.startsWith('/__admin')) adminRequests++
      statuses.set(status, (statuses.get(status) ?? 0) + 1)
      if (typeof status !== 'number' || status >= 500) {
        if (unexpected.length < 10)
          unexpected.push(`${method} ${path} → ${status} ${text.slice(0, 200)}`)
      }
      let json
      try {
        json = text ? JSON.parse(text) : undefined
      } catch {}
      resolve({ status, json, headers: resHeaders })
    }
    const req = httpRequest(server.url + path, { method, headers: all, agent }, (res) => {
      const chunks = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () => done(res.statusCode, Buffer.concat(chunks).toString('utf8'), res.headers))
      res.on('error', (e) => done(`error ${e.code ?? e.message}`, ''))
    })
    req.on('error', (e) => done(`error ${e.code ?? e.message}`, ''))
    req.end(body)
  })
}

// ---------------------------------------------------------------------------------------------
// The mix. Every cycle of a session: about 35 requests over the four vendors and the admin API.

/** Peaka cache ids, by session and table, until the session is reset. */
const caches = new Map()

function cycleOf(fx) {
  const aw = { 'x-api-key': fx.airweave.apiKey }
  const ch = { 'x-chroma-token': fx.chroma.token }
  const ak = { authorization: `Bearer ${fx.akua.token}` }
  const pk = { authorization: `Bearer ${fx.peaka.partnerKey}` }
  const project = fx.peaka.projectIds[0]
  const tables = fx.peaka.tables.filter((t) => t.cacheable && t.projectId === project)
  const pbase = `/peaka/api/v1/data/projects/${project}/cache`
  return async (s, n) => {
    // Airweave: start a sync, poll it, cancel it, read the connection.
    const sc = fx.airweave.sourceConnectionIds[n % fx.airweave.sourceConnectionIds.length]
    const abase = `/airweave/source-connections/${sc}`
    const run = await send(s, 'POST', `${abase}/run`, { headers: aw })
    for (let i = 0; i < 3; i++) await send(s, 'GET', `${abase}/jobs?limit=5`, { headers: aw })
    if (run.json?.id && n % 2 === 0)
      await send(s, 'POST', `${abase}/jobs/${run.json.id}/cancel`, { headers: aw })
    await send(s, 'GET', abase, { headers: aw })

    // Chroma: an invocation, read, cancelled (every other cycle), listed.
    const source = fx.chroma.sourceIds[n % fx.chroma.sourceIds.length]
    const inv = await send(s, 'POST', `/chroma/api/v1/sources/${source}/invocations`, {
      headers: ch,
      body: JSON.stringify({ target_collection_name: `soak-${n}` }),
    })
    const invocation = `/chroma/api/v1/invocations/${inv.json?.invocation_id}`
    for (let i = 0; i < 2; i++) await send(s, 'GET', invocation, { headers: ch })
    if (n % 2 === 1) await send(s, 'PUT', invocation, { headers: ch })
    await send(s, 'GET', `/chroma/api/v1/invocations?source_id=${source}&limit=10`, { headers: ch })

    // Akua: a cluster operation, read, cancelled (every third cycle), listed.
    const op = await send(s, 'POST', '/akua/v1/clusters', {
      headers: ak,
      body: JSON.stringify({ name: `soak-${n}`, region_id: fx.akua.regionIds[n % 2] }),
    })
    const opPath = `/akua/v1/operations/${op.json?.id}`
    for (let i = 0; i < 2; i++) await send(s, 'GET', opPath, { headers: ak })
    if (n % 3 === 0) await send(s, 'POST', `${opPath}:cancel`, { headers: ak })
    await send(s, 'GET', '/akua/v1/operations?limit=10', { headers: ak })

    // Peaka: a cache per table (409 once it exists), a sync, its status, a cancel, the history.
    const { catalogId, schemaName, tableName } = tables[n % tables.length]
    const created = await send(s, 'POST', pbase, {
      headers: pk,
      body: JSON.stringify({ catalogId, schemaName, tableName }),
    })
    if (created.json?.id) caches.set(`${s} ${tableName}`, created.json.id)
    const cache = caches.get(`${s} ${tableName}`)
    if (cache) {
      await send(s, 'POST', `${pbase}/${cache}/incrementalUpdate`, { headers: pk })
      for (let i = 0; i < 2; i++)
        await send(s, 'GET', `${pbase}/${cache}/status?excludeLogs=true`, { headers: pk })
      if (n % 2 === 0)
        await send(s, 'POST', `${pbase}/${cache}/cancelIncrementalUpdate`, { headers: pk })
      await send(s, 'GET', `${pbase}/${cache}/executionHistory?limit=5`, { headers: pk })
    }
    await send(s, 'GET', `${pbase}/status?excludeLogs=true`, { headers: pk })

    // Time passes: jobs finish, cleanup tasks run.
    await send(s, 'POST', '/__admin/clock/advance', { body: JSON.stringify({ by: '1m' }) })
  }
}

// ---------------------------------------------------------------------------------------------

const rssOf = (pid) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (key) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN)
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 }
}

/** Least squares: y = a + b·x. */
function fit(points) {
  const n = points.length
  const mx = points.reduce((s, p) => s + p.x, 0) / n
  const my = points.reduce((s, p) => s + p.y, 0) / n
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0)
  const sxy = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0)
  const b = sxx === 0 ? 0 : sxy / sxx
  return { slope: b, intercept: my - b * mx }
}

const int = (n) => Math.round(n).toLocaleString('en-US')
const fixed = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a')

async function main() {
  console.log(
    `[soak] node ${process.version}, ${cpus().length} CPUs; build: ${describeLine(describeBuild(ROOT))}`,
  )
  server = await startServer(MAX_S + 60)
  console.log(
    `[soak] server pid ${server.pid} at ${server.url} (manual clock${server.extra.length ? ', --log off' : ''}); ` +
      `${int(REQUESTS)} requests over ${SESSIONS} sessions, each reset every ${RESET_EVERY} cycles; RSS every ${SAMPLE_S} s\n`,
  )
  const fixtures = await send('setup', 'GET', '/__admin/fixtures')
  const cycle = cycleOf(fixtures.json)
  requests = 0
  adminRequests = 0
  statuses.clear()

  const samples = []
  const started = performance.now()
  const elapsed = () => (performance.now() - started) / 1000
  const take = () => {
    const { rss, hwm } = rssOf(server.pid)
    const last = samples.at(-1)
    const t = elapsed()
    const rate = last ? (requests - last.requests) / (t - last.t) : 0
    samples.push({ t, requests, rss, hwm, rate })
    console.log(
      `  ${fixed(t, 0).padStart(5)} s  ${int(requests).padStart(9)} requests  ${int(rate).padStart(6)} req/s  RSS ${fixed(rss).padStart(6)} MB  (peak ${fixed(hwm, 0)} MB)`,
    )
  }
  console.log('      t   requests so far   rate    server RSS')
  take()
  const sampler = setInterval(take, SAMPLE_S * 1000)
  const stop = () => requests >= REQUESTS || elapsed() >= MAX_S
  let cycles = 0
  let resets = 0
  await Promise.all(
    Array.from({ length: SESSIONS }, async (_, i) => {
      const session = `soak-${i}`
      for (let n = 0; !stop(); n++) {
        if (n % RESET_EVERY === 0) {
          await send(session, 'POST', '/__admin/reset')
          for (const key of caches.keys()) if (key.startsWith(`${session} `)) caches.delete(key)
          resets++
        }
        await cycle(session, n)
        cycles++
      }
    }),
  )
  clearInterval(sampler)
  take()
  const seconds = elapsed()

  // -------------------------------------------------------------------------------------------
  const after = samples.filter((s) => s.requests >= WARMUP * requests)
  const { slope } = fit(after.map((s) => ({ x: s.requests, y: s.rss })))
  const perMinute = fit(after.map((s) => ({ x: s.t / 60, y: s.rss }))).slope
  const rss = after.map((s) => s.rss)
  const span = (after.at(-1)?.requests ?? 0) - (after[0]?.requests ?? 0)
  const growth = slope * span
  console.log(
    `\n[soak] ${int(requests)} requests (${int(requests - adminRequests)} to the vendors, ${int(adminRequests)} to the admin API: resets and clock advances; ${int(cycles)} cycles, ${int(resets)} session resets) in ${fixed(seconds)} s, ${int(requests / seconds)} req/s`,
  )
  console.log(
    `[soak] RSS after the warm-up (${int(WARMUP * requests)} requests, ${after.length} samples): ` +
      `first ${fixed(after[0]?.rss)} MB, last ${fixed(after.at(-1)?.rss)} MB, min ${fixed(Math.min(...rss))} MB, max ${fixed(Math.max(...rss))} MB; peak (VmHWM) ${fixed(samples.at(-1)?.hwm)} MB`,
  )
  console.log(
    `[soak] slope: ${slope * 100_000 >= 0 ? '+' : ''}${fixed(slope * 100_000, 2)} MB per 100,000 requests ` +
      `(${perMinute >= 0 ? '+' : ''}${fixed(perMinute, 2)} MB a minute); ${growth >= 0 ? '+' : ''}${fixed(growth)} MB over the ${int(span)} requests after the warm-up`,
  )
  // A leak grows: ≤ +MAX_SLOPE MB per 100,000 requests (50 bytes a request for 5) is flat; a
  // negative slope is the heap settling after the warm-up.
  const flat = slope * 100_000 <= MAX_SLOPE
  console.log(
    `[soak] ${flat ? 'flat' : 'NOT FLAT'}: slope ${flat ? '≤' : '>'} +${MAX_SLOPE} MB per 100,000 requests`,
  )
  const byStatus = [...statuses].sort((a, b) => String(a[0]).localeCompare(String(b[0])))
  console.log(`[soak] answers: ${byStatus.map(([k, n]) => `${k}×${int(n)}`).join(' ')}`)
  for (const line of unexpected) console.log(`  unexpected: ${line}`)
  if (requests < REQUESTS)
    console.log(`[soak] stopped by --max-seconds before ${int(REQUESTS)} requests`)
  return unexpected.length === 0 && flat
}

main().then(
  (ok) => {
    servers.cleanup()
    process.exit(ok ? 0 : 2)
  },
  (error) => {
    console.error(`[soak] ${error?.stack ?? error}`)
    servers.cleanup()
    process.exit(1)
  },
)
