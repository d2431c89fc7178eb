// Scale-out, shown working (issue 13): nginx (Debian's package) in front of jobfake replicas on
// 127.0.0.1, configured from deploy/nginx.conf itself (only its upstream servers and its listen
// address are replaced), spreading sessions over the replicas by hashing X-Jobfake-Session.
//
// 1. Checks, with 3 replicas behind nginx and --sessions session names:
//    - stickiness: every request of a session, sent through nginx, is in the journal of exactly one
//      replica (each replica asked directly), and the session's job is on that replica only; the
//      requests without the header all reach one replica (its "default" session);
//    - isolation: each session starts a job on the same Airweave source connection (a second one
//      in one session would be refused) and sees only its own job in GET /__admin/jobs; a
//      POST /__admin/reset in one session empties it and leaves every other session's job;
//    - the event stream, if this build has one: /__admin/events?session= (no header) through nginx
//      reaches the session's replica and streams its events unbuffered;
//    - spread: how many sessions each replica holds, and a model of nginx's ring that must agree
//      with it (and then tells how the same names split over compose's jobfake-1..3:4010).
// 2. Throughput of the Airweave status poll through nginx with 1, 2 and 3 replicas (and, for
//    reference, one replica without nginx): autocannon in this process, each request with the next
//    session's header (round-robin over the sessions). Each of --rounds rounds starts 3 fresh
//    replicas, primes and warms each (--warmup s), then measures every setup (1 s warm-up,
//    --duration s), in an order that rotates from round to round; medians, ratios to 1 replica.
//
// Installs nginx with apt-get when /usr/sbin/nginx is missing (root only). Everything listens on
// 127.0.0.1, every child (nginx and jobfake) runs under coreutils `timeout` in its own process group
// and is killed on exit, Ctrl-C or an error; the whole run is bounded in time.
//
// Usage: node bench/scale-out.mjs [--sessions 60] [--rounds 3] [--duration 5] [--warmup 2]
//                                 [--connections 50] [--quiet-wait 30] [--retries 2] [--checks-only]
//                                 [--replica-log pretty|json|off]   (passed on as `serve --log`)
// Exit code: 0 when every check holds and every load response was 2xx; 1 otherwise.
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { request as httpRequest } from 'node:http'
import { createServer } from 'node:net'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { describeBuild, describeLine } from './builds.mjs'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const SITE = join(ROOT, 'deploy', 'nginx.conf')
const RESULTS = join(ROOT, 'bench', 'results')
const NGINX = '/usr/sbin/nginx'
const MAX_REPLICAS = 3

const { values: args } = parseArgs({
  options: {
    sessions: { type: 'string', default: '60' },
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '50' },
    'quiet-wait': { type: 'string', default: '30' },
    retries: { type: 'string', default: '2' },
    'checks-only': { type: 'boolean', default: false },
    'replica-log': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
})
if (args.help) {
  console.log(
    'node bench/scale-out.mjs [--sessions 60] [--rounds 3] [--duration 5] [--warmup 2] [--connections 50]\n' +
      '                         [--quiet-wait 30] [--retries 2] [--checks-only] [--replica-log pretty|json|off]',
  )
  process.exit(0)
}
const whole = (name, min, max) => {
  const n = Number(args[name])
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`[scale-out] --${name} must be a whole number from ${min} to ${max}.`)
    process.exit(1)
  }
  return n
}
const SESSIONS = whole('sessions', 6, 500)
const ROUNDS = whole('rounds', 1, 20)
const DURATION = whole('duration', 1, 120)
const WARMUP = whole('warmup', 0, 30)
const CONNECTIONS = whole('connections', 1, 1000)
const QUIET_WAIT = whole('quiet-wait', 0, 600)
const RETRIES = whole('retries', 0, 10)
// Above this (% of one core used by other processes during a load), the load is taken again.
const BUSY = 25
const CHECKS_ONLY = args['checks-only']
// The replicas run `serve --port <p> --clock manual`, plus `--log <mode>` when asked (builds
// since the console request log; its default, pretty, writes a line per request, to a file here).
const REPLICA_LOG = args['replica-log']
if (REPLICA_LOG !== undefined && !['pretty', 'json', 'off'].includes(REPLICA_LOG)) {
  console.error('[scale-out] --replica-log takes pretty, json or off.')
  process.exit(1)
}
const SERVE_ARGS = ['--clock', 'manual', ...(REPLICA_LOG ? ['--log', REPLICA_LOG] : [])]

// The setups measured: one replica without nginx (the reference), then 1..3 behind nginx.
const SETUPS = [
  { name: 'direct', replicas: 1, nginx: false },
  ...Array.from({ length: MAX_REPLICAS }, (_, i) => ({
    name: `nginx+${i + 1}`,
    replicas: i + 1,
    nginx: true,
  })),
]
const SESSION_NAMES = Array.from(
  { length: SESSIONS },
  (_, i) => `ci-run-${String(i + 1).padStart(3, '0')}`,
)

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const log = (...parts) => console.log(...parts)

// ---------------------------------------------------------------------------------------------
// Children: each under coreutils `timeout` (so that it dies by itself even if this process is
// killed with SIGKILL), spawned detached, so that it leads its own process group: killing the
// group reaches nginx's worker processes too, which outlive a killed master.

const TMP = mkdtempSync(join(tmpdir(), 'jobfake-scale-out-'))
// nginx's workers run as "nobody" when the master is root: they must reach the temp paths.
chmodSync(TMP, 0o755)
const children = new Set()
const HAS_TIMEOUT = spawnSync('timeout', ['--version'], { stdio: 'ignore' }).status === 0
const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
  } catch {
    return 100
  }
})()

// The whole run is bounded: the checks, then every round of every setup, generously.
const PER_ROUND_S =
  QUIET_WAIT +
  30 +
  MAX_REPLICAS * (WARMUP + 10) +
  SETUPS.length * (RETRIES + 1) * (QUIET_WAIT + DURATION + 20)
