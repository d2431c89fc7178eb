// Scale-out, shown working (issue 13): nginx (Debian's package) in front of jobfake replicas on
// 127.0.0.1, configured from deploy/nginx.conf itself (only its upstream servers and its listen
// address are replaced), spreading sessions over the replicas by hashing X-Jobfake-Session.
//
// 1. Checks (bench/lib/scale-out-checks.mjs), with 3 replicas behind nginx and --sessions names:
//    - stickiness: every request of a session, sent through nginx, is in the journal of exactly one
//      replica (each replica asked directly), and the session's job is on that replica only; the
//      requests without the header all reach one replica (its "default" session);
//    - isolation: each session starts a job on the same Airweave source connection (a second one
//      in one session would be refused) and sees only its own job in GET /__admin/jobs; a
//      POST /__admin/reset in one session empties it and leaves every other session's job;
//    - the event stream, if this build has one: /__admin/events?session= (no header) through nginx
//      reaches the session's replica and streams its events unbuffered;
//    - spread: how many sessions each replica holds, and a model of nginx's ring that must agree
//      with it (and then tells how the same names split over compose's jobfake-1..3:4010).
// 2. Throughput (bench/lib/scale-out-load.mjs) of the Airweave status poll through nginx with 1, 2
//    and 3 replicas (and, for reference, one replica without nginx): autocannon in this process,
//    each request with the next session's header (round-robin over the sessions). Each of --rounds
//    rounds starts 3 fresh replicas, primes and warms each (--warmup s), then measures every setup
//    (1 s warm-up, --duration s), in an order that rotates from round to round; medians, ratios to
//    1 replica.
//
// Installs nginx with apt-get when /usr/sbin/nginx is missing (root only; bench/lib/nginx.mjs).
// Everything listens on 127.0.0.1, every child (nginx and jobfake) runs under coreutils `timeout` in
// its own process group and is killed on exit, Ctrl-C or an error; the whole run is bounded in time.
//
// Usage: node bench/scale-out.mjs [--sessions 60] [--rounds 3] [--duration 5] [--warmup 2]
//                                 [--connections 50] [--quiet-wait 30] [--retries 2] [--checks-only]
//                                 [--replica-log pretty|json|off]   (passed on as `serve --log`)
// Exit code: 0 when every check holds and every load response was 2xx; 1 otherwise.
import { chmodSync } from 'node:fs'
import { cpus } from 'node:os'
import { describeBuild, describeLine } from './lib/builds.mjs'
import { die, options } from './lib/cli.mjs'
import { writeResults } from './lib/format.mjs'
import { ROOT } from './lib/jobfake.mjs'
import { NGINX, ensureNginx, nginxVersion } from './lib/nginx.mjs'
import { exitWith, guard, scratch, watchdog } from './lib/proc.mjs'
import { checks } from './lib/scale-out-checks.mjs'
import { deployment, ensureBuild } from './lib/scale-out-deploy.mjs'
import { loads } from './lib/scale-out-load.mjs'

const MAX_REPLICAS = 3
const whole = (fallback, min, max) => ({ default: fallback, number: { min, max } })
const args = options(
  'scale-out',
  {
    sessions: whole('60', 6, 500),
    rounds: whole('3', 1, 20),
    duration: whole('5', 1, 120),
    warmup: whole('2', 0, 30),
    connections: whole('50', 1, 1000),
    'quiet-wait': whole('30', 0, 600),
    retries: whole('2', 0, 10),
    'checks-only': { type: 'boolean', default: false },
    'replica-log': {},
  },
  'node bench/scale-out.mjs [--sessions 60] [--rounds 3] [--duration 5] [--warmup 2] [--connections 50]\n' +
    '                         [--quiet-wait 30] [--retries 2] [--checks-only] [--replica-log pretty|json|off]',
)
const { sessions: SESSIONS, rounds: ROUNDS, duration: DURATION, warmup: WARMUP } = args
const [QUIET_WAIT, RETRIES, CHECKS_ONLY] = [args['quiet-wait'], args.retries, args['checks-only']]
// The replicas run `serve --port <p> --clock manual`, plus `--log <mode>` when asked (builds
// since the console request log; its default, pretty, writes a line per request, to a file here).
const REPLICA_LOG = args['replica-log']
if (REPLICA_LOG !== undefined && !['pretty', 'json', 'off'].includes(REPLICA_LOG))
  die('scale-out', '--replica-log takes pretty, json or off.')
