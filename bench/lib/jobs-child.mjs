// A child of bench/jobs.mjs (`node --expose-gc bench/jobs.mjs --child --mode <mode> --jobs N
// --root <build> --label <label>`): builds one mode's N live jobs in this process, from the build
// at --root, then measures: RSS after a full GC, after 3 s idle, the peak, the young generation,
// heap and RSS per job, the time to create them, then one advance of the manual clock by an hour
// (every job must end final) and the same for a second batch with the code warm, with the RSS
// that batch adds. Prints a few lines for the reader and, last, the result as one line of JSON
// (what the parent reads).
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { getHeapSpaceStatistics } from 'node:v8'
import { MODULES, resolveModule } from './builds.mjs'
import { ROOT } from './jobfake.mjs'
import { busyPct, machineTicks, memoryOf } from './machine.mjs'
import { sleep } from './proc.mjs'

const HOUR = 3_600_000
const mb = (bytes) => bytes / 1024 / 1024
// The build this child measures (its root, from the parent's --root) and the number of jobs.
let BUILD_ROOT = ROOT
let N = 10_000

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

  http: () =>
    throughApi({
      vendor: 'chroma',
      what: 'Chroma invocations via createFake + fake.request (journal, coverage on)',
      headers: (fx) => ({ 'x-chroma-token': fx.token }),
      url: (fx) => `/chroma/api/v1/sources/${fx.sourceIds[0]}/invocations`,
      body: (i) => ({ target_collection_name: `c${i}` }),
      status: 201,
    }),

  // Akua's operations take a step every few seconds (cluster.create has several), so an hour
  // across them is several transitions a job where Chroma's invocations make two.
  akua: () =>
    throughApi({
      vendor: 'akua',
      what: 'Akua operations (POST /clusters: cluster.create) via createFake + fake.request (journal, coverage on)',
      headers: (fx) => ({ authorization: `Bearer ${fx.token}` }),
      url: () => '/akua/v1/clusters',
      body: (i, fx) => ({ name: `c${i}`, region_id: fx.regionIds[0] }),
      status: 202,
    }),
}

/**
 * A mode that starts its jobs through the public API: createFake({ clock: 'manual' }) and one POST
 * a job through fake.request(), journal and coverage on; `fx` is the vendor's admin fixtures.
 */
async function throughApi({ vendor, what, headers, url, body, status }) {
  const { createFake } = await load('index')
  const fake = await createFake({ clock: 'manual' })
  const fx = (await (await fake.request('/__admin/fixtures')).json())[vendor]
  const init = { method: 'POST', headers: { ...headers(fx), 'content-type': 'application/json' } }
  return {
    what,
    async create(from) {
      for (let i = from; i < from + N; i++) {
        const res = await fake.request(url(fx), { ...init, body: JSON.stringify(body(i, fx)) })
        if (res.status !== status) throw new Error(`job ${i}: ${res.status} ${await res.text()}`)
        await res.arrayBuffer()
      }
      if (fake.violations().length > 0)
        throw new Error(`spec violations: ${JSON.stringify(fake.violations()[0])}`)
    },
    advance: () => fake.clock.advance(HOUR),
    jobs: () => fake.jobs(vendor),
  }
}

/** Runs one mode (args: { mode, jobs, root, label }) and prints its result; exits 0. */
export async function runChild(args) {
  if (typeof globalThis.gc !== 'function') {
    console.error('[bench] run with --expose-gc (plain `node bench/jobs.mjs` does that itself)')
    process.exit(1)
  }
  BUILD_ROOT = args.root === undefined ? ROOT : resolve(args.root)
  N = args.jobs
  const log = (text) => console.log(`[${args.label ?? args.mode}] ${text}`)
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
  const peakRssMb = memoryOf().hwmMb
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
  // CPU the rest of the machine used meanwhile, in % of one core (other work skews the figure).
  const own = ((cpu1.user + cpu1.system) / 1000 / advanceMs) * 100
  const othersCpu = Math.max(0, busyPct(machine0, machineTicks()) - own)

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
  // What one more job adds once the process has grown its young generation and compiled its code
  // for the first batch: the second batch's RSS after a full GC over the first's (before advancing).
  const marginalRssBytesPerJob = ((mb(process.memoryUsage().rss) - rssMb) * 1024 * 1024) / N
  const cpu2 = process.cpuUsage()
  const t2 = performance.now()
  fixture.advance()
  const warmAdvanceMs = performance.now() - t2
  const warmCpu = process.cpuUsage(cpu2)
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
    // What a live job adds to the process's RSS (after a full GC), against the process before them.
    rssBytesPerJob: ((rssMb - before.rss) * 1024 * 1024) / N,
    marginalRssBytesPerJob,
    createMs,
    advanceMs,
    // CPU of every thread of this process meanwhile: above advanceMs when V8's compiler and GC
    // threads worked beside the main one (the JIT optimising the transition paths, mostly).
    advanceCpuMs: (cpu1.user + cpu1.system) / 1000,
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
      `live heap ${heapMb.toFixed(1)} MB (${Math.round(result.heapBytesPerJob)} B a job), ${Math.round(result.rssBytesPerJob)} B of RSS a job (a second batch: ${Math.round(marginalRssBytesPerJob)} B a job); V8 heap committed ${heapTotalMb.toFixed(1)} MB of which young generation ${newSpaceMb.toFixed(1)} MB`,
  )
  log(
    `advancing 1 h: ${advanceMs.toFixed(0)} ms (${result.advanceCpuMs.toFixed(0)} ms of CPU, all threads) → ${JSON.stringify(states)}, ${final}/${N} final (others used ${othersCpu.toFixed(0)} % of a core meanwhile); ` +
      `a second batch, code warm: ${warmAdvanceMs.toFixed(0)} ms (${((warmCpu.user + warmCpu.system) / 1000).toFixed(0)} ms of CPU), ${warmFinal}/${N} final`,
  )
  console.log(JSON.stringify(result))
  process.exit(0)
}
