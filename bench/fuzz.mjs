// The spec-driven fuzz of test/pipeline/fuzz.test.ts, against a real server process and for
// minutes instead of seconds: `node dist/cli.js serve --port 0 --clock manual`, over HTTP on
// 127.0.0.1. The generators, the checks and the run loop are the test's own (test/support/fuzz.ts,
// loaded here through the project's TypeScript compiler, so that the two never drift apart):
// fast-check drives the runs (seeded), json-schema-faker samples every value from the operation's
// schemas, and fast-check mixes in the wrong ones (types, missing and extra properties, malformed
// JSON, unknown ids, wrong methods and paths, missing and wrong credentials).
//
// Every answer must come (no connection error, no hang), be below 500, carry an error body in the
// vendor's shape, and match the spec (checked here, and in the server's own journal after each run).
// Each run has its own session (X-Jobfake-Session: fuzz), reset before it starts.
//
// Usage: node bench/fuzz.mjs [--minutes 2] [--runs N] [--seed N] [--vendors peaka,airweave,...]
//                            [--steps 12] [--show 20] [--replay <run>] [--include-known]
//                            [--specs DIR]
// Prints runs, requests, statuses per vendor, the failures (each with its request, answer, the run
// that led to it and the command that replays it) and the seed.
// Exit code: 0 when nothing failed; 2 when some answer failed a check; 1 when the bench broke.
import { execFileSync, spawn } from 'node:child_process'
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import { Agent, request as httpRequest } from 'node:http'
import { createRequire } from 'node:module'
import { cpus, tmpdir } from 'node:os'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import fc from 'fast-check'
import { describeBuild, describeLine } from './builds.mjs'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const HELP = `node bench/fuzz.mjs [--minutes 2] [--runs N] [--seed N] [--vendors peaka,airweave,chroma,akua]
                   [--steps 12] [--show 20] [--replay <run>] [--include-known] [--specs DIR]`

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '2' },
    runs: { type: 'string' },
    seed: { type: 'string' },
    vendors: { type: 'string' },
    steps: { type: 'string', default: '12' },
    show: { type: 'string', default: '20' },
    replay: { type: 'string' },
    'include-known': { type: 'boolean', default: false },
    specs: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
})
if (args.help) {
  console.log(HELP)
  process.exit(0)
}
const number = (name, { min = 0, max = Infinity, integer = true } = {}) => {
  const n = Number(args[name])
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min || n > max) {
    console.error(
      `[fuzz] --${name} must be a ${integer ? 'whole ' : ''}number from ${min} to ${max} (got "${args[name]}").`,
    )
    process.exit(1)
  }
  return n
}
const MINUTES = number('minutes', { min: 0.01, max: 600, integer: false })
const RUNS = args.runs === undefined ? undefined : number('runs', { min: 1 })
const SEED =
  args.seed === undefined
    ? Math.floor(Math.random() * 2 ** 31)
    : number('seed', { min: 0, max: 2 ** 31 - 1 })
const STEPS = number('steps', { min: 1, max: 200 })
const SHOW = number('show', { min: 0 })
const REPLAY = args.replay === undefined ? undefined : number('replay', { min: 0 })
const SESSION = 'fuzz'
// Another folder of specs (a change to try): the server serves it and the checks read it.
const SPECS = args.specs === undefined ? join(ROOT, 'specs') : resolve(args.specs)

for (const file of [
  'dist/cli.js',
  'dist/spec/compile.js',
  'dist/spec/schema.js',
  'dist/vendors/index.js',
]) {
  if (!existsSync(join(ROOT, file))) {
    console.error(`[fuzz] ${file} is missing: run \`npm run build\` first.`)
    process.exit(1)
  }
}

// ---------------------------------------------------------------------------------------------
// The test's fuzzer, test/support/fuzz.ts, transpiled (types erased) by the project's TypeScript.
// Its imports of src/ go to the build (dist/), its packages to this checkout's node_modules, and
// those of test/support/fuzz/ to those files, transpiled the same way.

