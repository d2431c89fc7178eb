// Memory over time (issue 18 item 5): a mixed workload of at least 1,000,000 requests against a
// server process (`node dist/cli.js serve --port 0 --clock manual`, 127.0.0.1): creates, polls and
// cancels of all four vendors across --sessions (100) sessions at once (X-Jobfake-Session), while
// the server's RSS (VmRSS of /proc/<pid>/status) is sampled every --sample seconds.
//
// Each session runs one cycle after another (bench/lib/soak-mix.mjs): Airweave run, polls and
// cancel; Chroma invocation, reads, cancel and list; Akua cluster operation, reads, cancel and list;
// Peaka cache, sync trigger, status, cancel and history; the session clock advanced a minute (jobs
// finish, periodic tasks run). A vendor keeps every job it ran, as the services do, so every
// --reset-every cycles a session is reset (POST /__admin/reset): what a session holds stays
// bounded, and what the soak measures is what requests, jobs and resets leave behind.
//
// Flat, the criterion: the warm-up is the first --warmup (20 %) of the requests, and lasts at least
// until every session has been reset once after its first --reset-every cycles (until then the
// sessions are still filling up). Over the samples after it, the least-squares slope of RSS against
// requests served must be at most --max-slope MB per 100,000 requests (2: 20 bytes a request, at
// most +16 MB over the 800,000 requests after the warm-up of the default run). Judged only when at
// least 10 samples and 100,000 requests follow the warm-up; a shorter run says "too short to judge".
//
// Usage: node bench/soak.mjs [--requests 1000000] [--sessions 100] [--sample 2] [--print 10]
//                            [--warmup 0.2] [--reset-every 25] [--max-seconds 1800] [--max-slope 2]
// Exit code: 0 when the RSS stayed flat (or the run was too short to judge) and every answer came
// (no 5xx, no connection error, no timeout); 2 otherwise; 1 when the bench broke.
// Writes bench/results/soak.json.
import { existsSync } from 'node:fs'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { describeBuild, describeLine } from './lib/builds.mjs'
import { die, options } from './lib/cli.mjs'
import { fit, fixed, int, signed, writeResults } from './lib/format.mjs'
import { keepAlive, request } from './lib/http.mjs'
import { ROOT, startJobfake } from './lib/jobfake.mjs'
import { memoryOf } from './lib/machine.mjs'
import { exitWith, guard } from './lib/proc.mjs'
import { cycleOf, forget } from './lib/soak-mix.mjs'

const USAGE =
  'node bench/soak.mjs [--requests 1000000] [--sessions 100] [--sample 2] [--print 10] [--warmup 0.2]\n' +
  '                   [--reset-every 25] [--max-seconds 1800] [--max-slope 2]'
const num = (fallback, min, max, integer = true) => ({
  default: fallback,
  number: { min, max, integer },
})
const args = options(
  'soak',
  {
    requests: num('1000000', 1000, 1e8),
    sessions: num('100', 1, 900),
    sample: num('2', 0.2, 60, false),
    print: num('10', 0, 3600, false),
    warmup: num('0.2', 0, 0.9, false),
    'reset-every': num('25', 1, 1e6),
    'max-seconds': num('1800', 5, 86_400),
    'max-slope': num('2', 0, 1000, false),
  },
  USAGE,
)
const { requests: REQUESTS, sessions: SESSIONS, sample: SAMPLE_S, warmup: WARMUP } = args
const [RESET_EVERY, MAX_S, MAX_SLOPE] = [
  args['reset-every'],
  args['max-seconds'],
  args['max-slope'],
]
// What a verdict needs after the warm-up.
const JUDGE = { samples: 10, requests: 100_000 }
if (!existsSync(join(ROOT, 'dist', 'cli.js')))
  die('soak', 'dist/cli.js is missing: run `npm run build` first.')
guard('soak', { limitS: MAX_S + 120 })

let server
const agent = keepAlive()
const statuses = new Map()
const unexpected = []
let requests = 0
let adminRequests = 0

