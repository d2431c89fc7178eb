// The 10,000-live-jobs budget (DESIGN.md, "Performance budget"): the process's RSS with 10,000
// live jobs, and the wall time of advancing the manual clock one simulated hour across them, after
// which every job must be in a final state. Budget: ≤ 120 MB RSS; ≤ 250 ms to advance.
//
// Airweave's public API cannot hold 10,000 live jobs in one session: a source connection takes one
// active job at a time and a session has three. So the Airweave jobs are created below the HTTP layer:
//   engine   createClock + createJobTable(syncJobMachine): the job engine alone, nothing else loaded;
//   session  createSession() with every vendor, as the server opens one; the jobs go into the
//            session's own Airweave job table (the one the routes use), so the vendor's cleanup
//            timer (every 150 s, scanning every job) runs while the clock advances;
//   http     end to end through the public API, in-process: createFake({ clock: 'manual' }) and
//            10,000 POSTs of Chroma invocations through fake.request() (Chroma's API does hold
//            10,000 live jobs in one session), journal and coverage on;
//   akua     the same with 10,000 Akua operations (POST /clusters), several steps each.
// Each mode runs in its own process (so one's heap does not weigh on the other's RSS), started with
// --expose-gc: this script re-executes itself (`--child`, bench/lib/jobs-child.mjs), so plain
// `node bench/jobs.mjs` is enough.
//
// The modes run interleaved, --repeat times each (default 3), and the table shows medians: the
// machine is a shared VM and one advance lasts under a second, so a single figure is noise-prone.
//
// Before each run it waits (up to --quiet-wait seconds, default 60) for the rest of the machine to be quiet.
//
// With --baseline <dir> (a checkout of jobfake with its own built dist/ and node_modules), every mode
// runs for both builds, interleaved (base, current, base, current...), each run in its own process,
// and the table shows both medians and the ratios current / base. A child gets the root of the build
// it measures (--root) and imports that build's dist/ modules; when a module is not where it used to
// be (a refactoring may move them), it is looked up elsewhere under dist/ (bench/lib/builds.mjs), and a
// mode whose modules a build does not have is skipped for that build, with a note.
//
// Usage: node bench/jobs.mjs [--jobs 10000] [--repeat 3] [--quiet-wait 60] [--mode engine|session|http|akua]   (default: all four)
//                            [--baseline <dir>]
// Needs dist/ (npm run build). Writes bench/results/jobs.json.
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { checkBuild, describeBuild, describeLine, resolveModule, sameDir } from './lib/builds.mjs'
import { die, options } from './lib/cli.mjs'
import { writeResults } from './lib/format.mjs'
import { ROOT } from './lib/jobfake.mjs'
import { BUDGET, MODES, comparisonOf, printTable, resultsOf } from './lib/jobs-report.mjs'
import { waitQuiet } from './lib/machine.mjs'
import { guard, launch, waitExit } from './lib/proc.mjs'

const SELF = fileURLToPath(import.meta.url)
// The dist/ modules (bench/lib/builds.mjs) each mode imports.
const NEEDS = {
  engine: ['clock', 'jobs', 'airweaveMachine'],
  session: ['session', 'vendors', 'airweaveMachine', 'airweaveFixtures'],
  http: ['index'],
  akua: ['index'],
}
const USAGE =
  'node bench/jobs.mjs [--jobs 10000] [--repeat 3] [--quiet-wait 60] [--mode engine|session|http|akua] [--baseline <dir>]'
const args = options(
  'bench',
  {
    jobs: { default: '10000', number: { min: 1, max: 1_000_000 } },
    repeat: { default: '3', number: { min: 1, max: 20 } },
    'quiet-wait': { default: '60', number: { min: 0, max: 600 } },
    mode: {},
    baseline: {},
    child: { type: 'boolean', default: false },
    // Given to a child: the root of the build it measures, and that build's label.
    root: {},
    label: {},
  },
  USAGE,
)
if (args.mode !== undefined && !MODES.includes(args.mode))
  die('bench', `--mode must be one of ${MODES.join(', ')} (got "${args.mode}").`)
if (args.child) {
  const { runChild } = await import('./lib/jobs-child.mjs')
  await runChild(args)
}
const { jobs: N, repeat: REPEAT } = args
if (!existsSync(join(ROOT, 'dist', 'index.js')))
  die('bench', 'dist/ is missing: run `npm run build` first.')
const BASE = args.baseline === undefined ? undefined : resolve(args.baseline)
const problem = BASE && checkBuild(BASE, '--baseline', ['dist/index.js'])
if (problem) die('bench', problem)
guard('bench')

// The builds, in the order they run within each round: the baseline first, then this checkout.
const builds = [
  ...(BASE ? [{ label: 'base', root: BASE }] : []),
  { label: 'current', root: ROOT },
].map((b) => ({ ...b, info: describeBuild(b.root) }))
const selected = args.mode ? [args.mode] : MODES
for (const b of builds) console.log(`[bench] ${b.label.padEnd(7)}  ${describeLine(b.info)}`)
if (BASE && sameDir(BASE, ROOT))
  console.log('[bench] note: the baseline is this very checkout (an A/A comparison)')
