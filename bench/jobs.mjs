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
//            10,000 live jobs in one session), journal and coverage on.
// Each mode runs in its own process (so one's heap does not weigh on the other's RSS), started with
// --expose-gc: this script re-executes itself, so plain `node bench/jobs.mjs` is enough.
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
// be (a refactoring may move them), it is looked up elsewhere under dist/ (bench/builds.mjs), and a
// mode whose modules a build does not have is skipped for that build, with a note.
//
// Usage: node bench/jobs.mjs [--jobs 10000] [--repeat 3] [--quiet-wait 60] [--mode engine|session|http]   (default: all three)
//                            [--baseline <dir>]
// Needs dist/ (npm run build). Writes bench/results/jobs.json.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { getHeapSpaceStatistics } from 'node:v8'
import {
  MODULES,
  checkBuild,
  describeBuild,
  describeLine,
  resolveModule,
  sameDir,
} from './builds.mjs'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const SELF = fileURLToPath(import.meta.url)
const MODES = ['engine', 'session', 'http']
const BUDGET = { rssMb: 120, advanceMs: 250 }
const HOUR = 3_600_000
// The dist/ modules (bench/builds.mjs) each mode imports.
const NEEDS = {
  engine: ['clock', 'jobs', 'airweaveMachine'],
  session: ['session', 'vendors', 'airweaveMachine', 'airweaveFixtures'],
  http: ['index'],
}

const { values: args } = parseArgs({
  options: {
    jobs: { type: 'string', default: '10000' },
    repeat: { type: 'string', default: '3' },
    'quiet-wait': { type: 'string', default: '60' },
    mode: { type: 'string' },
    baseline: { type: 'string' },
    child: { type: 'boolean', default: false },
    // Given to a child: the root of the build it measures, and that build's label.
    root: { type: 'string' },
    label: { type: 'string' },
  },
})
const REPEAT = Number(args.repeat)
if (!Number.isInteger(REPEAT) || REPEAT < 1 || REPEAT > 20) {
  console.error(`[bench] --repeat must be a whole number from 1 to 20 (got "${args.repeat}").`)
  process.exit(1)
}
const N = Number(args.jobs)
if (!Number.isInteger(N) || N < 1 || N > 1_000_000) {
  console.error(`[bench] --jobs must be a whole number from 1 to 1,000,000 (got "${args.jobs}").`)
  process.exit(1)
}
if (args.mode !== undefined && !MODES.includes(args.mode)) {
  console.error(`[bench] --mode must be one of ${MODES.join(', ')} (got "${args.mode}").`)
  process.exit(1)
}
if (!args.child && !existsSync(join(ROOT, 'dist', 'index.js'))) {
  console.error('[bench] dist/ is missing: run `npm run build` first.')
  process.exit(1)
}
const BASE = args.baseline === undefined ? undefined : resolve(args.baseline)
if (!args.child && BASE !== undefined) {
  const problem = checkBuild(BASE, '--baseline', ['dist/index.js'])
  if (problem) {
    console.error(`[bench] ${problem}`)
    process.exit(1)
  }
}

const mb = (bytes) => bytes / 1024 / 1024
const vm = (field) =>
  Number(
    new RegExp(`${field}:\\s+(\\d+)\\s+kB`).exec(readFileSync('/proc/self/status', 'utf8'))[1],
  ) / 1024
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
/** The machine's CPU time (all CPUs), idle and stolen time counted as idle. */
function machineTicks() {
  const [user, nice, system, idle, iowait, irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number)
  return {
    total: user + nice + system + idle + iowait + irq + softirq + steal,
    idle: idle + iowait + steal,
  }
}

// ---------------------------------------------------------------------------------------------
// The parent: one child process per mode, each bounded in time.

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

const QUIET_WAIT = Number(args['quiet-wait'])
if (!Number.isInteger(QUIET_WAIT) || QUIET_WAIT < 0 || QUIET_WAIT > 600) {
  console.error(
    `[bench] --quiet-wait must be a whole number of seconds from 0 to 600 (got "${args['quiet-wait']}").`,
  )
  process.exit(1)
}

