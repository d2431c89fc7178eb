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
// The fuzzer's loading and the run's client are in bench/lib/fuzz-load.mjs, the report in
// bench/lib/fuzz-report.mjs.
//
// Usage: node bench/fuzz.mjs [--minutes 2] [--runs N] [--seed N] [--vendors peaka,airweave,...]
//                            [--steps 12] [--show 20] [--replay <run>] [--include-known]
//                            [--specs DIR]
// Prints runs, requests, statuses per vendor, the failures (each with its request, answer, the run
// that led to it and the command that replays it) and the seed.
// Exit code: 0 when nothing failed; 2 when some answer failed a check; 1 when the bench broke.
import { existsSync } from 'node:fs'
import { cpus } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import fc from 'fast-check'
import { describeBuild, describeLine } from './lib/builds.mjs'
import { die, list, options } from './lib/cli.mjs'
import { int } from './lib/format.mjs'
import { fuzzClient, loadFuzzer } from './lib/fuzz-load.mjs'
import { printReport, signature } from './lib/fuzz-report.mjs'
import { keepAlive, request } from './lib/http.mjs'
import { ROOT, startJobfake } from './lib/jobfake.mjs'
import { exitWith, guard, stop } from './lib/proc.mjs'

const HELP = `node bench/fuzz.mjs [--minutes 2] [--runs N] [--seed N] [--vendors peaka,airweave,chroma,akua]
                   [--steps 12] [--show 20] [--replay <run>] [--include-known] [--specs DIR]`
const args = options(
  'fuzz',
  {
    minutes: { default: '2', number: { min: 0.01, max: 600, integer: false } },
    runs: { number: { min: 1 } },
    seed: { number: { min: 0, max: 2 ** 31 - 1 } },
    vendors: {},
    steps: { default: '12', number: { min: 1, max: 200 } },
    show: { default: '20', number: { min: 0 } },
    replay: { number: { min: 0 } },
    'include-known': { type: 'boolean', default: false },
    specs: {},
  },
  HELP,
)
const { minutes: MINUTES, runs: RUNS, steps: STEPS, show: SHOW, replay: REPLAY } = args
const SEED = args.seed ?? Math.floor(Math.random() * 2 ** 31)
const SESSION = 'fuzz'
// Another folder of specs (a change to try): the server serves it and the checks read it.
const SPECS = args.specs === undefined ? join(ROOT, 'specs') : resolve(args.specs)
for (const file of [
  'dist/cli.js',
  'dist/spec/compile.js',
  'dist/spec/schema.js',
  'dist/vendors/index.js',
])
  if (!existsSync(join(ROOT, file))) die('fuzz', `${file} is missing: run \`npm run build\` first.`)
guard('fuzz')

// The server, and node:http with a keep-alive agent: ~1 ms a request here, where fetch (undici)
// takes up to ~7 ms for a 1 kB answer. The path goes through the URL parser as fetch would send
// it (spaces and the like percent-encoded); headers come back flat (a list joined by ", ").
let server
const agent = keepAlive()
async function send(path, { method = 'GET', headers = {}, body, signal } = {}) {
  const res = await request(server.url + path, {
    method,
    headers,
    body,
    signal,
    agent,
    timeoutMs: 0,
  })
  const flat = {}
  for (const [k, v] of Object.entries(res.headers)) flat[k] = Array.isArray(v) ? v.join(', ') : v
  return { status: res.status, headers: flat, text: res.text }
}
const client = fuzzClient(send, SESSION)

async function main() {
  const fuzz = await loadFuzzer()
  const { vendors } = await import(pathToFileURL(join(ROOT, 'dist', 'vendors', 'index.js')).href)
  const { compileSpec } = await import(pathToFileURL(join(ROOT, 'dist', 'spec', 'compile.js')).href)
  const wanted = list(args.vendors)
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
  server = await startJobfake({
    name: 'fuzz',
    lifetimeS,
    extra: args.specs === undefined ? [] : ['--specs', SPECS],
  })
  console.log(
    `[fuzz] server pid ${server.pid} at ${server.url} (manual clock${server.logOff ? ', --log off' : ''}); session "${SESSION}", reset before every run`,
  )
  const fixtures = JSON.parse((await client.admin('/fixtures')).text)
  const scenarios = JSON.parse((await client.admin('/scenarios')).text)
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
  const io = client.createIo(fuzz.noAnswer)
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
    for (const entry of await client.journaled()) {
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
  const health = await client.admin('/health').then(
    (r) => r.status,
    (e) => client.why(e),
  )
  const exitCode = await stop(server)

  // -------------------------------------------------------------------------------------------
  console.log(
    `\n[fuzz] seed ${SEED}: ${int(runs)} runs, ${int(requests)} requests in ${seconds.toFixed(1)} s (${int(requests / seconds)} req/s); ` +
      `failures ${int(failed)} (${failures.size} distinct)`,
  )
  printReport({
    fuzz,
    fuzzers,
    stats,
    failures,
    skipped,
    health,
    exitCode,
    SEED,
    STEPS,
    SHOW,
    args,
  })
  return failures.size === 0 && health === 200
}

main().then(
  (ok) => exitWith(ok ? 0 : 2),
  (error) => {
    console.error(`[fuzz] ${error?.stack ?? error}`)
    return exitWith(1)
  },
)
