// The measurement of bench/run.mjs: one contender's server started as a child process, its cold
// start (spawn → first 200 whose body parses as JSON, polled every ~5 ms), a warm-up load, then
// req/s and latency of the modelled Airweave status poll at `connections` for `duration` s, its
// peak RSS and CPU, this process's and the rest of the machine's CPU meanwhile; then it is stopped.
import { realpathSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { resolveModule } from './builds.mjs'
import { cannon, freePort, firstAnswer, jsonOk, request } from './http.mjs'
import { ROOT, spawnJobfake } from './jobfake.mjs'
import {
  busyPct,
  cpuTicks,
  machineTicks,
  memoryOf,
  ownPct,
  stealPct,
  ticksPct,
  waitQuiet,
} from './machine.mjs'
import { launch, serverPid, stop, tailOf } from './proc.mjs'

/** How long a contender may take to give its first valid answer. */
export const COLD_DEADLINE_MS = {
  jobfake: 15_000,
  'jobfake@base': 15_000,
  prism: 60_000,
  hono: 15_000,
}

/** The Airweave fixtures (API key, source connection) of the current build; the file may move. */
export async function airweaveFixtures() {
  const found = resolveModule(ROOT, 'airweaveFixtures')
  if (found.missing) throw new Error(found.notes.join('; '))
  const { fixtures } = await import(pathToFileURL(found.path).href)
  const source = fixtures.sourceConnections[0].id
  return {
    notes: found.notes,
    path: found.path,
    apiKey: fixtures.apiKey,
    source,
    poll: `/source-connections/${source}/jobs`, // below /airweave for jobfake and bare hono
  }
}

/**
 * The contenders of one run: `measure(name, round, body)` answers one row. config: { base (the
 * --baseline checkout), fixtures (airweaveFixtures()), warmup, duration, connections, quietWait }.
 */
export function pollBench(config) {
  const { base, fixtures, warmup, duration, connections, quietWait } = config
  const { apiKey, source, poll } = fixtures
  const headers = { 'x-api-key': apiKey }
  const lifetimeS = (name) => COLD_DEADLINE_MS[name] / 1000 + warmup + duration + 60

  /** jobfake from the checkout at root (this one, or the --baseline one), started in it. */
  async function jobfakeFrom(name, root) {
    const port = await freePort()
    const child = spawnJobfake({ root, name, port, lifetimeS: lifetimeS(name) })
    const url = `http://127.0.0.1:${port}`
    const deadlineMs = COLD_DEADLINE_MS[name]
    const cold = await firstAnswer(child, `${url}/airweave${poll}`, {
      headers,
      accept: jsonOk,
      deadlineMs,
    })
    // The fixtures the bench assumes are the ones the server hands out.
    const served = (await request(`${url}/__admin/fixtures`, { timeoutMs: 30_000 })).json.airweave
    if (served.apiKey !== apiKey || !served.sourceConnectionIds.includes(source)) {
      throw new Error(
        `${name}'s Airweave fixtures are not the ones ${fixtures.path} declares: ${JSON.stringify(served)}`,
      )
    }
    // One job, so that the polled list is not empty. The clock is manual: the body never changes.
    const run = await request(`${url}/airweave/source-connections/${source}/run`, {
      timeoutMs: 30_000,
      method: 'POST',
      headers,
    })
    if (run.status !== 200)
      throw new Error(`${name}: POST .../run answered ${run.status}: ${run.text}`)
    return { child, coldMs: cold.ms, url: `${url}/airweave${poll}` }
  }

  async function other(name, command, argv, env, path) {
    const port = await freePort()
    const child = launch(name, process.execPath, [...command, ...(argv ? argv(port) : [])], {
      cwd: ROOT,
      env: env(port),
      lifetimeS: lifetimeS(name),
    })
    const url = `http://127.0.0.1:${port}${path}`
    const deadlineMs = COLD_DEADLINE_MS[name]
    const cold = await firstAnswer(child, url, { headers, accept: jsonOk, deadlineMs })
    return { child, coldMs: cold.ms, url }
  }

  const contenders = {
    jobfake: () => jobfakeFrom('jobfake', ROOT),
    'jobfake@base': () => jobfakeFrom('jobfake@base', base),
    // Prism's defaults: static examples, request validation, logging at info level; the vendor
    // paths at the root; without the x-api-key it answers 401, as the spec says.
    prism: () => {
      const prism = realpathSync(join(ROOT, 'node_modules', '.bin', 'prism'))
      const argv = (port) => ['specs/airweave.yaml', '-h', '127.0.0.1', '-p', String(port)]
      return other('prism', [prism, 'mock'], argv, () => ({}), poll)
    },
    // The x-api-key is sent for the same request size; bare hono does not read it.
    hono: (body) =>
      other(
        'hono',
        ['bench/bare-hono.mjs'],
        undefined,
        (port) => ({ PORT: String(port), BODY: body }),
        `/airweave${poll}`,
      ),
  }

  async function measure(name, round, body) {
    if (quietWait > 0) await waitQuiet(quietWait)
    const target = await contenders[name](body)
    const { child, url } = target
    const pid = serverPid(child)
    const first = await request(url, { headers, timeoutMs: 30_000 })
    const opts = { url, headers, connections }
    const warm = await cannon({ ...opts, duration: warmup })
    const ticks = cpuTicks(pid)
    const machine = machineTicks()
    const cpu = process.cpuUsage()
    const started = performance.now()
    const r = await cannon({ ...opts, duration })
    const wallS = (performance.now() - started) / 1000
    const serverCpu = ticksPct(cpuTicks(pid) - ticks, wallS)
    const clientCpu = ownPct(cpu, wallS)
    const after = machineTicks()
    // CPU used by everything else on the machine during the load, in % of one core: other work
    // running beside the bench makes a round's figures unreliable.
    const others = Math.max(0, busyPct(machine, after) - serverCpu - clientCpu)
    const rssMb = memoryOf(pid).hwmMb
    // The answer after the load must still be the one before it (the manual clock stands still).
    const last = await request(url, { headers, timeoutMs: 30_000 })
    const code = await stop(child)
    if (![0, 143, 'SIGTERM'].includes(code))
      console.error(`[bench] ${name} did not stop cleanly on SIGTERM (${code}):\n${tailOf(child)}`)
    return {
      round,
      name,
      coldMs: target.coldMs,
      rps: r.requests.average,
      total: r.requests.total,
      p50: r.latency.p50,
      p99: r.latency.p99,
      rssMb,
      serverCpu,
      clientCpu,
      others,
      steal: stealPct(machine, after),
      non2xx: r.non2xx + warm.non2xx,
      errors: r.errors + r.timeouts + warm.errors + warm.timeouts,
      bodyBytes: Buffer.byteLength(first.text),
      body: first.text,
      stable: first.status === 200 && last.status === 200 && first.text === last.text,
    }
  }
  return { measure }
}