/** Waits up to QUIET_WAIT s until the rest of the machine uses under a fifth of a core over 1 s. */
async function waitQuiet() {
  const started = performance.now()
  for (;;) {
    const a = machineTicks()
    await sleep(1000)
    const b = machineTicks()
    const others = (1 - (b.idle - a.idle) / (b.total - a.total)) * cpus().length * 100
    if (others < 20) return
    if ((performance.now() - started) / 1000 >= QUIET_WAIT) {
      console.error(
        `[bench] the machine stayed busy (${others.toFixed(0)} % of a core) for ${QUIET_WAIT} s: measuring anyway`,
      )
      return
    }
  }
}

if (!args.child) {
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
  const tag = (mode, label) => (BASE ? `${mode}@${label}` : mode)
  const runs = []
  const failed = new Set()
  for (let round = 1; round <= REPEAT; round++) {
    for (const mode of selected) {
      for (const b of builds) {
        if (!runnable.has(`${mode}@${b.label}`) || failed.has(`${mode}@${b.label}`)) continue
        if (QUIET_WAIT > 0) await waitQuiet()
        const r = spawnSync(
          process.execPath,
          [
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
          ],
          {
            cwd: b.root,
            stdio: ['ignore', 'pipe', 'inherit'],
            encoding: 'utf8',
            timeout: 300_000,
            killSignal: 'SIGKILL',
          },
        )
        if (r.error || r.status !== 0) {
          console.error(
            `[bench] ${tag(mode, b.label)}: ${r.error?.message ?? `exited with ${r.status ?? r.signal}`}${round < REPEAT ? '; not run again' : ''}`,
          )
          // A build that cannot run a mode (an API that changed, say) fails the same way every time.
          failed.add(`${mode}@${b.label}`)
          process.exitCode = 1
          continue
        }
        const lines = r.stdout.trim().split('\n')
        const result = { round, build: b.label, ...JSON.parse(lines.pop()) }
        for (const line of lines) console.log(`${round}: ${line}`)
        runs.push(result)
      }
    }
  }
  const results = MODES.flatMap((mode) =>
    builds
      .filter((b) => runs.some((r) => r.mode === mode && r.build === b.label))
      .map((b) => {
        const mine = runs.filter((r) => r.mode === mode && r.build === b.label)
        const m = (k) => median(mine.map((r) => r[k]))
        return {
          mode,
          build: b.label,
          root: b.root,
          what: mine[0].what,
          jobs: N,
          runs: mine.length,
          rssMb: m('rssMb'),
          settledRssMb: m('settledRssMb'),
          peakRssMb: m('peakRssMb'),
          heapBytesPerJob: m('heapBytesPerJob'),
          newSpaceMb: m('newSpaceMb'),
          createMs: m('createMs'),
          advanceMs: m('advanceMs'),
          advanceRange: [
            Math.min(...mine.map((r) => r.advanceMs)),
            Math.max(...mine.map((r) => r.advanceMs)),
          ],
          othersCpu: m('othersCpu'),
          warmAdvanceMs: m('warmAdvanceMs'),
          final: Math.min(...mine.map((r) => r.final)),
          warmFinal: Math.min(...mine.map((r) => r.warmFinal)),
          states: mine[0].states,
        }
      }),
  )
  // current / base, per mode that both builds ran: below 1 is better for every figure.
  const RATIO_KEYS = [
    'rssMb',
    'settledRssMb',
    'peakRssMb',
    'newSpaceMb',
    'heapBytesPerJob',
    'createMs',
    'advanceMs',
    'warmAdvanceMs',
  ]
  const comparison = BASE
    ? MODES.flatMap((mode) => {
        const cur = results.find((r) => r.mode === mode && r.build === 'current')
        const base = results.find((r) => r.mode === mode && r.build === 'base')
        return cur && base
          ? [
              {
                mode,
                currentOverBase: Object.fromEntries(RATIO_KEYS.map((k) => [k, cur[k] / base[k]])),
              },
            ]
          : []
      })
    : undefined
  if (results.length > 0) {
    console.log(
      `\n${N.toLocaleString('en-US')} live jobs, medians of ${REPEAT} run(s) — budget: RSS ≤ ${BUDGET.rssMb} MB (after a full GC), advancing 1 h ≤ ${BUDGET.advanceMs} ms` +
        (BASE
          ? '\nbase = the --baseline build, current = this checkout; "cur/base" rows: current / base (below 1 is better)'
          : '') +
        '\n',
    )
    const head = [
      'mode',
      ...(BASE ? ['build'] : []),
      'RSS MB',
      'settled MB',
      'peak MB',
      'young gen MB',
      'heap/job',
      'create ms',
      'advance ms',
      '(min–max)',
      'warm ms',
      'others CPU %',
      'final',
      'RSS',
      'advance',
    ]
    const row = (r) => [
      r.mode,
      ...(BASE ? [r.build] : []),
      r.rssMb.toFixed(1),
      r.settledRssMb.toFixed(1),
      r.peakRssMb.toFixed(1),
      r.newSpaceMb.toFixed(1),
      `${Math.round(r.heapBytesPerJob)} B`,
      r.createMs.toFixed(0),
      r.advanceMs.toFixed(0),
      r.advanceRange.map((x) => x.toFixed(0)).join('–'),
      r.warmAdvanceMs.toFixed(0),
      r.othersCpu.toFixed(0),
      `${r.final}/${r.jobs}`,
      r.rssMb <= BUDGET.rssMb ? 'holds' : `MISSED by ${(r.rssMb - BUDGET.rssMb).toFixed(1)} MB`,
      r.advanceMs <= BUDGET.advanceMs
        ? 'holds'
        : `MISSED by ${(r.advanceMs - BUDGET.advanceMs).toFixed(0)} ms`,
    ]
    const x = (v) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : 'n/a')
    const ratioRow = ({ mode, currentOverBase: q }) => [
      mode,
      'cur/base',
      x(q.rssMb),
      x(q.settledRssMb),
      x(q.peakRssMb),
      x(q.newSpaceMb),
      x(q.heapBytesPerJob),
      x(q.createMs),
      x(q.advanceMs),
      '',
      x(q.warmAdvanceMs),
      '',
      '',
      '',
      '',
    ]
    const rows = MODES.flatMap((mode) => [
      ...results.filter((r) => r.mode === mode).map(row),
      ...(comparison ?? []).filter((c) => c.mode === mode).map(ratioRow),
    ])
    const textCols = BASE ? 2 : 1
    const widths = head.map((h, i) =>
      Math.max(h.length, ...rows.map((cells) => String(cells[i]).length)),
    )
    const line = (cells) =>
      cells
        .map((c, i) =>
          i < textCols || i >= head.length - 2
            ? String(c).padEnd(widths[i])
            : String(c).padStart(widths[i]),
        )
        .join('  ')
        .trimEnd()
    console.log(
      [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n'),
    )
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
      console.log(
        `\n  note: other processes used CPU during ${busy.map((r) => `run ${r.round} ${tag(r.mode, r.build)} (${r.othersCpu.toFixed(0)} % of a core)`).join(', ')}`,
      )
    }
  }
  for (const s of skipped) console.log(`\n  note: ${s.mode} was not run for ${s.build}: ${s.why}`)
  if (BASE) {
    for (const mode of selected) {
      if (!(comparison ?? []).some((c) => c.mode === mode))
        console.log(`  note: no comparison for ${mode}: it did not run for both builds`)
    }
  }
  if (results.length > 0) {
    const dir = join(ROOT, 'bench', 'results')
    mkdirSync(dir, { recursive: true })
    if (!existsSync(join(dir, '.gitignore'))) writeFileSync(join(dir, '.gitignore'), '*.json\n')
    writeFileSync(
      join(dir, 'jobs.json'),
      JSON.stringify(
        {
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
        },
        null,
        2,
      ) + '\n',
    )
    console.log(`\n[bench] written to ${join(dir, 'jobs.json')}`)
  }
  process.exit()
}