const SERVE_ARGS = ['--clock', 'manual', ...(REPLICA_LOG ? ['--log', REPLICA_LOG] : [])]

// The setups measured: one replica without nginx (the reference), then 1..3 behind nginx.
const SETUPS = [
  { name: 'direct', replicas: 1, nginx: false },
  ...Array.from({ length: MAX_REPLICAS }, (_, i) => ({
    name: `nginx+${i + 1}`,
    replicas: i + 1,
    nginx: true,
  })),
]
const SESSION_NAMES = Array.from(
  { length: SESSIONS },
  (_, i) => `ci-run-${String(i + 1).padStart(3, '0')}`,
)

// The whole run is bounded: the checks, then every round of every setup, generously.
const PER_ROUND_S =
  QUIET_WAIT +
  30 +
  MAX_REPLICAS * (WARMUP + 10) +
  SETUPS.length * (RETRIES + 1) * (QUIET_WAIT + DURATION + 20)
const WATCHDOG_S = 180 + (CHECKS_ONLY ? 0 : ROUNDS * PER_ROUND_S)

guard('scale-out')
const verdicts = []
function verdict(what, holds, detail) {
  verdicts.push({ what, holds, detail })
  console.log(`  ${holds ? 'holds ' : 'FAILED'}  ${what}: ${detail}`)
}

async function main() {
  ensureBuild()
  ensureNginx()
  watchdog(WATCHDOG_S)
  // nginx's workers run as "nobody" when the master is root: they must reach the temp paths.
  chmodSync(scratch(), 0o755)
  const deploy = deployment({ serveArgs: SERVE_ARGS, lifetimeS: WATCHDOG_S + 30 })
  const build = describeBuild(ROOT)
  console.log(
    `[scale-out] nginx ${nginxVersion()} (${NGINX}), node ${process.version}, ${cpus().length} CPUs; jobfake: ${describeLine(build)}`,
  )
  console.log(
    `[scale-out] replicas: node dist/cli.js serve --port <free> ${SERVE_ARGS.join(' ')} (output to a file)` +
      `${REPLICA_LOG ? '' : "; the build's default console log"}`,
  )
  console.log(
    `[scale-out] nginx runs deploy/nginx.conf with only its upstream servers (127.0.0.1:<free ports>) and listen address replaced; ` +
      `files in ${scratch()}\n`,
  )
  const checked = await checks({ ...deploy, SESSION_NAMES, MAX_REPLICAS, verdict })
  const config = {
    ...deploy,
    SESSION_NAMES,
    SETUPS,
    MAX_REPLICAS,
    ROUNDS,
    DURATION,
    WARMUP,
    verdict,
  }
  const load = CHECKS_ONLY
    ? undefined
    : await loads({ ...config, CONNECTIONS: args.connections, QUIET_WAIT, RETRIES }).throughput()
  const ok = verdicts.every((v) => v.holds)
  const failed = verdicts.filter((v) => !v.holds).map((v) => v.what)
  console.log(`\n[scale-out] ${ok ? 'every check holds' : `FAILED: ${failed.join(', ')}`}`)
  const file = writeResults(ROOT, 'scale-out', {
    when: new Date().toISOString(),
    node: process.version,
    nginx: nginxVersion(),
    cpus: cpus().length,
    options: {
      replicaLog: REPLICA_LOG ?? null,
      sessions: SESSIONS,
      rounds: ROUNDS,
      duration: DURATION,
      warmup: WARMUP,
      connections: args.connections,
      retries: RETRIES,
      checksOnly: CHECKS_ONLY,
    },
    build,
    ok,
    verdicts,
    spread: checked.spread,
    composeSpread: checked.composeSpread,
    ...(load ?? {}),
  })
  console.log(`[scale-out] written to ${file}`)
  return ok
}

main().then(
  (ok) => exitWith(ok ? 0 : 1),
  (error) => {
    console.error(`[scale-out] ${error.stack ?? error}`)
    return exitWith(1)
  },
)
