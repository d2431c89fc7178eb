// One table (issue 18 item 6): jobfake, bare hono and `prism mock` side by side — the status poll's
// req/s, p50 and p99 with the ratios, start-up (own specs, and the vendors' four documents), peak
// RSS, per-job and per-session memory, the advance across 10,000 live jobs, RSS over the soak —
// each with the target of issue 18 and the budget of DESIGN.md, and whether it is met.
//
// It measures nothing itself: it reads what the other scripts wrote to bench/results/ (latest.json
// of run.mjs, and its latest-chroma.json and latest-akua.json of --poll chroma|akua when they are
// there, jobs.json of jobs.mjs, sessions.json of sessions.mjs, docs-start.json of docs-start.mjs,
// soak.json of soak.mjs; bench/lib/report-rows.mjs), and says, under the table,
// when each was measured, on which build, and what it lacks. With --run it runs them first, one
// after another (each as it would run alone, its output shown), then prints the table.
//
// Usage: node bench/report.mjs [--markdown] [--results DIR]
//        node bench/report.mjs --run [run,jobs,sessions,docs-start,soak] [--quick] [--quiet-wait 60]
//   --markdown   the table (and the notes) as GitHub markdown, for the README
//   --results    another folder of results files (default: bench/results of this checkout)
//   --run        run these first (default, --run alone: run,jobs,sessions,docs-start; the soak of
//                1,000,000 requests only when named)
//   --quick      with --run, short runs: figures for a look, not for the README
// Exit code: 0 when the table was printed (whatever the verdicts); 1 when no results file was
// found, or a script run by --run broke.
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describeBuild } from './lib/builds.mjs'
import { die, list, options } from './lib/cli.mjs'
import { markdownTable, readResults, textTable } from './lib/format.mjs'
import { ROOT } from './lib/jobfake.mjs'
import { exitWith, guard, launch, waitExit } from './lib/proc.mjs'
import { rowsOf } from './lib/report-rows.mjs'

const SCRIPTS = {
  // script: [results file, its arguments, the same --quick]
  run: ['latest', [], ['--rounds', '1', '--duration', '3', '--warmup', '1']],
  jobs: ['jobs', [], ['--repeat', '1']],
  sessions: ['sessions', ['--only', 'names'], ['--only', 'names', '--names', '5000']],
  'docs-start': ['docs-start', [], ['--rounds', '2']],
  soak: ['soak', [], ['--requests', '200000']],
}
const DEFAULT_RUN = ['run', 'jobs', 'sessions', 'docs-start']
// run.mjs --poll chroma|akua: results files of their own, shown when they are there (not --run).
const OTHER_POLLS = { 'latest-chroma': 'chroma', 'latest-akua': 'akua' }
const USAGE =
  'node bench/report.mjs [--markdown] [--results DIR]\n' +
  'node bench/report.mjs --run [run,jobs,sessions,docs-start,soak] [--quick] [--quiet-wait 60] [--markdown]'
// --run takes an optional list: parseArgs needs a value, so a bare --run becomes "--run=".
const argv = process.argv.slice(2)
for (let i = 0; i < argv.length; i++)
  if (argv[i] === '--run' && (argv[i + 1] === undefined || argv[i + 1].startsWith('--')))
    argv[i] = '--run='
process.argv.splice(2, Infinity, ...argv)
const args = options(
  'report',
  {
    markdown: { type: 'boolean', default: false },
    results: {},
    run: {},
    quick: { type: 'boolean', default: false },
    'quiet-wait': { number: { min: 0, max: 600 } },
  },
  USAGE,
)
const RESULTS = args.results === undefined ? join(ROOT, 'bench', 'results') : resolve(args.results)
const RUN = args.run === undefined ? [] : list(args.run).length ? list(args.run) : DEFAULT_RUN
const unknown = RUN.filter((s) => !(s in SCRIPTS))
if (unknown.length > 0)
  die('report', `--run takes a comma list of ${Object.keys(SCRIPTS).join(', ')}.`)
if (RUN.length > 0 && args.results !== undefined)
  die('report', "--run writes to this checkout's bench/results: no --results with it.")
guard('report')

// --run: each script in turn, as a child process (its output shown as it comes).
let broke = false
for (const script of RUN) {
  const [, normal, quick] = SCRIPTS[script]
  const wait = args['quiet-wait'] !== undefined && ['run', 'jobs'].includes(script)
  const extra = [
    ...(args.quick ? quick : normal),
    ...(wait ? ['--quiet-wait', String(args['quiet-wait'])] : []),
  ]
  const file = fileURLToPath(new URL(`./${script}.mjs`, import.meta.url))
  console.log(`\n[report] node bench/${script}.mjs ${extra.join(' ')}`.trimEnd())
  const child = launch(script, process.execPath, [file, ...extra], {
    cwd: ROOT,
    output: 'pipe',
    echo: 'all',
    lifetimeS: 3 * 3600,
  })
  await waitExit(child, 3 * 3600 * 1000)
  // run.mjs answers 2 for an invalid run, soak.mjs for RSS not flat: results all the same.
  if (child.code !== 0) console.log(`[report] bench/${script}.mjs exited with ${child.code}`)
  if (child.code !== 0 && child.code !== 2) broke = true
}

