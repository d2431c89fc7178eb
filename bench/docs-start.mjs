// Start-up with the vendors' own OpenAPI documents: jobfake serving Airweave, Akua, Chroma and
// Peaka from them (`--vendor-doc`; prism-http in a worker thread answers what jobfake does not
// model), jobfake with its bundled specs (the baseline), and `prism mock` on the same documents
// (one per process, so four started together). Contenders run one after another (2 shared cores),
// the order rotating every round, each polled every 10 ms from its spawn. Every child leads its own
// process group under coreutils `timeout` (it dies even if this script is SIGKILLed), killed after
// each contender, on a deadline, an error or Ctrl-C. A document prism refuses is reported, not
// fatal.
// Usage: node bench/docs-start.mjs [--rounds 5] [--deadline 60]      (needs dist/: npm run build)
// Exit code: 0 when both jobfake contenders answered in every round, 1 otherwise.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { createServer } from 'node:net'
import { constants } from 'node:os'
import { fileURLToPath } from 'node:url'
import { parseArgs, stripVTControlCharacters } from 'node:util'

const opt = (fallback) => ({ type: 'string', default: fallback })
const { values: args } = parseArgs({ options: { rounds: opt('5'), deadline: opt('60') } })
const ROUNDS = Number(args.rounds)
const DEADLINE_MS = Number(args.deadline) * 1000
const die = (message) => (console.error(`[docs-start] ${message}`), process.exit(1))
if (!(Number.isInteger(ROUNDS) && ROUNDS >= 1 && ROUNDS <= 50 && DEADLINE_MS >= 1000))
  die('usage: node bench/docs-start.mjs [--rounds 1-50] [--deadline seconds ≥ 1]')

const ROOT_URL = new URL('..', import.meta.url)
const ROOT = fileURLToPath(ROOT_URL)
// The vendors' documents are not the project's: they live beside the checkout, in ../shared.
const DOCS = fileURLToPath(new URL('../../shared/reference/vendors/', import.meta.url))
// Each document, and a path it declares without parameters, for prism to route (any status counts).
const VENDORS = [
  ['airweave', 'airweave-openapi.json', '/collections'],
  ['akua', 'akua-public-openapi.json', '/snippets'],
  ['chroma', 'chroma-sync.openapi.json', '/health'],
  ['peaka', 'peaka-openapi.json', '/organizations'],
]
// jobfake's demo fixtures, hard-coded: no admin request precedes the timed ones (checked after).
const KEY = { 'x-api-key': 'jf_airweave_demo_3f9c2a7d51e84b06' }
const SOURCE = 'ddb72179-d26d-47db-8b9d-a83123515af7'
const MODELLED = `/airweave/source-connections/${SOURCE}/jobs`
// Not GET /collections: Airweave's collections are modelled since d9f5f11. GET /sources is not, so
// prism-http answers it; the journal (`mocked: true`) confirms it after each run.
const MOCKED = '/airweave/sources'
const POLL_MS = 10
const REQUEST_TIMEOUT_MS = 1000
const LISTENING = /listening on (http:\/\/[^\s;,)]+)/

for (const file of ['dist/cli.js', 'node_modules/.bin/prism', ...VENDORS.map((v) => DOCS + v[1])])
  if (!existsSync(new URL(file, ROOT_URL))) die(`${file} is missing (npm install, npm run build?)`)
const PRISM = realpathSync(ROOT + 'node_modules/.bin/prism')
const HAS_TIMEOUT = spawnSync('timeout', ['--version'], { stdio: 'ignore' }).status === 0
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
// For /proc and kill(), where the process may be gone by now.
const quietly = (f, fallback) => {
  try {
    return f()
  } catch {
    return fallback
  }
}
const readOr = (path) => quietly(() => readFileSync(path, 'utf8'), '')

// Children: detached, so each leads its own process group and kill(-pgid) takes all of it.
const live = new Set()
const killNow = (child) => {
  for (const pid of [-child.proc.pid, child.proc.pid, ...descendants(child.proc.pid)])
    quietly(() => process.kill(pid, 'SIGKILL'))
}
process.on('exit', () => live.forEach(killNow))
// On a signal, exiting runs that handler; and the whole run is bounded, whatever hangs.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'])
  process.on(signal, () => process.exit(128 + constants.signals[signal]))
