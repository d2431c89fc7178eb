// The main benchmark (DESIGN.md, "Performance budget"): jobfake against `prism mock` on the same
// OpenAPI document and against bare hono answering the same body (the ceiling), on a modelled
// status poll (--poll: Airweave's GET /source-connections/{id}/jobs, the default; Chroma's GET
// /api/v1/invocations/{invocation_id}; Akua's GET /operations/{id}), in one run, with the
// contenders interleaved round by round (the order rotates every round).
//
// Per contender and round (bench/lib/poll.mjs): cold start (spawn → first 200 whose body parses as
// JSON, polled every ~5 ms), a warm-up, then req/s (mean of autocannon's per-second samples) and
// p99 latency at --connections for --duration seconds, peak RSS (VmHWM) and the server's CPU use
// during the load. Prints the per-round table, the medians, the ratios and each budget's verdict
// (bench/lib/poll-report.mjs), and writes them to bench/results/latest.json (latest-<poll>.json
// for a --poll other than airweave).
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
//                           [--poll airweave|chroma|akua]
// Exit code: 0 when the run is valid (every response 2xx, no errors) whatever the verdicts;
//            2 when some response was not 2xx or failed; 1 when the run broke.
import { existsSync } from 'node:fs'
import { cpus } from 'node:os'
import { join, resolve } from 'node:path'
import { checkBuild, describeBuild, describeLine, sameDir } from './lib/builds.mjs'
import { die, list, options } from './lib/cli.mjs'
import { writeResults } from './lib/format.mjs'
import { ROOT } from './lib/jobfake.mjs'
import { POLL_NAMES, pollBench, pollFixtures } from './lib/poll.mjs'
import { BUDGET, judge, printSummary, rowLine, summarize, validity } from './lib/poll-report.mjs'
import { exitWith, guard } from './lib/proc.mjs'

const USAGE =
  'node bench/run.mjs [--rounds 3] [--duration 10] [--connections 50] [--warmup 2] [--quiet-wait 60]\n' +
  '                   [--baseline <checkout with a built dist/>] [--only jobfake,jobfake@base,prism,hono]\n' +
  `                   [--poll ${POLL_NAMES.join('|')}]`
const whole = (fallback, min, max) => ({ default: fallback, number: { min, max } })
const args = options(
  'bench',
  {
    rounds: whole('3', 1, 20),
    duration: whole('10', 1, 120),
    connections: whole('50', 1, 1000),
    warmup: whole('2', 1, 30),
    'quiet-wait': whole('60', 0, 600),
    baseline: {},
    only: {},
    poll: { default: 'airweave' },
  },
  USAGE,
)
const { rounds: ROUNDS, duration: DURATION, connections: CONNECTIONS, warmup: WARMUP } = args
const QUIET_WAIT = args['quiet-wait']
const POLL = args.poll
if (!POLL_NAMES.includes(POLL))
  die('bench', `--poll takes one of ${POLL_NAMES.join(', ')} (got "${POLL}").`)
// Airweave's poll keeps the results file it always had.
const RESULTS = POLL === 'airweave' ? 'latest' : `latest-${POLL}`

if (!existsSync(join(ROOT, 'dist', 'cli.js')))
  die('bench', 'dist/cli.js is missing: run `npm run build` first (`npm run bench` does).')
// The baseline: another checkout of jobfake (another commit), with its own dist/ and node_modules.
const BASE = args.baseline === undefined ? undefined : resolve(args.baseline)
const problem = BASE && checkBuild(BASE, '--baseline', ['dist/cli.js'])
if (problem) die('bench', problem)

