// The main benchmark (DESIGN.md, "Performance budget"): jobfake against `prism mock` on the same
// OpenAPI document and against bare hono answering the same body (the ceiling), on the modelled
// Airweave status poll GET /source-connections/{id}/jobs, in one run, with the contenders
// interleaved round by round (the order rotates every round).
//
// Per contender and round: cold start (spawn → first 200 whose body parses as JSON, polled every
// ~5 ms), a warm-up, then req/s (mean of autocannon's per-second samples) and p99 latency at
// --connections for --duration seconds, peak RSS (VmHWM) and the server's CPU use during the load.
// Prints the per-round table, the medians, the ratios and each budget's verdict, and writes them
// to bench/results/latest.json.
//
// Before each contender it waits (up to --quiet-wait seconds) for the rest of the machine to be quiet,
// and it reports the CPU everything else used during each load.
//
// With --baseline <dir> (a checkout of jobfake with its own built dist/ and node_modules), a fourth
// contender, jobfake@base, is that checkout's dist/cli.js started exactly like jobfake, in the same
// rounds, and the summary gives the ratios jobfake / jobfake@base. --only <names> measures only some.
//
// Usage: npm run bench                     (builds first)
//        node bench/run.mjs [--rounds 3] [--duration 10] [--connections 50] [--warmup 2] [--quiet-wait 60]
//                           [--baseline <dir>] [--only jobfake,jobfake@base,prism,hono]
// Exit code: 0 when the run is valid (every response 2xx, no errors) whatever the verdicts;
//            2 when some response was not 2xx or failed; 1 when the run broke.
import { spawn, execFileSync } from 'node:child_process'
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { request as httpRequest } from 'node:http'
import { createServer } from 'node:net'
import { cpus, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { checkBuild, describeBuild, describeLine, resolveModule, sameDir } from './builds.mjs'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const RESULTS = join(ROOT, 'bench', 'results')

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '2' },
    'quiet-wait': { type: 'string', default: '60' },
    baseline: { type: 'string' },
    only: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
})
if (args.help) {
  console.log(
    'node bench/run.mjs [--rounds 3] [--duration 10] [--connections 50] [--warmup 2] [--quiet-wait 60]\n' +
      '                   [--baseline <checkout with a built dist/>] [--only jobfake,jobfake@base,prism,hono]',
  )
  process.exit(0)
}
const positive = (name, max, min = 1) => {
  const n = Number(args[name])
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(
      `[bench] --${name} must be a whole number from ${min} to ${max} (got "${args[name]}").`,
    )
    process.exit(1)
  }
  return n
}
const ROUNDS = positive('rounds', 20)
const DURATION = positive('duration', 120)
const CONNECTIONS = positive('connections', 1000)
const WARMUP = positive('warmup', 30)
const QUIET_WAIT = positive('quiet-wait', 600, 0)

// Budget (DESIGN.md, "Performance budget").
const BUDGET = { coldMs: 400, vsPrismFloor: 5, vsPrismAim: 10, vsHono: 0.5, p99Ms: 5 }
// How long a contender may take to give its first valid answer.
const COLD_DEADLINE_MS = { jobfake: 15_000, 'jobfake@base': 15_000, prism: 60_000, hono: 15_000 }

if (!existsSync(join(ROOT, 'dist', 'cli.js'))) {
  console.error('[bench] dist/cli.js is missing: run `npm run build` first (`npm run bench` does).')
  process.exit(1)
}
// The baseline: another checkout of jobfake (another commit), with its own dist/ and node_modules.
const BASE = args.baseline === undefined ? undefined : resolve(args.baseline)
if (BASE !== undefined) {
  const problem = checkBuild(BASE, '--baseline', ['dist/cli.js'])
  if (problem) {
    console.error(`[bench] ${problem}`)
    process.exit(1)
  }
}

