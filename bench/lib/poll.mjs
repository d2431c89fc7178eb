// The measurement of bench/run.mjs: one contender's server started as a child process, its cold
// start (spawn → first 200 whose body parses as JSON, polled every ~5 ms), a warm-up load, then
// req/s and latency of a modelled status poll (POLLS: Airweave's, Chroma's or Akua's) at
// `connections` for `duration` s, its peak RSS and CPU, this process's and the rest of the
// machine's CPU meanwhile; then it is stopped.
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

/**
 * The polls run.mjs measures (--poll), each a vendor's status poll of one job. Per poll: the
 * request's auth header(s), what the bench relies on of the vendor's fixtures (`uses`, checked
 * against each jobfake's GET /__admin/fixtures), the request below the vendor's mount (`shown`;
 * `poll`, the path Prism and bare hono get; `route`, bare hono's), the read whose first valid
 * answer is jobfake's cold start (`ready`, the poll by default: the job does not exist yet),
 * `start`, which makes the job (`send(method, path, body, status)` answers the JSON) and answers
 * jobfake's path for it (by default, `poll`), and the response headers bare hono repeats after
 * jobfake (`echo`).
 */
const POLLS = {
  // Airweave: one run of a source connection, then GET .../jobs: a one-job array.
  airweave: {
    auth: 'x-api-key',
    headers: (fx) => ({ 'x-api-key': fx.apiKey }),
    uses: (fx) => ({ apiKey: fx.apiKey, source: fx.sourceConnectionIds[0] }),
    poll: (u) => `/source-connections/${u.source}/jobs`,
    route: '/source-connections/:id/jobs',
    // No `ready`: the poll itself (an empty list); `start` answers no path: the poll's.
    start: async (send, u) => {
      await send('POST', `/source-connections/${u.source}/run`, undefined, 200)
    },
  },
  // Chroma Sync: one invocation of the first source (pending), then get_job on it.
  chroma: {
    auth: 'x-chroma-token',
    headers: (fx) => ({ 'x-chroma-token': fx.token }),
    uses: (fx) => ({ token: fx.token, source: fx.sourceIds[0] }),
    shown: '/api/v1/invocations/{invocation_id}',
    // Prism answers any UUID (as long as jobfake's ids); bare hono any id.
    poll: () => '/api/v1/invocations/00000000-0000-4000-8000-000000000000',
    route: '/api/v1/invocations/:id',
    ready: (u) => `/api/v1/sources/${u.source}`,
    start: async (send, u) => {
      const made = await send('POST', `/api/v1/sources/${u.source}/invocations`, '{}', 201)
      return `/api/v1/invocations/${made.invocation_id}`
    },
  },
  // Akua: one operation (POST /clusters: cluster.create, RUNNING), then operations.get on it.
  akua: {
    auth: 'authorization: Bearer',
    headers: (fx) => ({ authorization: `Bearer ${fx.token}` }),
    uses: (fx) => ({ token: fx.token, region: fx.regionIds[0] }),
    shown: '/operations/{id}',
    poll: () => '/operations/op_j572abc123def456', // the document's example id, as long as jobfake's
    route: '/operations/:id',
    ready: () => '/operations?limit=1',
    start: async (send, u) => {
      const body = JSON.stringify({ name: 'bench', region_id: u.region })
      return `/operations/${(await send('POST', '/clusters', body, 202)).id}`
    },
    echo: ['etag'],
  },
}
export const POLL_NAMES = Object.keys(POLLS)

/**
 * The fixtures of one poll in the current build: the vendor's fixtures, mount and spec as
 * dist/vendors/index.js declares them (the file may move), and what POLLS says of the poll.
 */