// The contenders, in their order of round 1 (jobfake first, so that bare hono can answer its body).
const ALL_NAMES = ['jobfake', ...(BASE ? ['jobfake@base'] : []), 'prism', 'hono']
let NAMES = ALL_NAMES
if (args.only !== undefined) {
  const wanted = list(args.only).map((s) => (s === 'base' ? 'jobfake@base' : s))
  const unknown = wanted.filter((n) => !ALL_NAMES.includes(n))
  if (unknown.includes('jobfake@base')) die('bench', '--only jobfake@base needs --baseline <dir>.')
  if (unknown.length > 0 || wanted.length === 0)
    die('bench', `--only takes a comma list of ${ALL_NAMES.join(', ')} (got "${args.only}").`)
  NAMES = ALL_NAMES.filter((n) => wanted.includes(n))
}
if (NAMES.includes('hono') && !NAMES.some((n) => n.startsWith('jobfake')))
  die(
    'bench',
    'bare hono answers the body jobfake answered: --only hono needs jobfake (or jobfake@base) too.',
  )
const has = (name) => NAMES.includes(name)
const BUILDS = { current: describeBuild(ROOT), ...(BASE ? { baseline: describeBuild(BASE) } : {}) }

// Every child is stopped on every way out; the whole run is bounded: every round of every
// contender, generously.
guard('bench', { limitS: ROUNDS * NAMES.length * (WARMUP + DURATION + QUIET_WAIT + 90) })
const fixtures = await pollFixtures(POLL).catch((error) => die('bench', error.message))
for (const note of fixtures.notes) console.error(`[bench] note: ${note}`)
const bench = pollBench({
  base: BASE,
  fixtures,
  warmup: WARMUP,
  duration: DURATION,
  connections: CONNECTIONS,
  quietWait: QUIET_WAIT,
})

async function main() {
  console.log(
    `[bench] ${ROUNDS} round(s); per contender: cold start, ${WARMUP} s warm-up, ${DURATION} s at ${CONNECTIONS} connections` +
      ` on ${fixtures.request} — node ${process.version}, ${cpus().length} CPUs; autocannon runs in this process, on the same machine`,
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
  let jobfakeReply
  for (let round = 1; round <= ROUNDS; round++) {
    // Rotate the order every round; in round 1 jobfake (or jobfake@base) comes before bare hono, which answers its body.
    const order = NAMES.map((_, i) => NAMES[(i + round - 1) % NAMES.length])
    for (const name of order) {
      const row = await bench.measure(name, round, jobfakeReply)
      if (name === 'jobfake' || name === 'jobfake@base')
        jobfakeReply ??= { body: row.body, headers: row.echo }
      if (name === 'hono' && row.body !== jobfakeReply.body)
        throw new Error('bare hono did not answer the body jobfake answered')
      if (!row.stable)
        console.error(`[bench] ${name}: the body after the load differs from the one before it`)
      rows.push(row)
      console.log(rowLine(NAMES, row, rows.length === 1))
    }
  }
  // The two builds should answer the same poll: if the size differs, so does the work per request.
  const sizes = (name) =>
    [...new Set(rows.filter((r) => r.name === name).map((r) => r.bodyBytes))].join('/')
  if (has('jobfake') && has('jobfake@base') && sizes('jobfake') !== sizes('jobfake@base')) {
    notes.push(
      `jobfake answered ${sizes('jobfake')} B and jobfake@base ${sizes('jobfake@base')} B: the builds do not answer the same body`,
    )
  }
  const { medians, ratios } = summarize(NAMES, rows, ROUNDS)
  printSummary({ names: NAMES, rounds: ROUNDS, medians, ratios, builds: BUILDS, notes })
  const verdicts = judge({ names: NAMES, medians, ratios, connections: CONNECTIONS })
  const valid = validity(rows)
  const file = writeResults(ROOT, RESULTS, {
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
      poll: POLL,
    },
    contenders: NAMES,
    builds: BUILDS,
    request: fixtures.request,
    budget: BUDGET,
    valid,
    medians,
    ratios,
    verdicts,
    notes,
    rows: rows.map(({ body, echo, ...row }) => row),
  })
  console.log(`\n[bench] medians written to ${file}`)
  return valid
}

main().then(
  (valid) => exitWith(valid ? 0 : 2),
  (error) => {
    console.error(`[bench] ${error.stack ?? error}`)
    return exitWith(1)
  },
)