const WATCHDOG_S = 180 + (CHECKS_ONLY ? 0 : ROUNDS * PER_ROUND_S)

function killGroup(child, signal) {
  try {
    process.kill(-child.proc.pid, signal)
  } catch {}
}

let cleanedUp = false
/** Last resort (process exit): SIGKILL whatever is left, remove the temp dir. */
function cleanup() {
  if (cleanedUp) return
  cleanedUp = true
  for (const child of children) killGroup(child, 'SIGKILL')
  try {
    rmSync(TMP, { recursive: true, force: true })
  } catch {}
}
process.on('exit', cleanup)

/**
 * Stops every child: SIGTERM to each group (nginx's master then reaps its workers and exits), up
 * to 3 s, then SIGKILL to what is left; then exits. Used on every way out but the watchdog's.
 */
let exiting = false
async function stopAllAndExit(code) {
  if (exiting) return
  exiting = true
  for (const child of children) killGroup(child, 'SIGTERM')
  let deadline = performance.now() + 3000
  while (children.size > 0 && performance.now() < deadline) await sleep(20)
  for (const child of children) killGroup(child, 'SIGKILL')
  deadline = performance.now() + 1000
  while (children.size > 0 && performance.now() < deadline) await sleep(20)
  cleanup()
  process.exit(code)
}
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
]) {
  process.on(signal, () => {
    console.error(`\n[scale-out] ${signal}: stopping nginx and every replica`)
    void stopAllAndExit(code)
  })
}
for (const event of ['uncaughtException', 'unhandledRejection']) {
  process.on(event, (error) => {
    console.error('[scale-out]', error)
    void stopAllAndExit(1)
  })
}

function armWatchdog() {
  setTimeout(() => {
    console.error(`[scale-out] the run took longer than ${WATCHDOG_S} s: giving up`)
    setTimeout(() => process.exit(1), 5000).unref()
    void stopAllAndExit(1)
  }, WATCHDOG_S * 1000).unref()
}

let launched = 0
function launch(name, command, commandArgs) {
  const logFile = join(TMP, `${name}-${++launched}.log`)
  const fd = openSync(logFile, 'w')
  const [file, argv] = HAS_TIMEOUT
    ? ['timeout', ['--kill-after=5', String(WATCHDOG_S + 30), command, ...commandArgs]]
    : [command, commandArgs]
  const proc = spawn(file, argv, { cwd: ROOT, stdio: ['ignore', fd, fd], detached: true })
  closeSync(fd)
  const child = { name, proc, log: logFile, exited: false, exitCode: null }
  children.add(child)
  proc.on('exit', (code, signal) => {
    child.exited = true
    child.exitCode = code ?? signal
    children.delete(child)
  })
  proc.on('error', (error) => {
    child.exited = true
    child.exitCode = error.message
    children.delete(child)
  })
  return child
}

async function stop(child) {
  if (!child.exited) {
    killGroup(child, 'SIGTERM') // nginx: fast shutdown of master and workers; jobfake: clean exit
    const deadline = performance.now() + 5000
    while (!child.exited && performance.now() < deadline) await sleep(20)
  }
  killGroup(child, 'SIGKILL') // whatever is left of the group, nginx workers included
  children.delete(child)
}

const childrenOf = (pid) => {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number)
  } catch {
    return []
  }
}
/** The processes doing the work: below `timeout`, the server (and, for nginx, its workers). */
function workPids(child) {
  const top = HAS_TIMEOUT ? childrenOf(child.proc.pid) : [child.proc.pid]
  return [...top, ...top.flatMap(childrenOf)]
}

const logTail = (child) => {
  try {
    return readFileSync(child.log, 'utf8').split('\n').slice(-15).join('\n')
  } catch {
    return '(no log)'
  }
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

/** One HTTP request on a fresh connection (no pooling: no idle socket is left behind). */
function http(url, { method = 'GET', headers = {}, body, timeoutMs = 5000 } = {}) {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method, headers: { connection: 'close', ...headers }, agent: false },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk) => (text += chunk))
        res.on('end', () => {
          let json
          try {
            json = JSON.parse(text)
          } catch {}
          resolve({ status: res.statusCode, headers: res.headers, text, json })
        })
        res.on('error', reject)
      },
    )
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`timeout: ${method} ${url}`)))
    req.on('error', reject)
    req.end(body)
  })
}

/** Runs fn over items, `width` at a time, keeping the order of the results. */
async function pool(items, width, fn) {
  const out = new Array(items.length)
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++
        out[i] = await fn(items[i], i)
      }
    }),
  )
  return out
}

async function waitReady(child, url, what) {
  const deadline = performance.now() + 20_000
  for (;;) {
    if (child.exited) throw new Error(`${what} exited (${child.exitCode}):\n${logTail(child)}`)
    if (performance.now() > deadline)
      throw new Error(`${what} did not answer ${url} within 20 s:\n${logTail(child)}`)
    try {
      const res = await http(url, { timeoutMs: 1000 })
      if (res.status === 200) return
    } catch {}
    await sleep(20)
  }
}

// ---------------------------------------------------------------------------------------------
// Setting up: the build, nginx, its configuration.

function ensureBuild() {
  if (existsSync(join(ROOT, 'dist', 'cli.js'))) return
  log('[scale-out] dist/cli.js is missing: npm run build')
  const r = spawnSync('timeout', ['300', 'npm', 'run', 'build'], { cwd: ROOT, stdio: 'inherit' })
  if (r.status !== 0 || !existsSync(join(ROOT, 'dist', 'cli.js')))
    throw new Error('npm run build failed')
}