export async function pollFixtures(vendor) {
  const found = resolveModule(ROOT, 'vendors')
  if (found.missing) throw new Error(found.notes.join('; '))
  const { vendors } = await import(pathToFileURL(found.path).href)
  const declared = vendors.find((v) => v.name === vendor)
  if (!declared) throw new Error(`${found.path} declares no vendor "${vendor}"`)
  const p = POLLS[vendor]
  const uses = p.uses(declared.fixtures)
  const poll = p.poll(uses)
  return {
    vendor,
    notes: found.notes,
    path: found.path,
    mount: declared.mount, // where jobfake (and bare hono) serve it; Prism serves the paths at its root
    spec: `specs/${declared.spec}`,
    headers: p.headers(declared.fixtures),
    uses,
    /** Whether a server's fixtures (GET /__admin/fixtures) are the ones the bench relies on. */
    matches: (served) => {
      try {
        return JSON.stringify(p.uses(served)) === JSON.stringify(uses)
      } catch {
        return false // a field missing
      }
    },
    poll,
    route: `${declared.mount}${p.route}`,
    ready: p.ready?.(uses) ?? poll,
    start: async (send) => (await p.start(send, uses)) ?? poll,
    echo: p.echo ?? [],
    request: `GET ${declared.mount}${p.shown ?? poll} (${p.auth})`,
  }
}
export const airweaveFixtures = () => pollFixtures('airweave')
export const chromaFixtures = () => pollFixtures('chroma')
export const akuaFixtures = () => pollFixtures('akua')

/**
 * The contenders of one run: `measure(name, round, reply)` answers one row (reply: for bare hono,
 * jobfake's `{ body, headers }`). config: { base (the --baseline checkout), fixtures
 * (pollFixtures()), warmup, duration, connections, quietWait }.
 */
export function pollBench(config) {
  const { base, fixtures, warmup, duration, connections, quietWait } = config
  const { vendor, mount, headers, poll } = fixtures
  const lifetimeS = (name) => COLD_DEADLINE_MS[name] / 1000 + warmup + duration + 60

  /** jobfake from the checkout at root (this one, or the --baseline one), started in it. */
  async function jobfakeFrom(name, root) {
    const port = await freePort()
    const child = spawnJobfake({ root, name, port, lifetimeS: lifetimeS(name) })
    const url = `http://127.0.0.1:${port}`
    const deadlineMs = COLD_DEADLINE_MS[name]
    const cold = await firstAnswer(child, `${url}${mount}${fixtures.ready}`, {
      headers,
      accept: jsonOk,
      deadlineMs,
    })
    // The fixtures the bench assumes are the ones the server hands out.
    const served = (await request(`${url}/__admin/fixtures`, { timeoutMs: 30_000 })).json?.[vendor]
    if (!fixtures.matches(served)) {
      throw new Error(
        `${name}'s ${vendor} fixtures are not the ones ${fixtures.path} declares: ${JSON.stringify(served)}`,
      )
    }
    // One job to poll. The clock is manual: the body never changes.
    const send = async (method, path, body, status) => {
      const res = await request(`${url}${mount}${path}`, {
        timeoutMs: 30_000,
        method,
        headers,
        body,
        json: body !== undefined,
      })
      if (res.status !== status)
        throw new Error(`${name}: ${method} ${mount}${path} answered ${res.status}: ${res.text}`)
      return res.json
    }
    const path = await fixtures.start(send)
    return { child, coldMs: cold.ms, url: `${url}${mount}${path}` }
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
    // paths at the root; without the auth header it answers 401, as the spec says.
    prism: () => {
      const prism = realpathSync(join(ROOT, 'node_modules', '.bin', 'prism'))
      const argv = (port) => [fixtures.spec, '-h', '127.0.0.1', '-p', String(port)]
      return other('prism', [prism, 'mock'], argv, () => ({}), poll)
    },
    // The auth header is sent for the same request size; bare hono does not read it.
    hono: (reply) =>
      other(
        'hono',
        ['bench/bare-hono.mjs'],
        undefined,
        (port) => ({
          PORT: String(port),
          ROUTE: fixtures.route,
          BODY: reply.body,
          HEADERS: JSON.stringify(reply.headers),
        }),
        `${mount}${poll}`,
      ),
  }

  async function measure(name, round, reply) {
    if (quietWait > 0) await waitQuiet(quietWait)
    const target = await contenders[name](reply)
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
      // The response headers bare hono repeats, as jobfake answered them.
      echo: Object.fromEntries(fixtures.echo.map((h) => [h, first.headers[h]])),
      stable: first.status === 200 && last.status === 200 && first.text === last.text,
    }
  }
  return { measure }
}