setTimeout(() => die('the run outlasted its deadlines'), ROUNDS * 3 * (DEADLINE_MS + 20e3)).unref()

function launch(name, file, argv) {
  const life = String(Math.ceil(DEADLINE_MS / 1000) + 30)
  const [cmd, all] = HAS_TIMEOUT ? ['timeout', ['-s', 'KILL', life, file, ...argv]] : [file, argv]
  const spawnedAt = performance.now()
  const proc = spawn(cmd, all, { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  const child = { name, proc, spawnedAt, out: '', exited: false }
  live.add(child)
  // Output is read as it comes (prism logs every request), its tail kept; "listening on" timed.
  const keep = (chunk) => {
    child.out = (child.out + chunk).slice(-32_000)
    const url = !child.url && LISTENING.exec(child.out)?.[1]
    if (url) Object.assign(child, { url, listeningAt: performance.now() })
  }
  for (const stream of [proc.stdout, proc.stderr]) stream.setEncoding('utf8').on('data', keep)
  const exited = (code) => Object.assign(child, { exited: true, code, exitedAt: performance.now() })
  proc.on('exit', (code, signal) => exited(code ?? signal))
  proc.on('error', (error) => exited(error.message))
  return child
}

function descendants(pid) {
  const tasks = quietly(() => readdirSync(`/proc/${pid}/task`), [])
  const kids = tasks.flatMap((t) => readOr(`/proc/${pid}/task/${t}/children`).split(/\s+/))
  return kids.filter(Boolean).flatMap((kid) => [Number(kid), ...descendants(kid)])
}
/** RSS of the server and all it started, not of the `timeout` wrapper; worker threads included. */
function rssMb(child) {
  const pids = [...descendants(child.proc.pid), ...(HAS_TIMEOUT ? [] : [child.proc.pid])]
  const kb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readOr(`/proc/${pid}/status`))?.[1] ?? 0)
  return pids.reduce((sum, pid) => sum + kb(pid), 0) / 1024
}

/** Kills the child's group and waits until it and all it started are gone (or zombies). */
async function kill(child) {
  const pids = descendants(child.proc.pid)
  killNow(child)
  const running = (pid) => /State:\s+[^Z]/.test(readOr(`/proc/${pid}/status`))
  const gone = () => child.exited && !pids.some(running)
  for (const end = performance.now() + 5000; !gone() && performance.now() < end;) await sleep(20)
  if (!gone()) console.error(`[docs-start] ${child.name} (pid ${child.proc.pid}) would not die`)
  live.delete(child)
}

// The port is read before close() and answered once it is released.
const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer().once('error', reject)
    server.listen(0, '127.0.0.1', () => server.close(resolve.bind(null, server.address().port)))
  })
/** One GET on a fresh connection (no pooling, so no idle socket outlives a contender). */
function get(url, headers = {}) {
  return new Promise((resolve, reject) => {
    const options = { headers: { connection: 'close', ...headers }, agent: false }
    const req = httpRequest(url, options, (res) => {
      let text = ''
      res.setEncoding('utf8').on('data', (chunk) => (text += chunk))
      res.on('end', () => resolve({ status: res.statusCode, text })) // errors reach req's handler
    })
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error('timeout')))
    req.on('error', reject)
    req.end()
  })
}
const plain = (child) => stripVTControlCharacters(child.out).trim().split('\n')
// prism gives its reason on a "fatal" line, followed by its usage and a stack.
const reason = (child) => plain(child).find((l) => l.includes('fatal')) ?? plain(child).at(-1)

/** What `attempt` first gives, tried every `every` ms; throws once the child exits or is late. */
async function poll(child, what, attempt, every) {
  for (;;) {
    const since = Math.round((child.exitedAt ?? performance.now()) - child.spawnedAt)
    const log = plain(child).slice(-6).join('\n')
    const problem = child.exited ? `exited (${child.code})` : since > DEADLINE_MS && `no ${what}`
    if (problem) throw new Error(`${child.name} ${problem} after ${since} ms:\n${log}`)
    const got = await attempt()
    if (got) return got
    await sleep(every)
  }
}
const printedUrl = (child) => poll(child, 'URL', () => child.url, 1)
function answer(child, url, ok, what) {
  const attempt = async () => {
    const res = await get(url, KEY).catch(() => undefined) // refused, reset or timed out: again
    return res && ok(res.status) && { ms: performance.now() - child.spawnedAt, status: res.status }
  }
  return poll(child, what, attempt, POLL_MS)
}
const is200 = (status) => status === 200 // jobfake's; prism's first answer may be any status

