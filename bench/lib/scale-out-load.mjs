// The throughput part of bench/scale-out.mjs: the Airweave status poll through nginx with 1, 2
// and 3 replicas (and one replica without nginx), autocannon in this process, each request with
// the next session's header. Each round starts 3 fresh replicas, primes and warms each, then
// measures every setup, in an order that rotates from round to round; medians, ratios to nginx+1.
import { fixed, int, median, textTable } from './format.mjs'
import { cannon, pool, request } from './http.mjs'
import { busyPct, cpuTicks, CLK_TCK, CPUS, machineTicks, waitQuiet } from './machine.mjs'
import { stop, workPids } from './proc.mjs'
import { as, fixtures } from './scale-out-deploy.mjs'

// Above this (% of one core used by other processes during a load), the load is taken again.
const BUSY = 25
const ticksOf = (pids) => cpuTicks(pids) || 0
/**
 * The loads, given { SESSION_NAMES, SETUPS, MAX_REPLICAS, ROUNDS, DURATION, WARMUP, CONNECTIONS,
 * QUIET_WAIT, RETRIES, startReplicas, startNginx, verdict }: `throughput()` runs every round and
 * answers { medians, rows }.
 */
export function loads(config) {
  const { SESSION_NAMES, SETUPS, MAX_REPLICAS, ROUNDS, DURATION, WARMUP, CONNECTIONS } = config
  const { QUIET_WAIT, RETRIES, startReplicas, startNginx, verdict } = config
  const SESSIONS = SESSION_NAMES.length

  /** The load: the status poll, each request with the next session's header. */
  function pollLoad(url, duration) {
    const { airweave } = fixtures()
    let next = 0
    return cannon({
      url,
      connections: CONNECTIONS,
      duration,
      requests: [
        {
          method: 'GET',
          path: `/airweave/source-connections/${airweave.sourceConnectionIds[0]}/jobs`,
          headers: { 'x-api-key': airweave.apiKey },
          setupRequest(req) {
            req.headers['x-jobfake-session'] = SESSION_NAMES[next++ % SESSIONS]
            return req
          },
        },
      ],
    })
  }

  /** One setup's measurement, on the round's warmed replicas (nginx started for it, then stopped). */
  async function measureSetup(round, setup, replicas) {
    if (QUIET_WAIT > 0) await waitQuiet(QUIET_WAIT)
    const { airweave } = fixtures()
    const sc = `/airweave/source-connections/${airweave.sourceConnectionIds[0]}`
    const key = { 'x-api-key': airweave.apiKey }
    const used = replicas.slice(0, setup.replicas)
    const nginx = setup.nginx ? await startNginx(used) : undefined
    const entry = nginx?.base ?? used[0].base
    const first = await request(`${entry}${sc}/jobs`, { headers: as(SESSION_NAMES[0], key) })
    const warm = await pollLoad(entry, 1)
    const replicaPids = replicas.map((r) => workPids(r.child))
    const nginxPids = nginx ? workPids(nginx.child) : []
    const t0 = {
      replicas: replicaPids.map(ticksOf),
      nginx: ticksOf(nginxPids),
      machine: machineTicks(),
      own: process.cpuUsage(),
    }
    const started = performance.now()
    const r = await pollLoad(entry, DURATION)
    const wallS = (performance.now() - started) / 1000
    const pct = (ticks) => (ticks / CLK_TCK / wallS) * 100
    const allReplicas = replicaPids.map((pids, i) => pct(ticksOf(pids) - t0.replicas[i]))
    const nginxCpu = nginx ? pct(ticksOf(nginxPids) - t0.nginx) : 0
    const own = process.cpuUsage(t0.own)
    const benchCpu = ((own.user + own.system) / 1e6 / wallS) * 100
    const m = machineTicks()
    const busy = busyPct(t0.machine, m)
    const ours = allReplicas.reduce((a, b) => a + b, 0) + nginxCpu + benchCpu
    const last = await request(`${entry}${sc}/jobs`, { headers: as(SESSION_NAMES[0], key) })
    if (nginx) await stop(nginx.child)
    const row = {
      round,
      setup: setup.name,
      replicas: setup.replicas,
      nginx: setup.nginx,
      rps: r.requests.average,
      p50: r.latency.p50,
      p99: r.latency.p99,
      replicaCpu: allReplicas.slice(0, setup.replicas),
      nginxCpu,
      benchCpu,
      totalCpu: busy,
      others: Math.max(0, busy - ours),
      non2xx: r.non2xx + warm.non2xx,
      errors: r.errors + r.timeouts + warm.errors + warm.timeouts,
      bodyBytes: Buffer.byteLength(first.text),
      stable: first.status === 200 && first.text === last.text && first.json?.length === 1,
    }
    return row
  }

  /**
   * One round: three fresh replicas, each with one job in every session (so that every poll answers
   * the same one-job list wherever it lands; the clock stands still) and warmed up directly (the
   * JIT, and the validators jobfake compiles on first use and in idle time); then each setup in
   * turn, nginx started for it in front of the first n replicas, a 1 s warm-up, the measured load.
   */
  async function measureRound(round, order) {
    if (QUIET_WAIT > 0) await waitQuiet(QUIET_WAIT)
    const replicas = await startReplicas(MAX_REPLICAS)
    const { airweave } = fixtures()
    const sc = `/airweave/source-connections/${airweave.sourceConnectionIds[0]}`
    const key = { 'x-api-key': airweave.apiKey }
    for (const r of replicas) {
      const primed = await pool(SESSION_NAMES, 6, (s) =>
        request(`${r.base}${sc}/run`, { method: 'POST', headers: as(s, key) }),
      )
      const bad = primed.filter((res) => res.status !== 200)
      if (bad.length > 0)
        throw new Error(`replica ${r.index}: POST .../run answered ${bad[0].status} ${bad[0].text}`)
      if (WARMUP > 0) await pollLoad(r.base, WARMUP)
    }
    const rows = []
    for (const setup of order) {
      // A measurement during which the rest of the machine used over a quarter of a core is taken
      // again (up to --retries times); the last one counts, flagged if still busy.
      const seen = { non2xx: 0, errors: 0, stable: true } // over every attempt, retaken ones too
      for (let attempt = 0; ; attempt++) {
        const row = await measureSetup(round, setup, replicas)
        seen.non2xx += row.non2xx
        seen.errors += row.errors
        seen.stable &&= row.stable
        const again = row.others > BUSY && attempt < RETRIES
        console.log(
          table(COLUMNS, [cells(row)], {
            header: round === 1 && rows.length === 0 && attempt === 0,
            left: 2,
          }) + (again ? '   busy: taken again' : ''),
        )
        if (!row.stable)
          console.error(`[scale-out] ${setup.name}: the poll's answer changed during the load`)
        if (!again) {
          rows.push({ ...row, ...seen, attempts: attempt + 1 })
          break
        }
      }
    }
    for (const r of replicas) await stop(r.child)
    return rows
  }

  // Fixed widths, so that rows printed one by one line up.
  const table = (headers, rows, options) =>
    textTable(headers, rows, { ...options, widths: headers.map((h) => Math.max(h.length, 8)) })

  const COLUMNS = [
    'round',
    'setup',
    'req/s',
    'p50 ms',
    'p99 ms',
    'replicas CPU %',
    'nginx CPU %',
    'bench CPU %',
    'all CPU %',
    'others CPU %',
    'non2xx',
    'errors',
  ]
  const cells = (r) => [
    r.round,
    r.setup,
    int(r.rps),
    fixed(r.p50, 0),
    fixed(r.p99, 0),
    r.replicaCpu.map((c) => fixed(c, 0)).join('+'),
    r.nginx ? fixed(r.nginxCpu, 0) : '-',
    fixed(r.benchCpu, 0),
    fixed(r.totalCpu, 0),
    fixed(r.others, 0),
    r.non2xx,
    r.errors,
  ]

  async function throughput() {
    console.log(
      `\nthroughput: GET /airweave/source-connections/{id}/jobs with x-api-key (a one-job list), each request with the next of ${SESSIONS} session headers, ` +
        `${CONNECTIONS} connections; ${ROUNDS} round(s), each: ${MAX_REPLICAS} fresh replicas warmed ${WARMUP} s each, then per setup 1 s warm-up + ${DURATION} s measured ` +
        `(nginx started for the setup, in front of the first n replicas); autocannon runs in this process, on the same ${CPUS} CPUs as nginx and the replicas\n`,
    )
    const rows = []
    for (let round = 1; round <= ROUNDS; round++) {
      const order = SETUPS.map((_, i) => SETUPS[(i + round - 1) % SETUPS.length])
      rows.push(...(await measureRound(round, order)))
    }
    const medians = SETUPS.map((setup) => {
      const mine = rows.filter((r) => r.setup === setup.name)
      return {
        setup: setup.name,
        replicas: setup.replicas,
        nginx: setup.nginx,
        rps: median(mine.map((r) => r.rps)),
        p50: median(mine.map((r) => r.p50)),
        p99: median(mine.map((r) => r.p99)),
        replicasCpu: median(mine.map((r) => r.replicaCpu.reduce((a, b) => a + b, 0))),
        nginxCpu: setup.nginx ? median(mine.map((r) => r.nginxCpu)) : NaN,
        benchCpu: median(mine.map((r) => r.benchCpu)),
        totalCpu: median(mine.map((r) => r.totalCpu)),
        others: median(mine.map((r) => r.others)),
        non2xx: mine.reduce((n, r) => n + r.non2xx, 0),
        errors: mine.reduce((n, r) => n + r.errors, 0),
      }
    })
    const one = medians.find((m) => m.setup === 'nginx+1')
    for (const m of medians) m.vsOne = m.rps / one.rps
    console.log(
      `\nmedians of ${ROUNDS} round(s) (non2xx, errors: totals over every load, warm-ups and retaken loads included)\n`,
    )
    console.log(
      table(
        ['setup', 'req/s', '× nginx+1', ...COLUMNS.slice(3)],
        medians.map((m) => [
          m.setup,
          int(m.rps),
          `${fixed(m.vsOne, 2)}×`,
          fixed(m.p50, 0),
          fixed(m.p99, 0),
          fixed(m.replicasCpu, 0),
          m.nginx ? fixed(m.nginxCpu, 0) : '-',
          fixed(m.benchCpu, 0),
          fixed(m.totalCpu, 0),
          fixed(m.others, 0),
          m.non2xx,
          m.errors,
        ]),
      ),
    )
    const cores = CPUS * 100
    const three = medians.find((m) => m.setup === `nginx+${MAX_REPLICAS}`)
    console.log(
      `\n  note    ${CPUS} CPUs (${cores} % in all), shared by nginx, autocannon and the replicas. ` +
        `nginx+1: the replica used ${fixed(one.replicasCpu, 0)} % of a core (a node process runs on one core; near 100 %, it is the limit). ` +
        `nginx+${MAX_REPLICAS}: the machine ran at ${fixed(three.totalCpu, 0)} % (replicas ${fixed(three.replicasCpu, 0)} %, nginx ${fixed(three.nginxCpu, 0)} %, ` +
        `autocannon ${fixed(three.benchCpu, 0)} %; near ${cores} %, the cores are the limit): req/s ${int(one.rps)} → ${int(three.rps)} (${fixed(three.vsOne, 2)}×). ` +
        `Replicas with a core each are not measured here.`,
    )
    const busy = rows.filter((r) => r.others > 25)
    if (busy.length > 0)
      console.log(
        `  note    other processes used CPU during ${busy.map((r) => `round ${r.round} ${r.setup} (${fixed(r.others, 0)} %)`).join(', ')}: rerun on a quiet machine`,
      )
    const invalid = rows.filter((r) => r.non2xx > 0 || r.errors > 0 || !r.stable)
    verdict(
      'loads valid',
      invalid.length === 0,
      invalid.length === 0
        ? `every load response was 2xx, no errors or timeouts, the answer (${rows[0].bodyBytes} B) unchanged`
        : invalid
            .map(
              (r) =>
                `round ${r.round} ${r.setup}: ${r.non2xx} non-2xx, ${r.errors} errors${r.stable ? '' : ', answer changed'}`,
            )
            .join('; '),
    )
    return { medians, rows }
  }

  return { throughput }
}