/** One request of a session; counts it by status. Resolves with `{ status, json }`, never rejects. */
async function send(session, method, path, { headers = {}, body } = {}) {
  const all = { ...headers, 'x-jobfake-session': session }
  const res = await request(server.url + path, {
    method,
    headers: all,
    body,
    json: true,
    agent,
    timeoutMs: 30_000,
  }).catch((e) => ({ status: `error ${e.code ?? e.message.split(':')[0]}`, text: '' }))
  requests++
  if (path.startsWith('/__admin')) adminRequests++
  statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
  if ((typeof res.status !== 'number' || res.status >= 500) && unexpected.length < 10)
    unexpected.push(`${method} ${path} → ${res.status} ${res.text.slice(0, 200)}`)
  return res
}

/** Where the RSS is judged from, what it gives and why (see the criterion above). */
function judge(samples, steadyAt) {
  const from = Math.max(WARMUP * requests, steadyAt ?? Infinity)
  const after = samples.filter((s) => s.requests >= from)
  const span = (after.at(-1)?.requests ?? 0) - (after[0]?.requests ?? 0)
  const slope = after.length > 1 ? fit(after.map((s) => ({ x: s.requests, y: s.rss }))).slope : NaN
  const perMinute =
    after.length > 1 ? fit(after.map((s) => ({ x: s.t / 60, y: s.rss }))).slope : NaN
  const per100k = slope * 100_000
  const short =
    steadyAt === undefined
      ? `not every session was reset after its first ${RESET_EVERY} cycles (more --requests, or a smaller --reset-every)`
      : after.length < JUDGE.samples || span < JUDGE.requests
        ? `${after.length} samples and ${int(span)} requests after the warm-up (at least ${JUDGE.samples} and ${int(JUDGE.requests)} judge)`
        : undefined
  const verdict = short ? 'too short to judge' : per100k <= MAX_SLOPE ? 'flat' : 'NOT FLAT'
  return {
    from,
    steadyAt: steadyAt ?? null,
    after,
    span,
    per100k,
    perMinute,
    growth: slope * span,
    verdict,
    short,
  }
}