// Contenders: each gives its figures (ms from spawn) and kills what it started, come what may.
/** What the run served unlike what this script assumes (asked after the figures, so untimed). */
async function checks(base) {
  const [notes, json] = [[], async (path) => JSON.parse((await get(base + path)).text)]
  const { apiKey, sourceConnectionIds: ids } = (await json('/__admin/fixtures')).airweave
  if (apiKey !== KEY['x-api-key'] || !ids?.includes(SOURCE)) notes.push(`fixtures ${apiKey}`)
  const journal = await json('/__admin/journal')
  const mocked = (path) => journal.find((e) => '/airweave' + e.path === path && e.status === 200)
  if (mocked(MOCKED)?.mocked !== true) notes.push(`${MOCKED}: not answered by prism-http`)
  if (mocked(MODELLED)?.mocked === true) notes.push(`${MODELLED}: mocked, not modelled`)
  return notes
}

async function withDocs() {
  const docs = VENDORS.flatMap(([v, file]) => ['--vendor-doc', `${v}=${DOCS}${file}`])
  const child = launch('jobfake+docs', process.execPath, [
    ...['dist/cli.js', 'serve', '--port', '0', '--host', '127.0.0.1'],
    ...['--clock', 'manual', '--log', 'off', '--lenient', ...docs],
  ])
  try {
    await printedUrl(child)
    // Both polled at once: each is timed from the spawn, neither waits for the other.
    const [modelled, mocked] = await Promise.all([
      answer(child, child.url + MODELLED, is200, 'modelled 200').then((a) => a.ms),
      answer(child, child.url + MOCKED, is200, 'mocked 200').then((a) => a.ms),
    ])
    const [rss, listening] = [rssMb(child), child.listeningAt - child.spawnedAt]
    const notes = await checks(child.url).catch((error) => [`checks failed: ${error.message}`])
    return { listening, modelled, mocked, rss, notes }
  } finally {
    await kill(child)
  }
}
async function ownSpecs() {
  const argv = ['dist/cli.js', 'serve', '--port', '0', '--clock', 'manual', '--log', 'off']
  const child = launch('jobfake', process.execPath, argv)
  try {
    await printedUrl(child)
    const first = await answer(child, child.url + MODELLED, is200, 'modelled 200')
    return { modelled: first.ms, rss: rssMb(child), notes: [] }
  } finally {
    await kill(child)
  }
}
async function prismFour() {
  const free = new Set()
  while (free.size < VENDORS.length) free.add(await freePort())
  const ports = [...free]
  const children = VENDORS.map(([vendor, file], i) => {
    const argv = [PRISM, 'mock', '-p', String(ports[i]), '-h', '127.0.0.1', DOCS + file]
    return launch(`prism ${vendor}`, process.execPath, argv)
  })
  try {
    // A process that exits or never answers is that vendor's result, not the contender's failure.
    const first = (child, i) =>
      answer(child, `http://127.0.0.1:${ports[i]}${VENDORS[i][2]}`, () => true, 'answer')
        .then(({ ms, status }) => ({ ms, at: child.spawnedAt + ms, status }))
        .catch((error) => ({ error: error.message.split('\n')[0], why: reason(child) }))
    const per = await Promise.all(children.map(first))
    const ats = per.filter((r) => !r.error).map((r) => r.at)
    return {
      per: Object.fromEntries(VENDORS.map(([v], i) => [v, per[i]])),
      answered: ats.length,
      slowest: ats.length ? Math.max(...ats) - children[0].spawnedAt : null, // from the first spawn
      rss: children.filter((c) => !c.exited).reduce((sum, c) => sum + rssMb(c), 0),
    }
  } finally {
    await Promise.all(children.map(kill))
  }
}
// The rounds, then every figure per round and its median.
const CONTENDERS = { 'jobfake+docs': withDocs, jobfake: ownSpecs, 'prism x4': prismFour }
const NAMES = Object.keys(CONTENDERS)
const ms = (x) => (x == null ? '-' : `${Math.round(x)}`)
const mb = (x) => (x == null ? '-' : x.toFixed(1))
const show = {
  'jobfake+docs': (r) =>
    `listening ${ms(r.listening)} ms | first modelled 200 ${ms(r.modelled)} ms | first mocked 200 ${ms(r.mocked)} ms | RSS ${mb(r.rss)} MB`,
  jobfake: (r) => `first modelled 200 ${ms(r.modelled)} ms | RSS ${mb(r.rss)} MB`,
  'prism x4': (r) =>
    Object.entries(r.per)
      .map(([v, p]) => (p.error ? `${v} no answer` : `${v} ${ms(p.ms)} ms (${p.status})`))
      .join(' | ') +
    `\n${''.padEnd(16)}slowest ${ms(r.slowest)} ms (${r.answered}/4 answered) | RSS ${mb(r.rss)} MB`,
}
const [results, failures] = [[], []]
const prismErrors = new Map() // vendor → its first error, with prism's reason
console.log(`[docs-start] ${ROUNDS} rounds; node ${process.version}; documents in ${DOCS}`)
for (let round = 1; round <= ROUNDS; round++) {
  const order = NAMES.map((_, i) => NAMES[(i + round - 1) % NAMES.length])
  const row = {}
  console.log(`\nround ${round} (order: ${order.join(', ')})`)
  for (const name of order) {
    const r = (row[name] = await CONTENDERS[name]().catch((error) => ({ error: error.message })))
    if (r.error) failures.push(`round ${round} ${name}: ${r.error}`)
    const notes = (r.notes ?? []).map((note) => `\n    note: ${note}`).join('')
    console.log(`  ${name.padEnd(14)}${r.error ? `FAILED: ${r.error}` : show[name](r)}${notes}`)
    for (const [v, p] of Object.entries(r.per ?? {}))
      if (p.error && !prismErrors.has(v)) prismErrors.set(v, p)
    await sleep(500) // the killed processes' memory and sockets go before the next contender starts
  }
  results.push(row)
}
const median = (xs) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b)
  return s.length ? (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2 : null // odd: twice the middle
}
const pick = (name, key) => results.map((row) => row[name]?.[key])
// jobfake+docs is ready when both kinds of operation answer; prism when its slowest process does.
const ready = (r) => (r?.error ? null : Math.max(r.modelled, r.mocked))
const ratios = results.map((row) => (row['prism x4']?.slowest ?? NaN) / ready(row['jobfake+docs']))
const times = (x) => (Number.isFinite(x) ? `${x.toFixed(2)}x` : '-')
const table = [
  ['jobfake+docs listening ms', pick('jobfake+docs', 'listening'), ms],
  ['jobfake+docs first modelled 200 ms', pick('jobfake+docs', 'modelled'), ms],
  ['jobfake+docs first mocked 200 ms', pick('jobfake+docs', 'mocked'), ms],
  ['jobfake+docs RSS MB', pick('jobfake+docs', 'rss'), mb],
  ['jobfake (own specs) first 200 ms', pick('jobfake', 'modelled'), ms],
  ['jobfake (own specs) RSS MB', pick('jobfake', 'rss'), mb],
  ['prism x4 first answer, slowest ms', pick('prism x4', 'slowest'), ms],
  ['prism x4 documents answering (of 4)', pick('prism x4', 'answered'), ms],
  ['prism x4 RSS MB (sum)', pick('prism x4', 'rss'), mb],
  ['ratio prism / jobfake+docs, ready', ratios, times],
]
const width = Math.max(...table.map(([label]) => label.length))
const cells = (xs) => xs.map((x) => x.padStart(8)).join('')
console.log(`\n${''.padEnd(width)}${cells([...results.map((_, i) => `r${i + 1}`), 'median'])}`)
for (const [label, values, fmt] of table)
  console.log(`${label.padEnd(width)}${cells([...values, median(values)].map(fmt))}`)
console.log('\nready: jobfake+docs when both gave 200, prism x4 when its slowest answered')
for (const [v, p] of prismErrors)
  console.log(`prism x4 leaves ${v} out: ${p.error}\n  prism ${v}: ${p.why || '(no output)'}`)
if (failures.length > 0) console.error(`\n[docs-start] failures:\n${failures.join('\n')}`)
process.exit(failures.some((f) => !f.includes('prism x4')) ? 1 : 0)