// The contenders, in their order of round 1 (jobfake first, so that bare hono can answer its body).
const ALL_NAMES = ['jobfake', ...(BASE ? ['jobfake@base'] : []), 'prism', 'hono']
let NAMES = ALL_NAMES
if (args.only !== undefined) {
  const wanted = args.only
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => (s === 'base' ? 'jobfake@base' : s))
  const unknown = wanted.filter((n) => !ALL_NAMES.includes(n))
  if (unknown.includes('jobfake@base')) {
    console.error('[bench] --only jobfake@base needs --baseline <dir>.')
    process.exit(1)
  }
  if (unknown.length > 0 || wanted.length === 0) {
    console.error(
      `[bench] --only takes a comma list of ${ALL_NAMES.join(', ')} (got "${args.only}").`,
    )
    process.exit(1)
  }
  NAMES = ALL_NAMES.filter((n) => wanted.includes(n))
}
if (NAMES.includes('hono') && !NAMES.some((n) => n.startsWith('jobfake'))) {
  console.error(
    '[bench] bare hono answers the body jobfake answered: --only hono needs jobfake (or jobfake@base) too.',
  )
  process.exit(1)
}
const has = (name) => NAMES.includes(name)
const BUILDS = { current: describeBuild(ROOT), ...(BASE ? { baseline: describeBuild(BASE) } : {}) }

// The Airweave fixtures (API key, source connection) of the current build; the file may move.
const fixturesModule = resolveModule(ROOT, 'airweaveFixtures')
for (const note of fixturesModule.notes)
  console.error(`[bench] ${fixturesModule.missing ? '' : 'note: '}${note}`)
if (fixturesModule.missing) process.exit(1)
const { fixtures } = await import(pathToFileURL(fixturesModule.path).href)
const API_KEY = fixtures.apiKey
const SOURCE = fixtures.sourceConnections[0].id
const POLL = `/source-connections/${SOURCE}/jobs` // below the /airweave mount for jobfake and bare hono
const PRISM = has('prism') ? realpathSync(join(ROOT, 'node_modules', '.bin', 'prism')) : undefined

// ---------------------------------------------------------------------------------------------
// Child processes. Each server runs under coreutils `timeout`, so that it dies by itself even if
// this process is killed with SIGKILL; on any normal end (done, error, Ctrl-C) we kill it first.

const LOGS = mkdtempSync(join(tmpdir(), 'jobfake-bench-'))
const children = new Set()
const HAS_TIMEOUT = (() => {
  try {
    execFileSync('timeout', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()
const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
  } catch {
    return 100
  }
})()

function killAll(signal = 'SIGKILL') {
  for (const child of children) {
    for (const pid of [child.serverPid, child.proc.pid]) {
      try {
        if (pid) process.kill(pid, signal)
      } catch {}
    }
  }
}

let cleanedUp = false
function cleanup() {
  if (cleanedUp) return
  cleanedUp = true
  killAll('SIGKILL')
  try {
    rmSync(LOGS, { recursive: true, force: true })
  } catch {}
}
process.on('exit', cleanup)
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
]) {
  process.on(signal, async () => {
    console.error(`\n[bench] ${signal}: stopping every server`)
    killAll('SIGKILL')
    // Let node reap them (up to a second), so that nothing is left behind, not even a zombie.
    const deadline = performance.now() + 1000
    while (children.size > 0 && performance.now() < deadline) await sleep(20)
    cleanup()
    process.exit(code)
  })
}
process.on('uncaughtException', (error) => {
  console.error('[bench]', error)
  cleanup()
  process.exit(1)
})
process.on('unhandledRejection', (error) => {
  console.error('[bench]', error)
  cleanup()
  process.exit(1)
})

// The whole run is bounded: every round of every contender, generously.
const WATCHDOG_MS = ROUNDS * NAMES.length * ((WARMUP + DURATION + QUIET_WAIT) * 1000 + 90_000)
setTimeout(() => {
  console.error(`[bench] the run took longer than ${Math.round(WATCHDOG_MS / 1000)} s: giving up`)
  cleanup()
  process.exit(1)
}, WATCHDOG_MS).unref()

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

