// Deployments of bench/scale-out.mjs: jobfake replicas (`node dist/cli.js serve --port <free>
// <serveArgs>`, output to a file) and nginx in front of them (lib/nginx.mjs), each a child process
// (lib/proc.mjs); and the requests the checks and loads make.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { firstAnswer, freePort, request } from './http.mjs'
import { ROOT } from './jobfake.mjs'
import { NGINX, writeNginxConfig } from './nginx.mjs'
import { launch, scratch, stop } from './proc.mjs'

let FIXTURES
let deployments = 0
/** The fixtures the first replicas handed out (GET /__admin/fixtures). */
export const fixtures = () => FIXTURES

/** Builds dist/ when dist/cli.js is missing. */
export function ensureBuild() {
  if (existsSync(join(ROOT, 'dist', 'cli.js'))) return
  console.log('[scale-out] dist/cli.js is missing: npm run build')
  const r = spawnSync('timeout', ['300', 'npm', 'run', 'build'], { cwd: ROOT, stdio: 'inherit' })
  if (r.status !== 0 || !existsSync(join(ROOT, 'dist', 'cli.js')))
    throw new Error('npm run build failed')
}

/**
 * Starting and stopping deployments: `startReplicas(n)`, `startNginx(replicas)`, `deploy(n)` (n
 * replicas and nginx), `undeploy(d)`. serveArgs: what follows `serve --port <p>`; lifetimeS bounds
 * every child (coreutils timeout).
 */
export function deployment({ serveArgs, lifetimeS }) {
  async function startReplicas(count) {
    const replicas = []
    for (let i = 0; i < count; i++) {
      const port = await freePort()
      const argv = ['dist/cli.js', 'serve', '--port', String(port), ...serveArgs]
      const child = launch(`replica-${i + 1}`, process.execPath, argv, { cwd: ROOT, lifetimeS })
      replicas.push({ index: i + 1, port, base: `http://127.0.0.1:${port}`, child })
    }
    for (const r of replicas)
      await firstAnswer(r.child, `${r.base}/__admin/health`, {
        everyMs: 20,
        what: `replica ${r.index}'s health`,
      })
    FIXTURES ??= (await request(`${replicas[0].base}/__admin/fixtures`)).json
    return replicas
  }

  /** nginx in front of these replicas, on a free loopback port, after `nginx -t`. */
  async function startNginx(replicas) {
    const port = await freePort()
    const dir = join(scratch(), `nginx-${++deployments}`)
    const conf = writeNginxConfig(
      dir,
      port,
      replicas.map((r) => r.port),
    )
    const test = spawnSync(NGINX, ['-t', '-q', '-p', dir, '-e', `${dir}/error.log`, '-c', conf], {
      encoding: 'utf8',
      timeout: 10_000,
    })
    if (test.status !== 0) throw new Error(`nginx -t refused ${conf}:\n${test.stderr}`)
    const argv = ['-p', dir, '-e', `${dir}/error.log`, '-c', conf]
    const child = launch('nginx', NGINX, argv, { cwd: ROOT, lifetimeS })
    const nginx = { port, base: `http://127.0.0.1:${port}`, child }
    await firstAnswer(child, `${nginx.base}/__admin/health`, {
      everyMs: 20,
      what: 'an answer through nginx',
    })
    return nginx
  }

  async function deploy(replicaCount) {
    const replicas = await startReplicas(replicaCount)
    return { replicas, nginx: await startNginx(replicas) }
  }

  async function undeploy(d) {
    await stop(d.nginx.child)
    for (const r of d.replicas) await stop(r.child)
  }
  return { startReplicas, startNginx, deploy, undeploy }
}

// The requests a session makes: one per vendor, and the Airweave job it starts.
export function vendorRequests() {
  const { airweave, chroma, akua, peaka } = fixtures()
  const sc = `/airweave/source-connections/${airweave.sourceConnectionIds[0]}`
  const aw = { 'x-api-key': airweave.apiKey }
  return [
    { method: 'POST', path: `${sc}/run`, headers: aw, job: true },
    { method: 'GET', path: `${sc}/jobs`, headers: aw },
    { method: 'GET', path: sc, headers: aw },
    { method: 'GET', path: '/chroma/api/v1/sources', headers: { 'x-chroma-token': chroma.token } },
    {
      method: 'GET',
      path: '/akua/v1/operations',
      headers: { authorization: `Bearer ${akua.token}` },
    },
    {
      method: 'GET',
      path: `/peaka/api/v1/data/projects/${peaka.projectIds[0]}/cache/status`,
      headers: { authorization: `Bearer ${peaka.partnerKey}` },
    },
  ]
}

export const as = (session, headers = {}) =>
  session === undefined ? headers : { ...headers, 'x-jobfake-session': session }
export const jobsOf = async (base, session) => {
  const res = await request(`${base}/__admin/jobs`, { headers: as(session) })
  if (res.status !== 200) throw new Error(`GET /__admin/jobs answered ${res.status}: ${res.text}`)
  return res.json
}
export const journalOf = async (base, session) => {
  const res = await request(`${base}/__admin/journal`, { headers: as(session) })
  if (res.status !== 200)
    throw new Error(`GET /__admin/journal answered ${res.status}: ${res.text}`)
  return res.json
}