function ensureNginx() {
  if (existsSync(NGINX)) return
  if (process.getuid?.() !== 0)
    throw new Error(
      `${NGINX} is missing; run as root to install it (apt-get install nginx), or install it.`,
    )
  log(`[scale-out] ${NGINX} is missing: apt-get update && apt-get install -y nginx`)
  // The package would start its own nginx on port 80 where nothing forbids it (Docker's Debian
  // images carry this very policy): forbid it for the install only.
  const policy = '/usr/sbin/policy-rc.d'
  const ownPolicy = !existsSync(policy)
  if (ownPolicy) writeFileSync(policy, '#!/bin/sh\nexit 101\n', { mode: 0o755 })
  try {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    for (const argv of [
      ['apt-get', 'update'],
      ['apt-get', 'install', '-y', 'nginx'],
    ]) {
      const r = spawnSync('timeout', ['600', ...argv], { stdio: 'inherit', env })
      if (r.status !== 0) throw new Error(`${argv.join(' ')} failed (exit ${r.status ?? r.signal})`)
    }
  } finally {
    if (ownPolicy) rmSync(policy, { force: true })
  }
  if (!existsSync(NGINX)) throw new Error(`apt-get installed nginx, but ${NGINX} is still missing`)
}

const nginxVersion = () =>
  spawnSync(NGINX, ['-v'], { encoding: 'utf8' })
    .stderr.trim()
    .replace(/^nginx version: /, '')

/**
 * deploy/nginx.conf with its upstream servers (`server jobfake-N:4010 …;`) replaced by one line
 * per port, with the same parameters, and `listen 4010;` by a loopback address; inside an nginx.conf
 * of the same shape as the nginx image's, with every path in `dir`.
 */
function writeNginxConfig(dir, listenPort, upstreamPorts) {
  const site = readFileSync(SITE, 'utf8')
  const serverLine = /^([ \t]*)server[ \t]+jobfake-\d+:4010\b([^;\n]*);[ \t]*\n/gm
  const listenLine = /^([ \t]*)listen[ \t]+4010;/gm
  const servers = site.match(serverLine) ?? []
  if (servers.length === 0 || (site.match(listenLine) ?? []).length !== 1) {
    throw new Error(
      `${SITE} no longer has the upstream lines "server jobfake-N:4010 …;" and one "listen 4010;" this bench replaces`,
    )
  }
  let first = true
  const rewritten = site
    .replace(serverLine, (_, indent, params) => {
      if (!first) return ''
      first = false
      return upstreamPorts.map((p) => `${indent}server 127.0.0.1:${p}${params};\n`).join('')
    })
    .replace(listenLine, `$1listen 127.0.0.1:${listenPort};`)
  mkdirSync(dir, { recursive: true })
  chmodSync(dir, 0o755)
  writeFileSync(join(dir, 'jobfake.conf'), rewritten)
  const main = `# Written by bench/scale-out.mjs: the nginx image's main configuration, with every path in ${dir}.
daemon off;
worker_processes auto;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;

events {
    worker_connections 1024;
}

http {
    default_type application/octet-stream;
    sendfile on;
    keepalive_timeout 65;
    access_log ${dir}/access.log combined buffer=64k flush=1s;
    client_body_temp_path ${dir}/client_body;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;
    include ${dir}/jobfake.conf;
}
`
  writeFileSync(join(dir, 'nginx.conf'), main)
  return join(dir, 'nginx.conf')
}

// ---------------------------------------------------------------------------------------------
// A deployment: n replicas, and nginx in front of them (or not).

let FIXTURES
let deployments = 0

async function startReplicas(count) {
  const replicas = []
  for (let i = 0; i < count; i++) {
    const port = await freePort()
    const child = launch(`replica-${i + 1}`, process.execPath, [
      'dist/cli.js',
      'serve',
      '--port',
      String(port),
      ...SERVE_ARGS,
    ])
    replicas.push({ index: i + 1, port, base: `http://127.0.0.1:${port}`, child })
  }
  for (const r of replicas)
    await waitReady(r.child, `${r.base}/__admin/health`, `replica ${r.index}`)
  FIXTURES ??= (await http(`${replicas[0].base}/__admin/fixtures`)).json
  return replicas
}

/** nginx in front of these replicas, on a free loopback port, after `nginx -t`. */
async function startNginx(replicas) {
  const port = await freePort()
  const dir = join(TMP, `nginx-${++deployments}`)
  const conf = writeNginxConfig(
    dir,
    port,
    replicas.map((r) => r.port),
  )
  const test = spawnSync(NGINX, ['-t', '-q', '-p', dir, '-e', `${dir}/error.log`, '-c', conf], {
    encoding: 'utf8',
    timeout: 10_000,
  })
  if (test.status !== 0) throw new Error(`nginx -t refused ${conf}:\n${test.stderr}`)
  const child = launch('nginx', NGINX, ['-p', dir, '-e', `${dir}/error.log`, '-c', conf])
  const nginx = { port, base: `http://127.0.0.1:${port}`, child }
  await waitReady(child, `${nginx.base}/__admin/health`, 'nginx')
  return nginx
}

async function deploy(replicaCount) {
  const replicas = await startReplicas(replicaCount)
  return { replicas, nginx: await startNginx(replicas) }
}

async function undeploy(d) {
  await stop(d.nginx.child)
  for (const r of d.replicas) await stop(r.child)
}

// The requests a session makes: one per vendor, and the Airweave job it starts.
function vendorRequests() {
  const { airweave, chroma, akua, peaka } = FIXTURES
  const sc = `/airweave/source-connections/${airweave.sourceConnectionIds[0]}`
  const aw = { 'x-api-key': airweave.apiKey }
  return [
    { method: 'POST', path: `${sc}/run`, headers: aw, job: true },
    { method: 'GET', path: `${sc}/jobs`, headers: aw },
    { method: 'GET', path: sc, headers: aw },
    { method: 'GET', path: '/chroma/api/v1/sources', headers: { 'x-chroma-token': chroma.token } },
    {
      method: 'GET',
      path: '/akua/v1/operations',
      headers: { authorization: `Bearer ${akua.token}` },
    },
    {
      method: 'GET',
      path: `/peaka/api/v1/data/projects/${peaka.projectIds[0]}/cache/status`,
      headers: { authorization: `Bearer ${peaka.partnerKey}` },
    },
  ]
}