function launch(name, command, commandArgs, env = {}, cwd = ROOT) {
  const lifetime = Math.ceil(COLD_DEADLINE_MS[name] / 1000 + WARMUP + DURATION + 60)
  const log = join(LOGS, `${name}-${Date.now()}.log`)
  const fd = openSync(log, 'w')
  const [file, argv] = HAS_TIMEOUT
    ? ['timeout', ['--kill-after=5', String(lifetime), command, ...commandArgs]]
    : [command, commandArgs]
  // Output goes to a file, not through a pipe into this process, which then neither holds nor
  // processes a chatty server's log (Prism logs every request); shown when a server fails.
  const spawnedAt = performance.now()
  const proc = spawn(file, argv, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', fd, fd],
  })
  closeSync(fd)
  const child = {
    name,
    proc,
    spawnedAt,
    log,
    serverPid: HAS_TIMEOUT ? undefined : proc.pid,
    exited: false,
    exitCode: null,
  }
  children.add(child)
  proc.on('exit', (code, signal) => {
    child.exited = true
    child.exitCode = code ?? signal
    children.delete(child)
  })
  proc.on('error', (error) => {
    child.exited = true
    child.exitCode = error.message
  })
  return child
}

// Under `timeout`, the server is timeout's only child.
function serverPidOf(child) {
  if (child.serverPid) return child.serverPid
  try {
    const pids = readFileSync(`/proc/${child.proc.pid}/task/${child.proc.pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
    if (pids[0]) child.serverPid = Number(pids[0])
  } catch {}
  return child.serverPid
}

const logTail = (child) => {
  try {
    return readFileSync(child.log, 'utf8').split('\n').slice(-15).join('\n')
  } catch {
    return '(no log)'
  }
}

async function stop(child) {
  if (!child.exited) {
    try {
      process.kill(child.proc.pid, 'SIGTERM') // timeout passes it on to the server
    } catch {}
    const deadline = performance.now() + 5000
    while (!child.exited && performance.now() < deadline) await sleep(20)
  }
  for (const pid of [child.serverPid, child.proc.pid]) {
    try {
      if (pid) process.kill(pid, 'SIGKILL')
    } catch {}
  }
  children.delete(child)
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

/** One HTTP request on a fresh connection (no pooling, so no idle socket is left behind). */
function http(url, { method = 'GET', headers = {}, timeoutMs = 2000 } = {}) {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method, headers: { connection: 'close', ...headers }, agent: false },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk) => (text += chunk))
        res.on('end', () => resolve({ status: res.statusCode, text }))
        res.on('error', reject)
      },
    )
    req.setTimeout(timeoutMs, () => req.destroy(new Error('timeout')))
    req.on('error', reject)
    req.end()
  })
}

/** Milliseconds from spawn to the first 200 whose body parses as JSON, polling every ~5 ms. */
async function coldStart(child, url, headers) {
  const deadline = child.spawnedAt + COLD_DEADLINE_MS[child.name]
  for (;;) {
    if (child.exited)
      throw new Error(
        `${child.name} exited (${child.exitCode}) before answering:\n${logTail(child)}`,
      )
    if (performance.now() > deadline) {
      throw new Error(
        `${child.name} gave no valid answer within ${COLD_DEADLINE_MS[child.name]} ms:\n${logTail(child)}`,
      )
    }
    try {
      const res = await http(url, { headers, timeoutMs: 1000 })
      if (res.status === 200) {
        JSON.parse(res.text)
        return performance.now() - child.spawnedAt
      }
    } catch {}
    await sleep(5)
  }
}

// ---------------------------------------------------------------------------------------------
// Contenders: each starts its server, waits for the first valid answer and returns the URL to load.

/** jobfake from the checkout at root (this one, or the --baseline one), started in that checkout. */
async function jobfakeFrom(name, root) {
  const port = await freePort()
  const child = launch(
    name,
    process.execPath,
    [
      'dist/cli.js',
      'serve',
      '--port',
      String(port),
      '--clock',
      'manual',
      // Builds with a console log (dist/http/log.js) log every request unless told not to.
      ...(existsSync(join(root, 'dist', 'http', 'log.js')) ? ['--log', 'off'] : []),
    ],
    {},
    root,
  )
  const base = `http://127.0.0.1:${port}`
  const headers = { 'x-api-key': API_KEY }
  const coldMs = await coldStart(child, `${base}/airweave${POLL}`, headers)
  // The fixtures the bench assumes are the ones the server hands out.
  const served = JSON.parse((await http(`${base}/__admin/fixtures`)).text).airweave
  if (served.apiKey !== API_KEY || !served.sourceConnectionIds.includes(SOURCE)) {
    throw new Error(
      `${name}'s Airweave fixtures are not the ones ${fixturesModule.path} declares: ${JSON.stringify(served)}`,
    )
  }
  // One job, so that the polled list is not empty. The clock is manual: the body never changes.
  const run = await http(`${base}/airweave/source-connections/${SOURCE}/run`, {
    method: 'POST',
    headers,
  })
  if (run.status !== 200)
    throw new Error(`${name}: POST .../run answered ${run.status}: ${run.text}`)
  return { child, coldMs, url: `${base}/airweave${POLL}`, headers }
}

const contenders = {
  jobfake: () => jobfakeFrom('jobfake', ROOT),
  'jobfake@base': () => jobfakeFrom('jobfake@base', BASE),
  async prism() {
    const port = await freePort()
    // Prism's defaults: static examples, request validation, logging at info level.
    const child = launch('prism', process.execPath, [
      PRISM,
      'mock',
      'specs/airweave.yaml',
      '-h',
      '127.0.0.1',
      '-p',
      String(port),
    ])
    const url = `http://127.0.0.1:${port}${POLL}` // Prism serves the vendor paths at the root
    const headers = { 'x-api-key': API_KEY } // without it Prism answers 401, as the spec says
    const coldMs = await coldStart(child, url, headers)
    return { child, coldMs, url, headers }
  },
  async hono(body) {
    const port = await freePort()
    const child = launch('hono', process.execPath, ['bench/bare-hono.mjs'], {
      PORT: String(port),
      BODY: body,
    })
    const url = `http://127.0.0.1:${port}/airweave${POLL}`
    const headers = { 'x-api-key': API_KEY } // sent for the same request size; not read
    const coldMs = await coldStart(child, url, headers)
    return { child, coldMs, url, headers }
  },
}

function cannon(opts) {
  return new Promise((resolve, reject) => {
    autocannon(opts, (error, result) => (error ? reject(error) : resolve(result)))
  })
}

function cpuTicks(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ') // fields from the 3rd on
    return Number(fields[11]) + Number(fields[12]) // utime + stime
  } catch {
    return NaN
  }
}

/** The machine's CPU time so far, for the share the hypervisor stole (this machine is a shared VM). */
function machineTicks() {
  try {
    const [user, nice, system, idle, iowait, irq, softirq, steal] = readFileSync(
      '/proc/stat',
      'utf8',
    )
      .split('\n')[0]
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number)
    return {
      total: user + nice + system + idle + iowait + irq + softirq + steal,
      steal,
      idle: idle + iowait,
    }
  } catch {
    return { total: NaN, steal: NaN, idle: NaN }
  }
}