// ---------------------------------------------------------------------------------------------
// A child: builds one mode's N live jobs, then measures.

if (typeof globalThis.gc !== 'function') {
  console.error('[bench] run with --expose-gc (plain `node bench/jobs.mjs` does that itself)')
  process.exit(1)
}
const log = (text) => console.log(`[${args.label ?? args.mode}] ${text}`)
// The build this child measures: its root comes from the parent (--root); by default this checkout.
const BUILD_ROOT = args.root === undefined ? ROOT : resolve(args.root)
/** Imports one of bench/builds.mjs's MODULES from that build, wherever it is under dist/. */
async function load(name) {
  const found = resolveModule(BUILD_ROOT, name)
  if (found.missing) throw new Error(`${BUILD_ROOT}: ${found.notes.join('; ')}`)
  const module = await import(pathToFileURL(found.path).href)
  const absent = MODULES[name].exports.filter((x) => !(x in module))
  if (absent.length > 0) throw new Error(`${found.path} does not export ${absent.join(', ')}`)
  return module
}

/**
 * The realistic Airweave profile of this build: `defaultProfile` in builds before the vendor kit,
 * `profileOf(builtInScenario('airweave'), vocabulary)` since.
 */
async function airweaveProfile(machine) {
  if (machine.defaultProfile) return machine.defaultProfile
  const from = (rel) => import(pathToFileURL(join(BUILD_ROOT, 'dist', rel)).href)
  const { profileOf } = await from('vendor/profile.js')
  const { builtInScenario } = await from('scenarios/scenario.js')
  const { vocabulary } = await from('vendors/airweave/scenario.js')
  return profileOf(builtInScenario('airweave'), vocabulary)
}