const files = Object.fromEntries(
  [...Object.values(SCRIPTS).map(([name]) => name), ...Object.keys(OTHER_POLLS)].map((name) => [
    name,
    readResults(RESULTS, name),
  ]),
)
const found = Object.entries(files).filter(([, data]) => data)
if (found.length === 0)
  die('report', `no results in ${RESULTS}: run the benchmarks first (or --run).`)

const HEAD = [
  'measure',
  'jobfake',
  'bare hono',
  'prism mock',
  'jobfake / hono',
  'jobfake / prism',
  'issue 18',
  'met',
  'DESIGN.md',
  'met',
  'from',
]
const rows = rowsOf(files).map((r) => [
  r.what,
  r.jobfake,
  r.hono,
  r.prism,
  r.vsHono,
  r.vsPrism,
  r.target,
  r.targetMet,
  r.budget,
  r.budgetMet,
  r.source,
])
const left = (i) => i === 0 || i >= 6

// Where each figure comes from: when, which build, how; what is missing or differs.
// The build the results are of: the checkout whose bench/results they are.
const here = describeBuild(resolve(RESULTS, '..', '..'))
const buildOf = (data) => data.builds?.current ?? data.build
const commit = (b) => (b?.commit ? `${b.commit}${b.uncommittedChanges ? ' + changes' : ''}` : '?')
const how = {
  latest: (d) =>
    `${d.options.rounds} round(s) of ${d.options.duration} s at ${d.options.connections} connections; contenders ${d.contenders.join(', ')}${d.valid ? '' : '; INVALID (non-2xx answers)'}`,
  jobs: (d) => `${d.jobs.toLocaleString('en-US')} jobs, ${d.repeat} run(s) a mode`,
  sessions: (d) => `${d.options.names.toLocaleString('en-US')} session names`,
  'docs-start': (d) => `${d.options.rounds} round(s)`,
  soak: (d) =>
    `${d.requests.toLocaleString('en-US')} requests over ${d.options.sessions} sessions in ${Math.round(d.seconds)} s`,
}
const notes = []
for (const [name, data] of Object.entries(files)) {
  const poll = OTHER_POLLS[name]
  const script = poll
    ? `run.mjs --poll ${poll}`
    : `${Object.keys(SCRIPTS).find((s) => SCRIPTS[s][0] === name)}.mjs`
  if (!data) {
    if (!poll) notes.push(`${name}.json: none (node bench/${script})`)
    continue
  }
  const b = buildOf(data)
  const other = b && (b.commit !== here.commit || b.distBuilt !== here.distBuilt)
  notes.push(
    `${name}.json (${script}): ${data.when}, build ${commit(b)}, dist/ of ${b?.distBuilt ?? '?'}; ${(how[name] ?? how.latest)(data)}` +
      (other ? ' — not the dist/ that checkout holds now' : ''),
  )
}
const latest = files.latest
if (latest && !latest.contenders.includes('prism'))
  notes.push('prism was not measured in latest.json (run.mjs --only …): its column is empty')
if (latest && !latest.contenders.includes('hono'))
  notes.push('bare hono was not measured in latest.json: its column is empty')
if (files.jobs && !(files.jobs.results ?? []).some((r) => r.build === 'current'))
  notes.push('jobs.json holds no run of the current build')
if (files.soak && files.soak.requests < 1_000_000)
  notes.push(
    `the soak ran ${files.soak.requests.toLocaleString('en-US')} requests, not the 1,000,000 the target names: not judged`,
  )
for (const name of ['latest', ...Object.keys(OTHER_POLLS)]) {
  const busy = (files[name]?.rows ?? []).filter((r) => r.others > 25)
  if (busy.length)
    notes.push(
      `run.mjs (${name}.json): other processes used CPU during ${busy.length} of ${files[name].rows.length} loads: those figures are low`,
    )
}

const title = `jobfake against bare hono and prism mock — node ${process.version}, this machine`
if (args.markdown) {
  console.log(`\n${markdownTable(HEAD, rows, { left })}\n`)
  for (const note of notes) console.log(`- ${note}`)
} else {
  console.log(`\n${title}\n`)
  console.log(textTable(HEAD, rows, { left, trim: true }))
  console.log('')
  for (const note of notes) console.log(`  ${note}`)
}
await exitWith(broke ? 1 : 0)