function peakRssMb(pid) {
  try {
    return Number(/VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024
  } catch {
    return NaN
  }
}

/**
 * Waits (up to --quiet-wait seconds) until the rest of the machine uses less than a fifth of a core
 * over one second: the machine is shared, and a test suite running beside the load skews it.
 */
async function waitQuiet() {
  const started = performance.now()
  for (;;) {
    const a = machineTicks()
    const cpu = process.cpuUsage()
    await sleep(1000)
    const b = machineTicks()
    const own = process.cpuUsage(cpu)
    const others =
      (1 - (b.idle - a.idle + b.steal - a.steal) / (b.total - a.total)) * cpus().length * 100 -
      (own.user + own.system) / 1e4
    if (others < 20) return
    if ((performance.now() - started) / 1000 >= QUIET_WAIT) {
      console.error(
        `[bench] the machine stayed busy (others ${fixed(others, 0)} % of a core) for ${QUIET_WAIT} s: measuring anyway`,
      )
      return
    }
  }
}

async function measure(name, round, body) {
  if (QUIET_WAIT > 0) await waitQuiet()
  const target = await contenders[name](body)
  const { child, url, headers } = target
  const pid = serverPidOf(child)
  const first = await http(url, { headers })
  const opts = { url, headers, connections: CONNECTIONS }
  const warm = await cannon({ ...opts, duration: WARMUP })
  const ticks = cpuTicks(pid)
  const machine = machineTicks()
  const cpu = process.cpuUsage()
  const started = performance.now()
  const r = await cannon({ ...opts, duration: DURATION })
  const wallS = (performance.now() - started) / 1000
  const serverCpu = ((cpuTicks(pid) - ticks) / CLK_TCK / wallS) * 100
  const used = process.cpuUsage(cpu)
  const clientCpu = ((used.user + used.system) / 1e6 / wallS) * 100
  const after = machineTicks()
  const steal = ((after.steal - machine.steal) / (after.total - machine.total)) * 100
  // CPU used by everything else on the machine during the load, in % of one core: other work
  // running beside the bench makes a round's figures unreliable.
  const busy =
    (1 -
      (after.idle - machine.idle + after.steal - machine.steal) / (after.total - machine.total)) *
    cpus().length *
    100
  const others = Math.max(0, busy - serverCpu - clientCpu)
  const rssMb = peakRssMb(pid)
  // The answer after the load must still be the one before it (the manual clock stands still).
  const last = await http(url, { headers })
  await stop(child)
  if (![0, 143, 'SIGTERM'].includes(child.exitCode)) {
    console.error(
      `[bench] ${name} did not stop cleanly on SIGTERM (${child.exitCode}):\n${logTail(child)}`,
    )
  }
  return {
    round,
    name,
    coldMs: target.coldMs,
    rps: r.requests.average,
    total: r.requests.total,
    p50: r.latency.p50,
    p99: r.latency.p99,
    rssMb,
    serverCpu,
    clientCpu,
    others,
    steal,
    non2xx: r.non2xx + warm.non2xx,
    errors: r.errors + r.timeouts + warm.errors + warm.timeouts,
    bodyBytes: Buffer.byteLength(first.text),
    body: first.text,
    stable: first.status === 200 && last.status === 200 && first.text === last.text,
  }
}

// ---------------------------------------------------------------------------------------------
// Reporting.

const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b)
  if (s.length === 0) return NaN
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
const int = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a')
const fixed = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a')