/** A scenario catalogue for createSession (builds since the vendor kit need one; older ones ignore it). */
async function catalogOf(vendors) {
  const path = join(BUILD_ROOT, 'dist', 'scenarios', 'catalog.js')
  if (!existsSync(path)) return undefined
  const { createCatalog } = await import(pathToFileURL(path).href)
  return createCatalog(
    { scenarios: new Map(), problems: [] },
    vendors.map((v) => v.name),
  )
}

/** Each mode: what it loads (before the baseline), and how it creates N jobs and reads them. */
const modes = {
  async engine() {
    const { createClock } = await load('clock')
    const { createJobTable } = await load('jobs')
    const machine = await load('airweaveMachine')
    const { syncJobMachine } = machine
    const defaultProfile = await airweaveProfile(machine)
    const clock = createClock({ mode: { kind: 'manual' } })
    const table = createJobTable({ kind: 'sync-job', machine: syncJobMachine, clock })
    return {
      what: 'Airweave sync jobs, createJobTable + createClock',
      create(from) {
        for (let i = from; i < from + N; i++)
          table.start(`job-${i}`, {
            sourceConnectionId: `sc-${i}`,
            forceFullSync: false,
            profile: defaultProfile,
          })
      },
      advance: () => clock.advance(HOUR),
      jobs: () => table.all(),
    }
  },

  async session() {
    const { createSession } = await load('session')
    const { vendors } = await load('vendors')
    const machine = await load('airweaveMachine')
    const { syncJobMachine } = machine
    const defaultProfile = await airweaveProfile(machine)
    const { fixtures } = await load('airweaveFixtures')
    const session = createSession('bench', {
      vendors,
      catalog: await catalogOf(vendors),
      clock: { kind: 'manual' },
      seed: 1,
      journalSize: 10_000,
      scenarios: new Map(),
    })
    const own = session.vendors.get('airweave')
    const table = own.jobs?.get('sync-job') ?? own.tables?.find((t) => t.kind === 'sync-job')
    if (!table || !table.states.every((s) => Object.keys(syncJobMachine.root.states).includes(s))) {
      throw new Error("the session's Airweave job table was not found")
    }
    const sources = fixtures.sourceConnections.map((c) => c.id)
    return {
      what: "Airweave sync jobs in a session's own table (createSession, every vendor)",
      create(from) {
        for (let i = from; i < from + N; i++) {
          table.start(session.ids.uuid(), {
            sourceConnectionId: sources[i % sources.length],
            forceFullSync: false,
            profile: defaultProfile,
          })
        }
      },
      advance: () => session.clock.advance(HOUR),
      jobs: () => table.all(),
    }
  },

  async http() {
    const { createFake } = await load('index')
    const fake = await createFake({ clock: 'manual' })
    const { chroma } = await (await fake.request('/__admin/fixtures')).json()
    const headers = { 'x-chroma-token': chroma.token, 'content-type': 'application/json' }
    const url = `/chroma/api/v1/sources/${chroma.sourceIds[0]}/invocations`
    return {
      what: 'Chroma invocations via createFake + fake.request (journal, coverage on)',
      async create(from) {
        for (let i = from; i < from + N; i++) {
          const res = await fake.request(url, {
            method: 'POST',
            headers,
            body: JSON.stringify({ target_collection_name: `c${i}` }),
          })
          if (res.status !== 201)
            throw new Error(`invocation ${i}: ${res.status} ${await res.text()}`)
          await res.arrayBuffer()
        }
        if (fake.violations().length > 0)
          throw new Error(`spec violations: ${JSON.stringify(fake.violations()[0])}`)
      },
      advance: () => fake.clock.advance(HOUR),
      jobs: () => fake.jobs('chroma'),
    }
  },
}