const as = (session, headers = {}) =>
  session === undefined ? headers : { ...headers, 'x-jobfake-session': session }
const jobsOf = async (base, session) => {
  const res = await http(`${base}/__admin/jobs`, { headers: as(session) })
  if (res.status !== 200) throw new Error(`GET /__admin/jobs answered ${res.status}: ${res.text}`)
  return res.json
}
const journalOf = async (base, session) => {
  const res = await http(`${base}/__admin/journal`, { headers: as(session) })
  if (res.status !== 200)
    throw new Error(`GET /__admin/journal answered ${res.status}: ${res.text}`)
  return res.json
}

// ---------------------------------------------------------------------------------------------
// 1. The checks.

const verdicts = []
function verdict(what, holds, detail) {
  verdicts.push({ what, holds, detail })
  log(`  ${holds ? 'holds ' : 'FAILED'}  ${what}: ${detail}`)
}

/** Opens an SSE stream and collects its frames until stopped; resolves once headers arrive. */
function openStream(url) {
  return new Promise((resolve, reject) => {
    const frames = []
    const req = httpRequest(
      url,
      { agent: false, headers: { accept: 'text/event-stream' } },
      (res) => {
        let buffer = ''
        res.setEncoding('utf8')
        res.on('data', (chunk) => {
          buffer += chunk
          let end
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const frame = Object.fromEntries(
              buffer
                .slice(0, end)
                .split('\n')
                .filter((line) => line && !line.startsWith(':'))
                .map((line) => [
                  line.slice(0, line.indexOf(':')),
                  line.slice(line.indexOf(':') + 1).trim(),
                ]),
            )
            buffer = buffer.slice(end + 2)
            frames.push({ ...frame, atMs: performance.now() })
          }
        })
        res.on('error', () => {})
        resolve({
          status: res.statusCode,
          type: res.headers['content-type'] ?? '',
          frames,
          close: () => req.destroy(),
        })
      },
    )
    req.setTimeout(10_000, () => req.destroy(new Error('stream timeout')))
    req.on('error', (error) => (error.code === 'ECONNRESET' ? undefined : reject(error)))
    req.end()
  })
}

async function waitFor(predicate, ms) {
  const deadline = performance.now() + ms
  while (performance.now() < deadline) {
    const found = predicate()
    if (found) return found
    await sleep(10)
  }
  return undefined
}

// nginx's consistent hash (ngx_http_upstream_hash_module, `hash … consistent`): each server name
// "host:port" gets 160 points (weight 1), crc32(host "\0" port prev_point) in a chain; a key goes to
// the server of the first point at or after crc32(key), wrapping around.
const CRC_TABLE = Int32Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c
})
const crcUpdate = (c, bytes) => {
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8)
  return c
}
const crcFinal = (c) => (c ^ 0xffffffff) >>> 0

/** A function from a key to the index of the server nginx's ring sends it to. */
function chashRing(servers) {
  const points = []
  servers.forEach((server, index) => {
    const [, host, port] = /^(.*):(\d+)$/.exec(server) ?? [server, server, '']
    const base = crcUpdate(
      crcUpdate(crcUpdate(0xffffffff, Buffer.from(host)), [0]),
      Buffer.from(port),
    )
    const prev = Buffer.alloc(4)
    for (let j = 0; j < 160; j++) {
      const hash = crcFinal(crcUpdate(base, prev))
      points.push({ hash, index })
      prev.writeUInt32LE(hash)
    }
  })
  points.sort((a, b) => a.hash - b.hash)
  return (key) => {
    const hash = crcFinal(crcUpdate(0xffffffff, Buffer.from(key)))
    let lo = 0
    let hi = points.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (points[mid].hash < hash) lo = mid + 1
      else hi = mid
    }
    return points[lo % points.length].index
  }
}