async function loadFuzzer() {
  const ts = createRequire(import.meta.url)('typescript')
  // test/support/fuzz.ts and the files of test/support/fuzz/ it imports, each as a data: URL
  // (its imports of the others replaced by theirs first).
  const loaded = new Map()
  const load = (file) => {
    if (loaded.has(file)) return loaded.get(file)
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    })
    const code = outputText.replace(/(from\s+|import\s*\(\s*)'([^']+)'/g, (_, lead, specifier) => {
      const path = specifier.startsWith('.') ? join(dirname(file), specifier) : undefined
      const target = path?.startsWith(join(ROOT, 'src') + sep)
        ? pathToFileURL(join(ROOT, 'dist', relative(join(ROOT, 'src'), path))).href
        : path
          ? load(path.replace(/\.js$/, '.ts'))
          : import.meta.resolve(specifier)
      return `${lead}'${target}'`
    })
    const url = `data:text/javascript;base64,${Buffer.from(code).toString('base64')}`
    loaded.set(file, url)
    return url
  }
  return import(load(join(ROOT, 'test', 'support', 'fuzz.ts')))
}

// ---------------------------------------------------------------------------------------------
// The server: a child process under coreutils `timeout` (so that it dies even if this process is
// killed with SIGKILL), its output in a file; stopped on every way out.