// Which modes each build can run: a refactoring may have moved (or removed) a module.
const skipped = []
const runnable = new Set()
for (const b of builds) {
  for (const mode of selected) {
    const found = NEEDS[mode].map((name) => resolveModule(b.root, name))
    for (const f of found)
      for (const note of f.notes) if (!f.missing) console.log(`[bench] note: ${b.label}: ${note}`)
    const missing = found.filter((f) => f.missing)
    if (missing.length > 0) {
      const why = missing.flatMap((f) => f.notes).join('; ')
      skipped.push({ mode, build: b.label, why })
      console.log(`[bench] note: ${b.label}: skipping mode ${mode}: ${why}`)
    } else runnable.add(`${mode}@${b.label}`)
  }
}
console.log('')

/** One run: a child process (this script, --child) measuring mode in build b; its result. */
async function runOne(mode, b, round) {
  const argv = [
    '--expose-gc',
    SELF,
    '--child',
    '--mode',
    mode,
    '--jobs',
    String(N),
    '--root',
    b.root,
    '--label',
    tag(mode, b.label),
  ]
  const child = launch(tag(mode, b.label), process.execPath, argv, {
    cwd: b.root,
    output: 'pipe',
    echo: 'stderr',
    lifetimeS: 300,
  })
  await waitExit(child, 310_000)
  if (child.code !== 0) return { error: `exited with ${child.code}` }
  const lines = child.stdout.trim().split('\n')
  const result = { round, build: b.label, ...JSON.parse(lines.pop()) }
  for (const line of lines) console.log(`${round}: ${line}`)
  return result
}

const tag = (mode, label) => (BASE ? `${mode}@${label}` : mode)
const runs = []
const failed = new Set()
for (let round = 1; round <= REPEAT; round++) {
  for (const mode of selected) {
    for (const b of builds) {
      const key = `${mode}@${b.label}`
      if (!runnable.has(key) || failed.has(key)) continue
      if (args['quiet-wait'] > 0) await waitQuiet(args['quiet-wait'])
      const result = await runOne(mode, b, round)
      if (result.error) {
        console.error(
          `[bench] ${tag(mode, b.label)}: ${result.error}${round < REPEAT ? '; not run again' : ''}`,
        )
        // A build that cannot run a mode (an API that changed, say) fails the same way every time.
        failed.add(key)
        process.exitCode = 1
      } else runs.push(result)
    }
  }
}
const results = resultsOf(runs, builds, N)
const comparison = BASE ? comparisonOf(results) : undefined
if (results.length > 0) {
  console.log(
    `\n${N.toLocaleString('en-US')} live jobs, medians of ${REPEAT} run(s) — budget: RSS ≤ ${BUDGET.rssMb} MB (after a full GC), advancing 1 h ≤ ${BUDGET.advanceMs} ms` +
      (BASE
        ? '\nbase = the --baseline build, current = this checkout; "cur/base" rows: current / base (below 1 is better)'
        : '') +
      '\n',
  )
  printTable(results, comparison, Boolean(BASE))
  console.log('')
  for (const r of results)
    console.log(
      `  ${tag(r.mode, r.build).padEnd(BASE ? 15 : 7)}  ${r.what}; states after 1 h: ${JSON.stringify(r.states)}`,
    )
  const unfinished = results.filter((r) => r.final !== r.jobs || r.warmFinal !== r.jobs)
  for (const r of unfinished)
    console.log(
      `\n  ${tag(r.mode, r.build)}: some jobs not in a final state after one hour (first batch ${r.final}/${r.jobs}, second ${r.warmFinal}/${r.jobs})`,
    )
  if (unfinished.length > 0) process.exitCode = 1
  const busy = runs.filter((r) => r.othersCpu > 25)
  if (busy.length > 0) {
    const which = busy.map(
      (r) => `run ${r.round} ${tag(r.mode, r.build)} (${r.othersCpu.toFixed(0)} % of a core)`,
    )
    console.log(`\n  note: other processes used CPU during ${which.join(', ')}`)
  }
}
for (const s of skipped) console.log(`\n  note: ${s.mode} was not run for ${s.build}: ${s.why}`)
for (const mode of BASE ? selected : [])
  if (!comparison.some((c) => c.mode === mode))
    console.log(`  note: no comparison for ${mode}: it did not run for both builds`)
if (results.length > 0) {
  const file = writeResults(ROOT, 'jobs', {
    when: new Date().toISOString(),
    node: process.version,
    jobs: N,
    repeat: REPEAT,
    budget: BUDGET,
    builds: Object.fromEntries(builds.map((b) => [b.label, b.info])),
    results,
    ...(BASE ? { comparison } : {}),
    skipped,
    runs,
  })
  console.log(`\n[bench] written to ${file}`)
}
process.exit()