async function checks() {
  const d = await deploy(MAX_REPLICAS)
  const { replicas, nginx } = d
  const requests = vendorRequests()
  log(
    `checks: ${MAX_REPLICAS} replicas (127.0.0.1:${replicas.map((r) => r.port).join(', :')}) behind nginx on 127.0.0.1:${nginx.port}; ` +
      `${SESSIONS} sessions, ${requests.length} vendor requests each (Airweave run, jobs, source connection; Chroma, Akua, Peaka lists), sent through nginx`,
  )

  // Every session's requests, through nginx; the job each one starts.
  const started = new Map() // session → job id
  const refused = []
  await pool(SESSION_NAMES, 6, async (session) => {
    for (const r of requests) {
      const res = await http(`${nginx.base}${r.path}`, {
        method: r.method,
        headers: as(session, r.headers),
      })
      if (r.job) {
        if (res.status === 200 && res.json?.id) started.set(session, res.json.id)
        else refused.push(`${session}: ${res.status} ${res.text.slice(0, 120)}`)
      } else if (res.status !== 200) refused.push(`${session} ${r.path}: ${res.status}`)
    }
  })
  // Requests without the header, through nginx, then as many naming "default": one session.
  const BARE = 10
  for (const session of [undefined, 'default'])
    for (let i = 0; i < BARE; i++)
      await http(`${nginx.base}${requests[1].path}`, { headers: as(session, requests[1].headers) })

  // Where each session's requests went: each replica's own journal and jobs, asked directly.
  const home = new Map() // session → replica index
  const notSticky = []
  const jobNotHome = []
  for (const session of SESSION_NAMES) {
    const seen = []
    for (const r of replicas) {
      const journal = await journalOf(r.base, session)
      const jobs = await jobsOf(r.base, session)
      if (journal.some((e) => e.session !== undefined && e.session !== session))
        notSticky.push(`${session}: replica ${r.index}'s journal holds another session's entries`)
      seen.push({ replica: r.index, entries: journal.length, jobs: jobs.map((j) => j.id) })
    }
    const holders = seen.filter((s) => s.entries > 0)
    if (holders.length !== 1 || holders[0].entries !== requests.length) {
      notSticky.push(
        `${session}: ${seen.map((s) => `replica ${s.replica} ${s.entries}`).join(', ')}`,
      )
      continue
    }
    home.set(session, holders[0].replica)
    const withJob = seen.filter((s) => s.jobs.length > 0)
    if (
      withJob.length !== 1 ||
      withJob[0].replica !== holders[0].replica ||
      !withJob[0].jobs.includes(started.get(session))
    )
      jobNotHome.push(
        `${session}: jobs on ${withJob.map((s) => `replica ${s.replica}`).join(', ') || 'none'}`,
      )
  }
  verdict(
    'stickiness',
    notSticky.length === 0,
    notSticky.length === 0
      ? `${SESSIONS}/${SESSIONS} sessions: all ${requests.length} requests of each in the journal of one replica, none in the others' (${SESSIONS * requests.length} requests)`
      : `${notSticky.length} session(s) not on exactly one replica: ${notSticky.slice(0, 5).join('; ')}`,
  )
  verdict(
    'jobs stay home',
    jobNotHome.length === 0 && started.size === SESSIONS,
    jobNotHome.length === 0
      ? `each session's job is on its replica only (GET /__admin/jobs on each replica)`
      : jobNotHome.slice(0, 5).join('; '),
  )
  // Asked without the header, each replica answers for its "default" session.
  const bare = []
  for (const r of replicas)
    bare.push({ replica: r.index, entries: (await journalOf(r.base)).length })
  const bareHolders = bare.filter((b) => b.entries > 0)
  verdict(
    'no header',
    bareHolders.length === 1 && bareHolders[0].entries === 2 * BARE,
    `${BARE} requests without X-Jobfake-Session and ${BARE} with "X-Jobfake-Session: default", in the "default" session's journal of ` +
      bare.map((b) => `replica ${b.replica}: ${b.entries}`).join(', '),
  )

  // Isolation: each session's job started (the same source connection, which runs one job at a
  // time in a session), and each session sees its own job only.
  const ownOnly = []
  for (const session of SESSION_NAMES) {
    const jobs = await jobsOf(nginx.base, session)
    const ids = jobs.map((j) => j.id)
    if (ids.length !== 1 || ids[0] !== started.get(session))
      ownOnly.push(`${session}: ${ids.join(', ') || 'none'}`)
  }
  verdict(
    'isolation',
    refused.length === 0 && ownOnly.length === 0,
    refused.length > 0
      ? `refused: ${refused.slice(0, 5).join('; ')}`
      : ownOnly.length > 0
        ? `GET /__admin/jobs showed other jobs: ${ownOnly.slice(0, 5).join('; ')}`
        : `${SESSIONS}/${SESSIONS} sessions each started a job on the same Airweave source connection (200, none "already pending"), and GET /__admin/jobs through nginx shows each its own job only`,
  )
  // A and B on the same replica: the case where isolation is the process's doing, not the proxy's.
  const counts = replicas.map((r) => SESSION_NAMES.filter((s) => home.get(s) === r.index))
  const crowded = counts.reduce((a, b) => (b.length > a.length ? b : a), [])
  if (crowded.length >= 2) {
    const [a, b] = crowded
    const seenByB = (await jobsOf(nginx.base, b)).map((j) => j.id)
    verdict(
      'A and B on one replica',
      !seenByB.includes(started.get(a)) && seenByB.length === 1,
      `job ${started.get(a).slice(0, 8)}… started in ${a} (replica ${home.get(a)}); GET /__admin/jobs as ${b} (replica ${home.get(b)}) lists ${seenByB.map((id) => `${id.slice(0, 8)}…`).join(', ')} (its own)`,
    )
    const reset = await http(`${nginx.base}/__admin/reset`, { method: 'POST', headers: as(a) })
    const afterA = await jobsOf(nginx.base, a)
    const kept = []
    for (const session of SESSION_NAMES.filter((s) => s !== a)) {
      const jobs = await jobsOf(nginx.base, session)
      if (jobs.length === 1 && jobs[0].id === started.get(session)) kept.push(session)
    }
    const neighbours = kept.filter((s) => home.get(s) === home.get(a)).length
    verdict(
      'reset',
      reset.status === 204 && afterA.length === 0 && kept.length === SESSIONS - 1,
      `POST /__admin/reset as ${a}: ${reset.status}, ${a} has ${afterA.length} jobs; ${kept.length}/${SESSIONS - 1} other sessions kept their job (${neighbours} of them on ${a}'s replica)`,
    )
  } else verdict('reset', false, 'no replica holds two sessions: raise --sessions')

  // The event stream, when this build has one: ?session= through nginx reaches the replica that
  // holds the session (as its header would), unbuffered.
  const probe = await openStream(`${replicas[0].base}/__admin/events?session=probe`)
  probe.close()
  const hasEvents = probe.status === 200 && probe.type.startsWith('text/event-stream')
  if (!hasEvents) {
    log(`  skip    event stream: this build has no /__admin/events (GET answered ${probe.status})`)
  } else {
    // Names as a CI job or the web UI would pick them; the UI opens the stream with
    // URLSearchParams, which encodes ":" and "@". A wrong replica would answer 1 time in 3: 8 names.
    const names = ['events-probe', ...Array.from({ length: 7 }, (_, i) => `ui:run-${i + 1}@team`)]
    const streams = await Promise.all(
      names.map((session) =>
        openStream(`${nginx.base}/__admin/events?${new URLSearchParams({ session })}`),
      ),
    )
    const readyFor = await Promise.all(
      streams.map(async (stream) => {
        const ready = await waitFor(() => stream.frames.find((f) => f.event === 'ready'), 3000)
        try {
          return JSON.parse(ready?.data ?? '{}').session
        } catch {
          return undefined
        }
      }),
    )
    const delays = []
    const missed = []
    for (const [i, session] of names.entries()) {
      const before = performance.now()
      const run = await http(`${nginx.base}${requests[0].path}`, {
        method: 'POST',
        headers: as(session, requests[0].headers),
      })
      const jobId = run.json?.id
      const got = await waitFor(
        () => streams[i].frames.find((f) => f.event === 'job' && jobId && f.data?.includes(jobId)),
        3000,
      )
      if (streams[i].status !== 200 || readyFor[i] !== session || !got)
        missed.push(
          `${session}: ${streams[i].status}, ready for ${readyFor[i]}, ${got ? 'job event' : 'no job event'}`,
        )
      else delays.push(got.atMs - before)
    }
    for (const stream of streams) stream.close()
    verdict(
      'event stream',
      missed.length === 0,
      missed.length === 0
        ? `GET /__admin/events?session=<name> (no header) through nginx, for ${names.length} names (${names[0]}, ${names[1]}…, sent as ${new URLSearchParams({ session: names[1] })}): ` +
            `"ready" for that session, then the job started with the header, ${Math.round(Math.max(...delays))} ms at most after its POST (unbuffered, the session's replica)`
        : missed.join('; '),
    )
  }

  const spread = replicas.map((r, i) => ({ replica: r.index, sessions: counts[i].length }))
  log(
    `  spread  ${spread.map((s) => `replica ${s.replica}: ${s.sessions}`).join(', ')} sessions (an even share: ${fixed(SESSIONS / MAX_REPLICAS, 0)})`,
  )
  // nginx's ring is built from the upstream servers' names, here 127.0.0.1:<free port>, so the
  // split changes from run to run. A model of it, checked against where the sessions went, tells
  // where the same names go with compose's jobfake-1..3:4010.
  const ring = chashRing(replicas.map((r) => `127.0.0.1:${r.port}`))
  const modelled = SESSION_NAMES.filter((s) => ring(s) + 1 === home.get(s)).length
  const bareHome = bareHolders.length === 1 ? bareHolders[0].replica : undefined
  const composeRing = chashRing(
    Array.from({ length: MAX_REPLICAS }, (_, i) => `jobfake-${i + 1}:4010`),
  )
  const composeSpread = Array.from(
    { length: MAX_REPLICAS },
    (_, i) => SESSION_NAMES.filter((s) => composeRing(s) === i).length,
  )
  if (modelled === SESSIONS && ring('default') + 1 === bareHome) {
    log(
      `  model   nginx's ring (ketama, 160 points a server) recomputed here puts ${modelled}/${SESSIONS} sessions and "default" where nginx did; ` +
        `with compose's names (jobfake-1..${MAX_REPLICAS}:4010) these ${SESSIONS} names would split ` +
        `${composeSpread.map((n, i) => `jobfake-${i + 1}: ${n}`).join(', ')}, "default" on jobfake-${composeRing('default') + 1}`,
    )
  } else {
    log(
      `  model   nginx's ring recomputed here matches ${modelled}/${SESSIONS} placements only: no prediction for compose (for information, not a check)`,
    )
  }
  await undeploy(d)
  return { spread, composeSpread: modelled === SESSIONS ? composeSpread : null }
}