const fixture = await modes[args.mode]()
// Give jobfake's idle-time work (validator warm-up) its turn before the baseline.
await sleep(500)
globalThis.gc()
const before = { rss: mb(process.memoryUsage().rss), heap: mb(process.memoryUsage().heapUsed) }

const t0 = performance.now()
await fixture.create(0)
const createMs = performance.now() - t0
const live = fixture.jobs()
const liveCount = live.filter((job) => !job.done).length
if (live.length !== N || liveCount !== N)
  throw new Error(`expected ${N} live jobs, found ${liveCount} live of ${live.length}`)

globalThis.gc()
const mem = process.memoryUsage()
const rssMb = mb(mem.rss)
const heapMb = mb(mem.heapUsed)
const heapTotalMb = mb(mem.heapTotal)
// Where RSS goes beyond live objects: V8 keeps the young generation it grew while jobs were being
// allocated (up to 2 × 16 MB semi-spaces on 64-bit Node 20), empty but committed, after a full GC.
const newSpaceMb = mb(
  getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? NaN,
)
const peakRssMb = vm('VmHWM')
// V8 gives freed pages back to the system lazily: the same figure after 3 s idle, for information.
for (let i = 0; i < 6; i++) {
  await sleep(500)
  globalThis.gc()
}
const settledRssMb = mb(process.memoryUsage().rss)

const machine0 = machineTicks()
const cpu0 = process.cpuUsage()
const t1 = performance.now()
fixture.advance()
const advanceMs = performance.now() - t1
const cpu1 = process.cpuUsage(cpu0)
const machine1 = machineTicks()
// CPU the rest of the machine used meanwhile, in % of one core (other work skews the figure).
const busyCores =
  (1 - (machine1.idle - machine0.idle) / (machine1.total - machine0.total)) * cpus().length
const othersCpu = Math.max(0, (busyCores - (cpu1.user + cpu1.system) / 1000 / advanceMs) * 100)

const states = {}
let final = 0
for (const job of fixture.jobs()) {
  states[job.state] = (states[job.state] ?? 0) + 1
  if (job.done) final++
}
// The same again with the code warm: a second batch of N jobs in this process, advanced one more
// hour. The first advance pays for the JIT compiling the transition paths (creating jobs runs only
// the initial state); this one shows the steady cost. The budget is judged on the first.
await fixture.create(N)
globalThis.gc()
const t2 = performance.now()
fixture.advance()
const warmAdvanceMs = performance.now() - t2
const warmFinal = fixture.jobs().filter((job) => job.done).length - final
globalThis.gc()
const result = {
  mode: args.mode,
  what: fixture.what,
  jobs: N,
  baselineRssMb: before.rss,
  rssMb,
  settledRssMb,
  peakRssMb,
  heapMb,
  heapTotalMb,
  newSpaceMb,
  heapBytesPerJob: ((heapMb - before.heap) * 1024 * 1024) / N,
  createMs,
  advanceMs,
  othersCpu,
  warmAdvanceMs,
  warmFinal,
  final,
  states,
}
log(`${fixture.what}`)
log(
  `${N.toLocaleString('en-US')} live jobs created in ${createMs.toFixed(0)} ms; RSS ${rssMb.toFixed(1)} MB after a full GC ` +
    `(before creating them: ${before.rss.toFixed(1)} MB; peak ${peakRssMb.toFixed(1)} MB; after 3 s idle: ${settledRssMb.toFixed(1)} MB); ` +
    `live heap ${heapMb.toFixed(1)} MB (${Math.round(result.heapBytesPerJob)} B a job), V8 heap committed ${heapTotalMb.toFixed(1)} MB of which young generation ${newSpaceMb.toFixed(1)} MB`,
)
log(
  `advancing 1 h: ${advanceMs.toFixed(0)} ms → ${JSON.stringify(states)}, ${final}/${N} final (others used ${othersCpu.toFixed(0)} % of a core meanwhile); ` +
    `a second batch, code warm: ${warmAdvanceMs.toFixed(0)} ms, ${warmFinal}/${N} final`,
)
console.log(JSON.stringify(result))
process.exit(0)