// Columns have fixed widths, so that rows printed one by one as rounds finish line up.
// The first `left` columns are text, the others numbers.
function table(headers, rows, { header = true, left = 2 } = {}) {
  const widths = headers.map((h, i) =>
    Math.max(h.length, headers[i] === 'server' ? Math.max(7, ...NAMES.map((n) => n.length)) : 6),
  )
  const line = (cs) =>
    cs
      .map((c, i) => (i < left ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i])))
      .join('  ')
  const head = header ? [line(headers), widths.map((w) => '-'.repeat(w)).join('  ')] : []
  return [...head, ...rows.map(line)].join('\n')
}

const COLUMNS = [
  'round',
  'server',
  'cold ms',
  'req/s',
  'p50 ms',
  'p99 ms',
  'peak RSS MB',
  'server CPU %',
  'bench CPU %',
  'others CPU %',
  'steal %',
  'non2xx',
  'errors',
  'body B',
]
const cells = (r) => [
  r.round,
  r.name,
  int(r.coldMs),
  int(r.rps),
  fixed(r.p50, 0),
  fixed(r.p99, 0),
  fixed(r.rssMb, 0),
  fixed(r.serverCpu, 0),
  fixed(r.clientCpu, 0),
  fixed(r.others, 0),
  fixed(r.steal, 0),
  r.non2xx,
  r.errors,
  r.bodyBytes,
]