// ---------------------------------------------------------------------------------------------
// 2. Throughput.

function cannon(opts) {
  return new Promise((resolve, reject) => {
    autocannon(opts, (error, result) => (error ? reject(error) : resolve(result)))
  })
}

function cpuTicks(pids) {
  let sum = 0
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      sum += Number(fields[11]) + Number(fields[12])
    } catch {}
  }
  return sum
}

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
      idle: idle + iowait + steal,
    }
  } catch {
    return { total: NaN, idle: NaN }
  }
}

/** Waits (up to --quiet-wait s) until the rest of the machine uses under a fifth of a core. */
async function waitQuiet() {
  const started = performance.now()
  for (;;) {
    const a = machineTicks()
    const cpu = process.cpuUsage()
    await sleep(1000)
    const b = machineTicks()
    const own = process.cpuUsage(cpu)
    const others =
      (1 - (b.idle - a.idle) / (b.total - a.total)) * cpus().length * 100 -
      (own.user + own.system) / 1e4
    if (others < 20) return
    if ((performance.now() - started) / 1000 >= QUIET_WAIT) {
      console.error(
        `[scale-out] the machine stayed busy (others ${others.toFixed(0)} % of a core): measuring anyway`,
      )
      return
    }
  }
}

/** The load: the status poll, each request with the next session's header. */
function pollLoad(url, duration) {
  const { airweave } = FIXTURES
  let next = 0
  return cannon({
    url,
    connections: CONNECTIONS,
    duration,
    requests: [
      {
        method: 'GET',
        path: `/airweave/source-connections/${airweave.sourceConnectionIds[0]}/jobs`,
        headers: { 'x-api-key': airweave.apiKey },
        setupRequest(req) {
          req.headers['x-jobfake-session'] = SESSION_NAMES[next++ % SESSIONS]
          return req
        },
      },
    ],
  })
}