async function main() {
  const build = describeBuild(ROOT)
  console.log(
    `[soak] node ${process.version}, ${cpus().length} CPUs; build: ${describeLine(build)}`,
  )
  server = await startJobfake({ name: 'soak', lifetimeS: MAX_S + 60 })
  if (!server.url.startsWith('http://127.0.0.1:'))
    throw new Error(`the server listens on ${server.url}, not 127.0.0.1`)
  console.log(
    `[soak] server pid ${server.pid} at ${server.url} (manual clock${server.logOff ? ', --log off' : ''}); ` +
      `${int(REQUESTS)} requests over ${SESSIONS} sessions, each reset every ${RESET_EVERY} cycles; RSS every ${SAMPLE_S} s\n`,
  )
  const cycle = cycleOf((await send('setup', 'GET', '/__admin/fixtures')).json, send)
  requests = 0
  adminRequests = 0
  statuses.clear()

  const samples = []
  const started = performance.now()
  const elapsed = () => (performance.now() - started) / 1000
  let printed = -Infinity
  const take = (last = false) => {
    const { rssMb: rss, hwmMb: hwm } = memoryOf(server.pid)
    const previous = samples.at(-1)
    const t = elapsed()
    const rate = previous ? (requests - previous.requests) / (t - previous.t) : 0
    samples.push({ t, requests, rss, hwm })
    if (!last && t - printed < args.print) return
    printed = t
    console.log(
      `  ${fixed(t, 0).padStart(5)} s  ${int(requests).padStart(9)} requests  ${int(rate).padStart(6)} req/s  RSS ${fixed(rss).padStart(6)} MB  (peak ${fixed(hwm, 0)} MB)`,
    )
  }
  console.log('      t   requests so far   rate    server RSS')
  take()
  const sampler = setInterval(take, SAMPLE_S * 1000)
  const stop = () => requests >= REQUESTS || elapsed() >= MAX_S
  let cycles = 0
  let resets = 0
  let steadySessions = 0
  let steadyAt
  await Promise.all(
    Array.from({ length: SESSIONS }, async (_, i) => {
      const session = `soak-${i}`
      for (let n = 0; !stop(); n++) {
        if (n % RESET_EVERY === 0) {
          await send(session, 'POST', '/__admin/reset')
          forget(session)
          resets++
          if (n === RESET_EVERY && ++steadySessions === SESSIONS) steadyAt = requests
        }
        await cycle(session, n)
        cycles++
      }
    }),
  )
  clearInterval(sampler)
  take(true)
  const seconds = elapsed()
  const j = judge(samples, steadyAt)
  const rss = j.after.map((s) => s.rss)
  console.log(
    `\n[soak] ${int(requests)} requests (${int(requests - adminRequests)} to the vendors, ${int(adminRequests)} to the admin API: resets and clock advances; ${int(cycles)} cycles, ${int(resets)} session resets) in ${fixed(seconds)} s, ${int(requests / seconds)} req/s`,
  )
  const tenths = Array.from({ length: 10 }, (_, k) => {
    const at = ((k + 1) / 10) * requests
    return samples.reduce((a, b) => (Math.abs(b.requests - at) < Math.abs(a.requests - at) ? b : a))
  })
  console.log(
    `[soak] RSS idle ${fixed(samples[0].rss)} MB; at each tenth of the requests: ${tenths.map((s) => fixed(s.rss)).join(', ')} MB`,
  )
  const warm =
    j.steadyAt === null
      ? `not over: not every session was reset after its first ${RESET_EVERY} cycles`
      : `the first ${int(j.from)} requests (the larger of ${fixed(WARMUP * 100, 0)} % of them and ${int(j.steadyAt)}, where every session had been reset after its first ${RESET_EVERY} cycles)`
  const kept =
    j.after.length === 0
      ? ''
      : `; after it, ${j.after.length} samples: first ${fixed(j.after[0].rss)} MB, last ${fixed(j.after.at(-1).rss)} MB, min ${fixed(Math.min(...rss))} MB, max ${fixed(Math.max(...rss))} MB`
  console.log(`[soak] warm-up: ${warm}${kept}; peak (VmHWM) ${fixed(samples.at(-1).hwm)} MB`)
  console.log(
    `[soak] slope: ${signed(j.per100k, 2)} MB per 100,000 requests (${signed(j.perMinute, 2)} MB a minute); ${signed(j.growth)} MB over the ${int(j.span)} requests after the warm-up`,
  )
  console.log(
    `[soak] ${j.verdict}${j.short ? `: ${j.short}` : `: slope ${j.verdict === 'flat' ? '≤' : '>'} +${MAX_SLOPE} MB per 100,000 requests`}`,
  )
  const byStatus = [...statuses].sort((a, b) => String(a[0]).localeCompare(String(b[0])))
  console.log(`[soak] answers: ${byStatus.map(([k, n]) => `${k}×${int(n)}`).join(' ')}`)
  for (const line of unexpected) console.log(`  unexpected: ${line}`)
  if (requests < REQUESTS)
    console.log(`[soak] stopped by --max-seconds before ${int(REQUESTS)} requests`)
  const file = writeResults(ROOT, 'soak', {
    when: new Date().toISOString(),
    node: process.version,
    build,
    options: {
      requests: REQUESTS,
      sessions: SESSIONS,
      sample: SAMPLE_S,
      warmup: WARMUP,
      resetEvery: RESET_EVERY,
      maxSlope: MAX_SLOPE,
    },
    requests,
    adminRequests,
    cycles,
    resets,
    seconds,
    idleRssMb: samples[0].rss,
    peakRssMb: samples.at(-1).hwm,
    warmupRequests: j.from === Infinity ? null : j.from,
    steadyAt: j.steadyAt,
    afterWarmup: {
      samples: j.after.length,
      requests: j.span,
      firstMb: j.after[0]?.rss ?? null,
      lastMb: j.after.at(-1)?.rss ?? null,
    },
    slopeMbPer100k: Number.isFinite(j.per100k) ? j.per100k : null,
    slopeMbPerMinute: Number.isFinite(j.perMinute) ? j.perMinute : null,
    verdict: j.verdict,
    why: j.short ?? null,
    statuses: Object.fromEntries(statuses),
    unexpected,
    samples,
  })
  console.log(`[soak] written to ${file}`)
  return unexpected.length === 0 && j.verdict !== 'NOT FLAT'
}

main().then(
  (ok) => exitWith(ok ? 0 : 2),
  (error) => {
    console.error(`[soak] ${error?.stack ?? error}`)
    return exitWith(1)
  },
)