async function main() {
  console.log(
    `[bench] ${ROUNDS} round(s); per contender: cold start, ${WARMUP} s warm-up, ${DURATION} s at ${CONNECTIONS} connections` +
      ` on GET ${POLL} — node ${process.version}, ${cpus().length} CPUs; autocannon runs in this process, on the same machine`,
  )
  console.log(`[bench] contenders: ${NAMES.join(', ')}`)
  if (has('jobfake')) console.log(`[bench] jobfake:      ${describeLine(BUILDS.current)}`)
  if (has('jobfake@base')) {
    console.log(`[bench] jobfake@base: ${describeLine(BUILDS.baseline)}`)
    if (sameDir(ROOT, BASE))
      console.log('[bench] note: the baseline is this very checkout (an A/A comparison)')
  }
  console.log('')
  const rows = []
  const notes = []
  let jobfakeBody
  for (let round = 1; round <= ROUNDS; round++) {
    // Rotate the order every round; in round 1 jobfake (or jobfake@base) comes before bare hono, which answers its body.
    const order = NAMES.map((_, i) => NAMES[(i + round - 1) % NAMES.length])
    for (const name of order) {
      const row = await measure(name, round, jobfakeBody)
      if (name === 'jobfake' || name === 'jobfake@base') jobfakeBody ??= row.body
      if (name === 'hono' && row.body !== jobfakeBody)
        throw new Error('bare hono did not answer the body jobfake answered')
      if (!row.stable)
        console.error(`[bench] ${name}: the body after the load differs from the one before it`)
      rows.push(row)
      console.log(table(COLUMNS, [cells(row)], { header: rows.length === 1 }))
    }
  }
  // The two builds should answer the same poll: if the size differs, so does the work per request.
  const sizes = (name) => [...new Set(rows.filter((r) => r.name === name).map((r) => r.bodyBytes))]
  if (
    has('jobfake') &&
    has('jobfake@base') &&
    sizes('jobfake').join() !== sizes('jobfake@base').join()
  ) {
    notes.push(
      `jobfake answered ${sizes('jobfake').join('/')} B and jobfake@base ${sizes('jobfake@base').join('/')} B: the builds do not answer the same body`,
    )
  }

  const medians = {}
  for (const name of NAMES) {
    const mine = rows.filter((r) => r.name === name)
    medians[name] = Object.fromEntries(
      ['coldMs', 'rps', 'p50', 'p99', 'rssMb', 'serverCpu', 'clientCpu', 'others', 'steal'].map(
        (k) => [k, median(mine.map((r) => r[k]))],
      ),
    )
    medians[name].non2xx = mine.reduce((n, r) => n + r.non2xx, 0)
    medians[name].errors = mine.reduce((n, r) => n + r.errors, 0)
    medians[name].bodyBytes = mine[0].bodyBytes
  }
  const jf = medians.jobfake
  // Each ratio only when both its contenders ran (see --only).
  const ratios = {}
  if (has('jobfake') && has('prism')) ratios.rpsVsPrism = jf.rps / medians.prism.rps
  if (has('jobfake') && has('hono')) ratios.rpsVsHono = jf.rps / medians.hono.rps
  if (has('jobfake') && has('prism')) ratios.coldPrismOverJobfake = medians.prism.coldMs / jf.coldMs
  if (has('jobfake') && has('jobfake@base')) {
    const b = medians['jobfake@base']
    // Current build over the baseline: above 1 is better for rps, below 1 better for the others.
    ratios.vsBaseline = {
      rps: jf.rps / b.rps,
      p99: jf.p99 / b.p99,
      p50: jf.p50 / b.p50,
      coldMs: jf.coldMs / b.coldMs,
      rssMb: jf.rssMb / b.rssMb,
      serverCpu: jf.serverCpu / b.serverCpu,
    }
  }
  // The same ratios within each round, where the contenders ran back to back.
  ratios.perRound = Array.from({ length: ROUNDS }, (_, i) => {
    const of = (name) => rows.find((r) => r.round === i + 1 && r.name === name)
    const entry = { round: i + 1 }
    if ('rpsVsPrism' in ratios) entry.rpsVsPrism = of('jobfake').rps / of('prism').rps
    if ('rpsVsHono' in ratios) entry.rpsVsHono = of('jobfake').rps / of('hono').rps
    if ('vsBaseline' in ratios) entry.rpsVsBaseline = of('jobfake').rps / of('jobfake@base').rps
    return entry
  })

  console.log(`\nmedians of ${ROUNDS} round(s) (non2xx and errors: totals, warm-ups included)\n`)
  console.log(
    table(
      COLUMNS.slice(1),
      NAMES.map((name) => cells({ round: '', name, ...medians[name] }).slice(1)),
      { left: 1 },
    ),
  )

  const verdicts = []
  const verdict = (what, value, ok, detail) => {
    verdicts.push({ what, value, holds: ok, detail })
    console.log(`  ${ok ? 'holds ' : 'MISSED'}  ${what}: ${value}${detail ? ` — ${detail}` : ''}`)
  }
  const perRound = (k) => ratios.perRound.map((r) => `${fixed(r[k], 2)}×`).join(', ')
  if ('rpsVsPrism' in ratios || 'rpsVsHono' in ratios) console.log('\nratios (medians)')
  if ('rpsVsPrism' in ratios)
    console.log(
      `  req/s jobfake / prism: ${fixed(ratios.rpsVsPrism, 2)}× (per round: ${perRound('rpsVsPrism')})`,
    )
  if ('rpsVsHono' in ratios)
    console.log(
      `  req/s jobfake / bare hono: ${fixed(ratios.rpsVsHono, 2)}× (per round: ${perRound('rpsVsHono')})`,
    )
  if ('coldPrismOverJobfake' in ratios) {
    console.log(
      `  cold start prism / jobfake: ${fixed(ratios.coldPrismOverJobfake, 1)}× (jobfake ${int(jf.coldMs)} ms, prism ${int(medians.prism.coldMs)} ms` +
        `${has('hono') ? `, bare hono ${int(medians.hono.coldMs)} ms` : ''})`,
    )
  }
  if ('vsBaseline' in ratios) {
    const b = medians['jobfake@base']
    const v = ratios.vsBaseline
    const commit = (d) =>
      d.commit ? `${d.commit}${d.uncommittedChanges ? '+changes' : ''}` : d.root
    console.log(
      `\njobfake / jobfake@base (medians; current ${commit(BUILDS.current)} over baseline ${commit(BUILDS.baseline)})`,
    )
    const line = (what, ratio, mine, theirs, better) =>
      console.log(
        `  ${what.padEnd(12)} ${`${fixed(ratio, 2)}×`.padStart(7)}   ${mine} vs ${theirs}${better ? `   (${better})` : ''}`,
      )
    line(
      'req/s',
      v.rps,
      int(jf.rps),
      int(b.rps),
      `higher is better; per round: ${perRound('rpsVsBaseline')}`,
    )
    line('p99 ms', v.p99, fixed(jf.p99, 0), fixed(b.p99, 0), 'lower is better; 1 ms resolution')
    line('cold ms', v.coldMs, int(jf.coldMs), int(b.coldMs), 'lower is better')
    line('peak RSS MB', v.rssMb, fixed(jf.rssMb, 0), fixed(b.rssMb, 0), 'lower is better')
  }
  for (const note of notes) console.log(`  note    ${note}`)

  console.log('\nbudget (DESIGN.md)')
  if (!has('jobfake')) console.log('  not judged: jobfake (the current build) was not measured')
  if (has('jobfake')) {
    verdict(
      `start-up ≤ ${BUDGET.coldMs} ms`,
      `${int(jf.coldMs)} ms`,
      jf.coldMs <= BUDGET.coldMs,
      jf.coldMs <= BUDGET.coldMs
        ? `${int(BUDGET.coldMs - jf.coldMs)} ms to spare`
        : `over by ${int(jf.coldMs - BUDGET.coldMs)} ms`,
    )
  }
  if ('rpsVsPrism' in ratios) {
    const need = (k) => int(k * medians.prism.rps)
    verdict(
      `throughput ≥ ${BUDGET.vsPrismFloor}× prism (floor)`,
      `${fixed(ratios.rpsVsPrism, 2)}×`,
      ratios.rpsVsPrism >= BUDGET.vsPrismFloor,
      `${int(jf.rps)} req/s vs ${need(BUDGET.vsPrismFloor)} needed`,
    )
    verdict(
      `throughput ≥ ${BUDGET.vsPrismAim}× prism (aim)`,
      `${fixed(ratios.rpsVsPrism, 2)}×`,
      ratios.rpsVsPrism >= BUDGET.vsPrismAim,
      ratios.rpsVsPrism >= BUDGET.vsPrismAim
        ? `${int(jf.rps)} req/s vs ${need(BUDGET.vsPrismAim)} needed`
        : `${int(jf.rps)} req/s vs ${need(BUDGET.vsPrismAim)} needed (short by ${fixed((1 - jf.rps / (BUDGET.vsPrismAim * medians.prism.rps)) * 100, 0)} %)`,
    )
  } else if (has('jobfake'))
    console.log('  not judged: throughput against prism (prism was not measured)')
  if ('rpsVsHono' in ratios) {
    const honoNeed = BUDGET.vsHono * medians.hono.rps
    verdict(
      `throughput ≥ ${BUDGET.vsHono} × bare hono`,
      `${fixed(ratios.rpsVsHono, 2)}×`,
      ratios.rpsVsHono >= BUDGET.vsHono,
      ratios.rpsVsHono >= BUDGET.vsHono
        ? `${int(jf.rps)} req/s vs ${int(honoNeed)} needed`
        : `${int(jf.rps)} req/s vs ${int(honoNeed)} needed (short by ${fixed((1 - jf.rps / honoNeed) * 100, 0)} %)`,
    )
  } else if (has('jobfake'))
    console.log('  not judged: throughput against bare hono (bare hono was not measured)')
  if (has('jobfake')) {
    const others = ['prism', 'hono', 'jobfake@base']
      .filter(has)
      .map((n) => `${n === 'hono' ? 'bare hono' : n} ${fixed(medians[n].p99, 0)} ms`)
    verdict(
      `p99 ≤ ${BUDGET.p99Ms} ms at ${CONNECTIONS} connections`,
      `${fixed(jf.p99, 0)} ms`,
      jf.p99 <= BUDGET.p99Ms,
      jf.p99 <= BUDGET.p99Ms
        ? ''
        : `over by ${fixed(jf.p99 - BUDGET.p99Ms, 0)} ms${others.length ? ` (${others.join(', ')})` : ''}`,
    )
  }
  const busy = rows.filter((r) => r.others > 25)
  if (busy.length > 0) {
    console.log(
      `  note    other processes used CPU during ${busy.map((r) => `round ${r.round} ${r.name} (${fixed(r.others, 0)} % of a core)`).join(', ')}: those figures are low; rerun on a quiet machine`,
    )
  }
  const bad = rows.filter((r) => r.non2xx > 0 || r.errors > 0)
  const valid = bad.length === 0
  console.log(
    valid
      ? '  valid   every response of every load was 2xx, with no errors or timeouts'
      : `  INVALID ${bad.map((r) => `round ${r.round} ${r.name}: ${r.non2xx} non-2xx, ${r.errors} errors`).join('; ')}`,
  )

  mkdirSync(RESULTS, { recursive: true })
  const gitignore = join(RESULTS, '.gitignore')
  if (!existsSync(gitignore)) writeFileSync(gitignore, '*.json\n')
  const file = join(RESULTS, 'latest.json')
  writeFileSync(
    file,
    JSON.stringify(
      {
        when: new Date().toISOString(),
        node: process.version,
        cpus: cpus().length,
        options: {
          rounds: ROUNDS,
          duration: DURATION,
          connections: CONNECTIONS,
          warmup: WARMUP,
          only: args.only ?? null,
          baseline: BASE ?? null,
        },
        contenders: NAMES,
        builds: BUILDS,
        request: `GET ${POLL} (x-api-key)`,
        budget: BUDGET,
        valid,
        medians,
        ratios,
        verdicts,
        notes,
        rows: rows.map(({ body, ...row }) => row),
      },
      null,
      2,
    ) + '\n',
  )
  console.log(`\n[bench] medians written to ${file}`)
  return valid
}

main().then(
  (valid) => {
    cleanup()
    process.exit(valid ? 0 : 2)
  },
  (error) => {
    console.error(`[bench] ${error.stack ?? error}`)
    cleanup()
    process.exit(1)
  },
)