/** One setup's measurement, on the round's warmed replicas (nginx started for it, then stopped). */
async function measureSetup(round, setup, replicas) {
  if (QUIET_WAIT > 0) await waitQuiet()
  const { airweave } = FIXTURES
  const sc = `/airweave/source-connections/${airweave.sourceConnectionIds[0]}`
  const key = { 'x-api-key': airweave.apiKey }
  const used = replicas.slice(0, setup.replicas)
  const nginx = setup.nginx ? await startNginx(used) : undefined
  const entry = nginx?.base ?? used[0].base
  const first = await http(`${entry}${sc}/jobs`, { headers: as(SESSION_NAMES[0], key) })
  const warm = await pollLoad(entry, 1)
  const replicaPids = replicas.map((r) => workPids(r.child))
  const nginxPids = nginx ? workPids(nginx.child) : []
  const t0 = {
    replicas: replicaPids.map(cpuTicks),
    nginx: cpuTicks(nginxPids),
    machine: machineTicks(),
    own: process.cpuUsage(),
  }
  const started = performance.now()
  const r = await pollLoad(entry, DURATION)
  const wallS = (performance.now() - started) / 1000
  const pct = (ticks) => (ticks / CLK_TCK / wallS) * 100
  const allReplicas = replicaPids.map((pids, i) => pct(cpuTicks(pids) - t0.replicas[i]))
  const nginxCpu = nginx ? pct(cpuTicks(nginxPids) - t0.nginx) : 0
  const own = process.cpuUsage(t0.own)
  const benchCpu = ((own.user + own.system) / 1e6 / wallS) * 100
  const m = machineTicks()
  const busy = (1 - (m.idle - t0.machine.idle) / (m.total - t0.machine.total)) * cpus().length * 100
  const ours = allReplicas.reduce((a, b) => a + b, 0) + nginxCpu + benchCpu
  const last = await http(`${entry}${sc}/jobs`, { headers: as(SESSION_NAMES[0], key) })
  if (nginx) await stop(nginx.child)
  const row = {
    round,
    setup: setup.name,
    replicas: setup.replicas,
    nginx: setup.nginx,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    replicaCpu: allReplicas.slice(0, setup.replicas),
    nginxCpu,
    benchCpu,
    totalCpu: busy,
    others: Math.max(0, busy - ours),
    non2xx: r.non2xx + warm.non2xx,
    errors: r.errors + r.timeouts + warm.errors + warm.timeouts,
    bodyBytes: Buffer.byteLength(first.text),
    stable: first.status === 200 && first.text === last.text && first.json?.length === 1,
  }
  return row
}

/**
 * One round: three fresh replicas, each with one job in every session (so that every poll answers
 * the same one-job list wherever it lands; the clock stands still) and warmed up directly (the
 * JIT, and the validators jobfake compiles on first use and in idle time); then each setup in
 * turn, nginx started for it in front of the first n replicas, a 1 s warm-up, the measured load.
 */
async function measureRound(round, order) {
  if (QUIET_WAIT > 0) await waitQuiet()
  const replicas = await startReplicas(MAX_REPLICAS)
  const { airweave } = FIXTURES
  const sc = `/airweave/source-connections/${airweave.sourceConnectionIds[0]}`
  const key = { 'x-api-key': airweave.apiKey }
  for (const r of replicas) {
    const primed = await pool(SESSION_NAMES, 6, (s) =>
      http(`${r.base}${sc}/run`, { method: 'POST', headers: as(s, key) }),
    )
    const bad = primed.filter((res) => res.status !== 200)
    if (bad.length > 0)
      throw new Error(`replica ${r.index}: POST .../run answered ${bad[0].status} ${bad[0].text}`)
    if (WARMUP > 0) await pollLoad(r.base, WARMUP)
  }
  const rows = []
  for (const setup of order) {
    // A measurement during which the rest of the machine used over a quarter of a core is taken
    // again (up to --retries times); the last one counts, flagged if still busy.
    const seen = { non2xx: 0, errors: 0, stable: true } // over every attempt, retaken ones too
    for (let attempt = 0; ; attempt++) {
      const row = await measureSetup(round, setup, replicas)
      seen.non2xx += row.non2xx
      seen.errors += row.errors
      seen.stable &&= row.stable
      const again = row.others > BUSY && attempt < RETRIES
      log(
        table(COLUMNS, [cells(row)], {
          header: round === 1 && rows.length === 0 && attempt === 0,
          left: 2,
        }) + (again ? '   busy: taken again' : ''),
      )
      if (!row.stable)
        console.error(`[scale-out] ${setup.name}: the poll's answer changed during the load`)
      if (!again) {
        rows.push({ ...row, ...seen, attempts: attempt + 1 })
        break
      }
    }
  }
  for (const r of replicas) await stop(r.child)
  return rows
}

const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b)
  if (s.length === 0) return NaN
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
const int = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a')
const fixed = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a')

function table(headers, rows, { header = true, left = 1 } = {}) {
  const widths = headers.map((h) => Math.max(h.length, 8))
  const line = (cs) =>
    cs
      .map((c, i) => (i < left ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i])))
      .join('  ')
  return [
    ...(header ? [line(headers), widths.map((w) => '-'.repeat(w)).join('  ')] : []),
    ...rows.map(line),
  ].join('\n')
}

const COLUMNS = [
  'round',
  'setup',
  'req/s',
  'p50 ms',
  'p99 ms',
  'replicas CPU %',
  'nginx CPU %',
  'bench CPU %',
  'all CPU %',
  'others CPU %',
  'non2xx',
  'errors',
]
const cells = (r) => [
  r.round,
  r.setup,
  int(r.rps),
  fixed(r.p50, 0),
  fixed(r.p99, 0),
  r.replicaCpu.map((c) => fixed(c, 0)).join('+'),
  r.nginx ? fixed(r.nginxCpu, 0) : '-',
  fixed(r.benchCpu, 0),
  fixed(r.totalCpu, 0),
  fixed(r.others, 0),
  r.non2xx,
  r.errors,
]