const LOGS = mkdtempSync(join(tmpdir(), 'jobfake-fuzz-'))
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const HAS_TIMEOUT = (() => {
  try {
    execFileSync('timeout', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()
let server

function cleanup() {
  for (const pid of [server?.pid, server?.proc.pid]) {
    try {
      if (pid) process.kill(pid, 'SIGKILL')
    } catch {}
  }
  rmSync(LOGS, { recursive: true, force: true })
}
process.on('exit', cleanup)
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
]) {
  process.on(signal, () => {
    console.error(`\n[fuzz] ${signal}: stopping the server`)
    cleanup()
    process.exit(code)
  })
}

/** Starts `jobfake serve --port 0 --clock manual` (with `--log off` when the build has it). */
async function startServer(lifetimeS) {
  for (const extra of [['--log', 'off'], []]) {
    const log = join(LOGS, `server-${extra.length}.log`)
    const fd = openSync(log, 'w')
    const command = [
      process.execPath,
      'dist/cli.js',
      'serve',
      '--port',
      '0',
      '--clock',
      'manual',
      ...(args.specs === undefined ? [] : ['--specs', SPECS]),
      ...extra,
    ]
    const [file, argv] = HAS_TIMEOUT
      ? ['timeout', ['--kill-after=5', String(Math.ceil(lifetimeS)), ...command]]
      : [command[0], command.slice(1)]
    const proc = spawn(file, argv, { cwd: ROOT, stdio: ['ignore', fd, fd] })
    closeSync(fd)
    const child = { proc, log, exited: false, pid: HAS_TIMEOUT ? undefined : proc.pid, extra }
    proc.on('exit', (code, signal) => Object.assign(child, { exited: true, code: code ?? signal }))
    const deadline = performance.now() + 20_000
    while (!child.exited && performance.now() < deadline) {
      const url = /listening on (http:\/\/\S+?)[\s;,)]/.exec(readFileSync(log, 'utf8'))?.[1]
      if (url) {
        child.url = url
        if (HAS_TIMEOUT) {
          const kids = readFileSync(`/proc/${proc.pid}/task/${proc.pid}/children`, 'utf8').trim()
          child.pid = Number(kids.split(/\s+/)[0])
        }
        return child
      }
      await sleep(20)
    }
    const text = readFileSync(log, 'utf8')
    if (child.exited && extra.length > 0 && /--log|Unknown option/i.test(text)) continue
    throw new Error(`the server did not start:\n${text.split('\n').slice(-15).join('\n')}`)
  }
  throw new Error('the server did not start')
}

async function stopServer() {
  if (!server || server.exited) return server?.code
  process.kill(server.proc.pid, 'SIGTERM')
  const deadline = performance.now() + 5000
  while (!server.exited && performance.now() < deadline) await sleep(20)
  return server.code
}

// ---------------------------------------------------------------------------------------------
// The run's way to the server: each request carries the run's session; a request that waits on
// the session clock (Akua's :wait) gets the manual clock moved 1 s at a time until it answers.

// node:http with a keep-alive agent: ~1 ms a request here, where fetch (undici) takes up to ~7 ms
// for a 1 kB answer.
const agent = new Agent({ keepAlive: true })

/**
 * One request: `{status, headers, text}`, or a rejection for a connection error. The path goes
 * through the URL parser as fetch would send it (spaces and the like percent-encoded).
 */
function send(path, { method = 'GET', headers = {}, body, signal } = {}) {
  const url = new URL(server.url + path)
  return new Promise((resolve, reject) => {
    const outgoing = { ...headers }
    if (body !== undefined) outgoing['content-length'] = String(Buffer.byteLength(body))
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method,
        headers: outgoing,
        agent,
        signal,
      },
      (res) => {
        const chunks = []
        res.on('data', (chunk) => chunks.push(chunk))
        res.on('end', () => {
          const flat = {}
          for (const [k, v] of Object.entries(res.headers))
            flat[k] = Array.isArray(v) ? v.join(', ') : v
          resolve({
            status: res.statusCode,
            headers: flat,
            text: Buffer.concat(chunks).toString('utf8'),
          })
        })
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

const admin = (path, { headers, ...init } = {}) =>
  send(`/__admin${path}`, {
    ...init,
    headers: { 'x-jobfake-session': SESSION, 'content-type': 'application/json', ...headers },
  })

const why = (error) => `${error?.code ?? error?.name ?? 'Error'}: ${error?.message}`

function createIo(noAnswer) {
  const advance = (ms) =>
    admin('/clock/advance', { method: 'POST', body: JSON.stringify({ by: ms }) })
  return {
    async reset() {
      const res = await admin('/reset', { method: 'POST' })
      if (res.status !== 204) throw new Error(`POST /__admin/reset answered ${res.status}`)
    },
    advance,
    async send(request) {
      const headers = { ...request.headers }
      if (!('x-jobfake-session' in headers)) headers['x-jobfake-session'] = SESSION
      const controller = new AbortController()
      const pending = send(request.path, {
        method: request.method,
        headers,
        body: request.body,
        signal: controller.signal,
      }).catch((error) => noAnswer(why(error)))
      // Unanswered after 25 ms: the clock moves 1 s, then 2, 4… (at most 30 s a step), up to 3
      // simulated minutes (a :wait times out after 60 s at most).
      let moved = 0
      for (let step = 1000; ; step = Math.min(step * 2, 30_000)) {
        const answer = await Promise.race([pending, sleep(25).then(() => undefined)])
        if (answer) return answer
        if (moved >= 180_000) {
          controller.abort()
          return noAnswer(`no answer after ${moved / 1000} s of clock time`)
        }
        await advance(step)
        moved += step
      }
    },
  }
}

/** Response violations the server journaled for the session since its last reset. */
async function journaled() {
  const entries = JSON.parse((await admin('/journal?violations=true')).text)
  return entries
    .map((e) => ({ ...e, violations: e.violations.filter((v) => v.in === 'response') }))
    .filter((e) => e.violations.length > 0)
}

// ---------------------------------------------------------------------------------------------
// Reporting.

const int = (n) => Math.round(n).toLocaleString('en-US')
const signature = (vendor, { request, answer, problems }) =>
  [
    vendor,
    request.operation ?? '(no operation)',
    request.method,
    answer.error !== undefined ? 'no answer' : answer.status,
    (problems[0] ?? '').replace(/[0-9a-f]{8}-[0-9a-f-]{27}/gi, '<uuid>').replace(/\d+/g, 'N'),
  ].join(' ')

async function main() {
  const fuzz = await loadFuzzer()
  const { vendors } = await import(pathToFileURL(join(ROOT, 'dist', 'vendors', 'index.js')).href)
  const { compileSpec } = await import(pathToFileURL(join(ROOT, 'dist', 'spec', 'compile.js')).href)
  const wanted = args.vendors
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  const unknown = (wanted ?? []).filter((name) => !vendors.some((v) => v.name === name))
  if (unknown.length > 0 || wanted?.length === 0) {
    console.error(
      `[fuzz] --vendors takes a comma list of ${vendors.map((v) => v.name).join(', ')}.`,
    )
    process.exit(1)
  }
  const chosen = vendors.filter((v) => !wanted || wanted.includes(v.name))
  const limitMs = REPLAY !== undefined || RUNS !== undefined ? undefined : MINUTES * 60_000
  // The server's own time limit (coreutils timeout): the run's, generously.
  const lifetimeS = (limitMs ?? Math.max(30 * 60_000, (RUNS ?? 1) * 2_000)) / 1000 + 120

  console.log(
    `[fuzz] node ${process.version}, ${cpus().length} CPUs; build: ${describeLine(describeBuild(ROOT))}`,
  )
  server = await startServer(lifetimeS)
  console.log(
    `[fuzz] server pid ${server.pid} at ${server.url} (manual clock${server.extra.length ? ', --log off' : ''}); session "${SESSION}", reset before every run`,
  )
  const fixtures = JSON.parse((await admin('/fixtures')).text)
  const scenarios = JSON.parse((await admin('/scenarios')).text)
  const fuzzers = Object.fromEntries(
    await Promise.all(
      chosen.map(async (v) => {
        const compiled = await compileSpec(join(SPECS, v.spec))
        const names = scenarios[v.name]?.available.map((s) => s.name) ?? []
        const fuzzer = fuzz.createFuzzer({ name: v.name, mount: v.mount, compiled }, fixtures, {
          scenarios: names,
          maxSteps: STEPS,
        })
        return [v.name, fuzzer]
      }),
    ),
  )
  const io = createIo(fuzz.noAnswer)
  const arbitrary = fc.oneof(
    ...Object.values(fuzzers).map((f) => f.run.map((steps) => ({ vendor: f.vendor, steps }))),
  )

  const stats = Object.fromEntries(
    chosen.map((v) => [v.name, { runs: 0, requests: 0, statuses: new Map(), ops: new Map() }]),
  )
  const failures = new Map()
  let runs = 0
  let requests = 0
  let skipped = 0
  let failed = 0
  const started = performance.now()
  const elapsed = () => (performance.now() - started) / 1000
  const progress =
    REPLAY === undefined
      ? setInterval(() => {
          console.log(
            `[fuzz] ${elapsed().toFixed(0).padStart(4)} s  runs ${int(runs)}  requests ${int(requests)} (${int(requests / elapsed())}/s)  failures ${int(failed)} (${failures.size} distinct)`,
          )
        }, 10_000)
      : undefined
  progress?.unref()

  const property = fc.asyncProperty(arbitrary, async ({ vendor, steps }) => {
    const run = REPLAY ?? runs
    runs++
    const result = await fuzz.play(fuzzers[vendor], steps, io, {
      keepGoing: true,
      sendKnownBugs: args['include-known'],
    })
    // The server's own verdict on what it answered in this run: each journal entry (in order)
    // belongs to the next exchange with its method, path and status.
    let from = 0
    const mount = chosen.find((v) => v.name === vendor).mount
    for (const entry of await journaled()) {
      const at = result.exchanges.findIndex(
        (e, i) =>
          i >= from &&
          e.request.method === entry.method &&
          e.answer.status === entry.status &&
          e.request.path.split('?')[0] === mount + entry.path,
      )
      const problems = entry.violations.map(
        (v) => `the server journaled a response violation: ${v.name || 'body'} ${v.message}`,
      )
      const exchange = result.exchanges[at] ?? {
        request: {
          vendor,
          operation: entry.operation,
          method: entry.method,
          path: mount + entry.path,
          headers: {},
        },
        answer: { status: entry.status, headers: {}, text: '(see the journal)' },
        problems: [],
      }
      if (at >= 0) from = at + 1
      exchange.problems.push(...problems.filter((p) => !exchange.problems.includes(p)))
      if (!result.failures.includes(exchange)) result.failures.push(exchange)
    }
    const s = stats[vendor]
    s.runs++
    s.requests += result.requests
    requests += result.requests
    skipped += result.skipped.length
    for (const e of result.exchanges) {
      const status = e.answer.error !== undefined ? 'no answer' : e.answer.status
      s.statuses.set(status, (s.statuses.get(status) ?? 0) + 1)
      const op = e.request.operation ?? '(no operation)'
      const o = s.ops.get(op) ?? { requests: 0, ok: 0 }
      o.requests++
      if (typeof status === 'number' && status < 300) o.ok++
      s.ops.set(op, o)
    }
    for (const exchange of result.failures) {
      failed++
      const key = signature(vendor, exchange)
      const seen = failures.get(key)
      if (seen) seen.count++
      else failures.set(key, { count: 1, run, vendor, exchange, result })
    }
    if (REPLAY !== undefined) {
      console.log(`\nrun ${REPLAY} (${vendor}), step by step:`)
      console.log(fuzz.describeHistory(result, result.timeline.at(-1)))
    }
    return true
  })
  const outcome = await fc.check(property, {
    seed: SEED,
    numRuns: REPLAY !== undefined ? 1 : (RUNS ?? Number.MAX_SAFE_INTEGER),
    ...(REPLAY !== undefined ? { path: String(REPLAY) } : {}),
    ...(limitMs !== undefined
      ? { interruptAfterTimeLimit: limitMs, markInterruptAsFailure: false }
      : {}),
  })
  if (outcome.failed && outcome.errorInstance) throw outcome.errorInstance
  clearInterval(progress)
  const seconds = elapsed()
  const health = await admin('/health').then(
    (r) => r.status,
    (e) => why(e),
  )
  const exitCode = await stopServer()

  // -------------------------------------------------------------------------------------------
  console.log(
    `\n[fuzz] seed ${SEED}: ${int(runs)} runs, ${int(requests)} requests in ${seconds.toFixed(1)} s (${int(requests / seconds)} req/s); ` +
      `failures ${int(failed)} (${failures.size} distinct)`,
  )
  const bucket = (status) =>
    typeof status !== 'number' ? status : status >= 500 ? '5xx' : `${String(status)[0]}xx`
  const header = [
    'vendor',
    'runs',
    'requests',
    '2xx',
    '3xx',
    '4xx',
    '5xx',
    'no answer',
    'operations answered 2xx',
  ]
  const rows = Object.entries(stats).map(([vendor, s]) => {
    const by = {}
    for (const [status, n] of s.statuses) by[bucket(status)] = (by[bucket(status)] ?? 0) + n
    const ops = fuzzers[vendor].operations
    const ok = ops.filter((id) => s.ops.get(id)?.ok > 0).length
    return [
      vendor,
      int(s.runs),
      int(s.requests),
      ...['2xx', '3xx', '4xx', '5xx', 'no answer'].map((k) => int(by[k] ?? 0)),
      `${ok} of ${ops.length}`,
    ]
  })
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)))
  const line = (cells) =>
    cells
      .map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i])))
      .join('  ')
  console.log(
    `\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}`,
  )
  for (const [vendor, s] of Object.entries(stats)) {
    const statuses = [...s.statuses].sort((a, b) => String(a[0]).localeCompare(String(b[0])))
    console.log(`  ${vendor} statuses: ${statuses.map(([k, n]) => `${k}×${int(n)}`).join(' ')}`)
  }
  if (skipped > 0)
    console.log(
      `\n[fuzz] ${int(skipped)} requests matching known bugs were not sent (--include-known sends them)`,
    )
  console.log(`[fuzz] server: health after the run ${health}; exit on SIGTERM ${exitCode}`)

  const shown = [...failures.values()].sort((a, b) => b.count - a.count).slice(0, SHOW)
  if (failures.size > 0) console.log(`\nfailures (${failures.size} distinct; the first of each):`)
  for (const [i, f] of shown.entries()) {
    console.log(`\n#${i + 1} ${f.vendor}, ${f.count}× (first in run ${f.run})`)
    console.log(fuzz.describeExchange(f.exchange))
    console.log(`  the run:\n${fuzz.describeHistory(f.result, f.exchange)}`)
    console.log(
      `  replay: node bench/fuzz.mjs --seed ${SEED}${args.vendors ? ` --vendors ${args.vendors}` : ''}${STEPS !== 12 ? ` --steps ${STEPS}` : ''}${args.specs ? ` --specs ${args.specs}` : ''} --replay ${f.run}`,
    )
  }
  if (failures.size > shown.length)
    console.log(`\n… and ${failures.size - shown.length} more (--show)`)
  console.log(
    `\n[fuzz] seed ${SEED}${failures.size === 0 ? ': no failures' : `: ${failures.size} distinct failures`}`,
  )
  return failures.size === 0 && health === 200
}

main().then(
  (ok) => {
    cleanup()
    process.exit(ok ? 0 : 2)
  },
  (error) => {
    console.error(`[fuzz] ${error?.stack ?? error}`)
    cleanup()
    process.exit(1)
  },
)