async function throughput() {
  log(
    `\nthroughput: GET /airweave/source-connections/{id}/jobs with x-api-key (a one-job list), each request with the next of ${SESSIONS} session headers, ` +
      `${CONNECTIONS} connections; ${ROUNDS} round(s), each: ${MAX_REPLICAS} fresh replicas warmed ${WARMUP} s each, then per setup 1 s warm-up + ${DURATION} s measured ` +
      `(nginx started for the setup, in front of the first n replicas); autocannon runs in this process, on the same ${cpus().length} CPUs as nginx and the replicas\n`,
  )
  const rows = []
  for (let round = 1; round <= ROUNDS; round++) {
    const order = SETUPS.map((_, i) => SETUPS[(i + round - 1) % SETUPS.length])
    rows.push(...(await measureRound(round, order)))
  }
  const medians = SETUPS.map((setup) => {
    const mine = rows.filter((r) => r.setup === setup.name)
    return {
      setup: setup.name,
      replicas: setup.replicas,
      nginx: setup.nginx,
      rps: median(mine.map((r) => r.rps)),
      p50: median(mine.map((r) => r.p50)),
      p99: median(mine.map((r) => r.p99)),
      replicasCpu: median(mine.map((r) => r.replicaCpu.reduce((a, b) => a + b, 0))),
      nginxCpu: setup.nginx ? median(mine.map((r) => r.nginxCpu)) : NaN,
      benchCpu: median(mine.map((r) => r.benchCpu)),
      totalCpu: median(mine.map((r) => r.totalCpu)),
      others: median(mine.map((r) => r.others)),
      non2xx: mine.reduce((n, r) => n + r.non2xx, 0),
      errors: mine.reduce((n, r) => n + r.errors, 0),
    }
  })
  const one = medians.find((m) => m.setup === 'nginx+1')
  for (const m of medians) m.vsOne = m.rps / one.rps
  log(
    `\nmedians of ${ROUNDS} round(s) (non2xx, errors: totals over every load, warm-ups and retaken loads included)\n`,
  )
  log(
    table(
      [
        'setup',
        'req/s',
        '× nginx+1',
        'p50 ms',
        'p99 ms',
        'replicas CPU %',
        'nginx CPU %',
        'bench CPU %',
        'all CPU %',
        'others CPU %',
        'non2xx',
        'errors',
      ],
      medians.map((m) => [
        m.setup,
        int(m.rps),
        `${fixed(m.vsOne, 2)}×`,
        fixed(m.p50, 0),
        fixed(m.p99, 0),
        fixed(m.replicasCpu, 0),
        m.nginx ? fixed(m.nginxCpu, 0) : '-',
        fixed(m.benchCpu, 0),
        fixed(m.totalCpu, 0),
        fixed(m.others, 0),
        m.non2xx,
        m.errors,
      ]),
    ),
  )
  const cores = cpus().length * 100
  const three = medians.find((m) => m.setup === `nginx+${MAX_REPLICAS}`)
  log(
    `\n  note    ${cpus().length} CPUs (${cores} % in all), shared by nginx, autocannon and the replicas. ` +
      `nginx+1: the replica used ${fixed(one.replicasCpu, 0)} % of a core (a node process runs on one core; near 100 %, it is the limit). ` +
      `nginx+${MAX_REPLICAS}: the machine ran at ${fixed(three.totalCpu, 0)} % (replicas ${fixed(three.replicasCpu, 0)} %, nginx ${fixed(three.nginxCpu, 0)} %, ` +
      `autocannon ${fixed(three.benchCpu, 0)} %; near ${cores} %, the cores are the limit): req/s ${int(one.rps)} → ${int(three.rps)} (${fixed(three.vsOne, 2)}×). ` +
      `Replicas with a core each are not measured here.`,
  )
  const busy = rows.filter((r) => r.others > 25)
  if (busy.length > 0)
    log(
      `  note    other processes used CPU during ${busy.map((r) => `round ${r.round} ${r.setup} (${fixed(r.others, 0)} %)`).join(', ')}: rerun on a quiet machine`,
    )
  const invalid = rows.filter((r) => r.non2xx > 0 || r.errors > 0 || !r.stable)
  verdict(
    'loads valid',
    invalid.length === 0,
    invalid.length === 0
      ? `every load response was 2xx, no errors or timeouts, the answer (${rows[0].bodyBytes} B) unchanged`
      : invalid
          .map(
            (r) =>
              `round ${r.round} ${r.setup}: ${r.non2xx} non-2xx, ${r.errors} errors${r.stable ? '' : ', answer changed'}`,
          )
          .join('; '),
  )
  return { medians, rows }
}

async function main() {
  ensureBuild()
  ensureNginx()
  armWatchdog()
  const build = describeBuild(ROOT)
  log(
    `[scale-out] nginx ${nginxVersion()} (${NGINX}), node ${process.version}, ${cpus().length} CPUs; jobfake: ${describeLine(build)}`,
  )
  log(
    `[scale-out] replicas: node dist/cli.js serve --port <free> ${SERVE_ARGS.join(' ')} (output to a file)` +
      `${REPLICA_LOG ? '' : "; the build's default console log"}`,
  )
  log(
    `[scale-out] nginx runs deploy/nginx.conf with only its upstream servers (127.0.0.1:<free ports>) and listen address replaced; ` +
      `files in ${TMP}\n`,
  )
  const checked = await checks()
  const load = CHECKS_ONLY ? undefined : await throughput()
  const ok = verdicts.every((v) => v.holds)
  log(
    `\n[scale-out] ${
      ok
        ? 'every check holds'
        : `FAILED: ${verdicts
            .filter((v) => !v.holds)
            .map((v) => v.what)
            .join(', ')}`
    }`,
  )
  mkdirSync(RESULTS, { recursive: true })
  const gitignore = join(RESULTS, '.gitignore')
  if (!existsSync(gitignore)) writeFileSync(gitignore, '*.json\n')
  const file = join(RESULTS, 'scale-out.json')
  writeFileSync(
    file,
    JSON.stringify(
      {
        when: new Date().toISOString(),
        node: process.version,
        nginx: nginxVersion(),
        cpus: cpus().length,
        options: {
          replicaLog: REPLICA_LOG ?? null,
          sessions: SESSIONS,
          rounds: ROUNDS,
          duration: DURATION,
          warmup: WARMUP,
          connections: CONNECTIONS,
          retries: RETRIES,
          checksOnly: CHECKS_ONLY,
        },
        build,
        ok,
        verdicts,
        spread: checked.spread,
        composeSpread: checked.composeSpread,
        ...(load ?? {}),
      },
      null,
      2,
    ) + '\n',
  )
  log(`[scale-out] written to ${file}`)
  return ok
}

main().then(
  (ok) => stopAllAndExit(ok ? 0 : 1),
  (error) => {
    console.error(`[scale-out] ${error.stack ?? error}`)
    return stopAllAndExit(1)
  },
)
