// Races: 100 concurrent cancels of one job, for each vendor's cancel, over real HTTP against a
// server process (`node dist/cli.js serve --port 0 --clock manual`, 127.0.0.1). The clock is manual
// and stands still during the storm, so whatever the job's history gains meanwhile is the cancels'
// doing: exactly one transition, however many requests raced for it.
//
// Per round and case, in a fresh session: create the job, open the connections, fire the cancels
// together (one connection each), count the answers, read the job (GET /__admin/jobs) before and
// after, then advance the clock until the cancel lands and read it again.
//
// | case | the job | expected |
// |---|---|---|
// | airweave | a pending sync job; POST …/jobs/{id}/cancel | one 200 (cancelling), the others 400; one transition (→ cancelling), then cancelled |
// | chroma | a pending invocation; PUT /api/v1/invocations/{id} | one 202, the others 412; one transition (→ cancelled) |
// | peaka full / incremental | a running full refresh / incremental sync; POST …/cancelFullRefreshUpdate / cancelIncrementalUpdate | a cancel is a signal: every call answers 200 while the mode runs; no transition until the workflow acts (5 s), then exactly one (→ CANCELLED) |
// | akua | a running cluster.create; POST /operations/{id}:cancel | every call 202 (the operation stays RUNNING); the revision (ETag) moves once; one transition (→ CANCELLED) once the step drains |
// | akua if-match | the same, every cancel with `if-match` the ETag read before | exactly one 202, the others 409 ABORTED |
// | akua same key | the same, every cancel with one `idempotency-key` | every call 202 with the same body (a replay); the revision moves once |
//
// Usage: node bench/races.mjs [--rounds 3] [--cancels 100] [--only airweave,chroma,peaka,akua]
// Prints a row per round and case and the totals per case. Exit code: 0 when every round holds,
// 2 when one does not, 1 when the bench broke.
import { execFileSync, spawn } from 'node:child_process'
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import { Agent, request as httpRequest } from 'node:http'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { describeBuild, describeLine } from './builds.mjs'
import { launcher } from './launch.mjs'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    cancels: { type: 'string', default: '100' },
    only: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
})
if (args.help) {
  console.log(
    'node bench/races.mjs [--rounds 3] [--cancels 100] [--only airweave,chroma,peaka,akua]',
  )
  process.exit(0)
}
const whole = (name, min, max) => {
  const n = Number(args[name])
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(
      `[races] --${name} must be a whole number from ${min} to ${max} (got "${args[name]}").`,
    )
    process.exit(1)
  }
  return n
}
const ROUNDS = whole('rounds', 1, 100)
const CANCELS = whole('cancels', 2, 1000)
if (!existsSync(join(ROOT, 'dist', 'cli.js'))) {
  console.error('[races] dist/cli.js is missing: run `npm run build` first.')
  process.exit(1)
}

// The server, and node:http with keep-alive connections, one per concurrent request.
const servers = launcher('races', ROOT)
const startServer = servers.start
let server

const agent = new Agent({ keepAlive: true, maxSockets: Infinity })

function send(path, { method = 'GET', headers = {}, body, session } = {}) {
  const url = new URL(server.url + path)
  const all = { ...headers, ...(session ? { 'x-jobfake-session': session } : {}) }
  if (body !== undefined) {
    all['content-type'] ??= 'application/json'
    all['content-length'] = String(Buffer.byteLength(body))
  }
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method,
        headers: all,
        agent,
      },
      (res) => {
        const chunks = []
        res.on('data', (c) => chunks.push(c))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          let json
          try {
            json = text === '' ? undefined : JSON.parse(text)
          } catch {}
          resolve({ status: res.statusCode, headers: res.headers, text, json })
        })
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

const expectOk = async (promise, what) => {
  const res = await promise
  if (res.status >= 300) throw new Error(`${what} answered ${res.status} ${res.text}`)
  return res
}

// ---------------------------------------------------------------------------------------------
// The cases: how to make the job, how to cancel it, what to expect.

const revisionOf = (etag) => {
  try {
    return JSON.parse(
      Buffer.from(String(etag).replace(/^W\//, '').replace(/"/g, ''), 'base64').toString(),
    )[0]
  } catch {
    return undefined
  }
}

function cases(fx) {
  const peaka = (mode) => {
    const base = `/peaka/api/v1/data/projects/${fx.peaka.projectIds[0]}/cache`
    const headers = { authorization: `Bearer ${fx.peaka.partnerKey}` }
    const table = fx.peaka.tables.find((t) => t.cacheable && t.projectId === fx.peaka.projectIds[0])
    const schedule =
      mode === 'full'
        ? { fullRefreshCacheSchedule: { type: 'BASIC', expression: 'P1D' } }
        : { incrementalCacheSchedule: { type: 'BASIC', expression: 'PT6H' } }
    return {
      name: `peaka ${mode === 'full' ? 'cancelFullRefreshUpdate' : 'cancelIncrementalUpdate'}`,
      vendor: 'peaka',
      async create(session) {
        const { catalogId, schemaName, tableName } = table
        const res = await expectOk(
          send(base, {
            method: 'POST',
            headers,
            session,
            body: JSON.stringify({ catalogId, schemaName, tableName, ...schedule }),
          }),
          'POST /cache',
        )
        return { cacheId: res.json.id }
      },
      cancel: ({ cacheId }, session) =>
        send(
          `${base}/${cacheId}/${mode === 'full' ? 'cancelFullRefreshUpdate' : 'cancelIncrementalUpdate'}`,
          { method: 'POST', headers, session },
        ),
      settle: '10s',
      cancelled: 'CANCELLED',
      // A cancel is a signal: each call answers 200 while the mode runs.
      accepted: null,
      stormTransitions: 0,
      async extra({ cacheId }, session) {
        const res = await send(`${base}/${cacheId}/status`, { headers, session })
        const logs = (res.json?.cacheActionLogs ?? []).filter((l) => l.action === 'CANCEL').length
        return `${logs} CANCEL action logs`
      },
    }
  }
  const akua = (variant) => {
    const headers = { authorization: `Bearer ${fx.akua.token}` }
    return {
      name: `akua :cancel${variant === 'if-match' ? ' (if-match)' : variant === 'key' ? ' (same idempotency-key)' : ''}`,
      vendor: 'akua',
      async create(session) {
        const res = await expectOk(
          send('/akua/v1/clusters', {
            method: 'POST',
            headers,
            session,
            body: JSON.stringify({ name: 'race', region_id: fx.akua.regionIds[0] }),
          }),
          'POST /clusters',
        )
        return { id: res.json.id, etag: res.headers.etag }
      },
      cancel: ({ id, etag }, session) =>
        send(`/akua/v1/operations/${id}:cancel`, {
          method: 'POST',
          session,
          headers: {
            ...headers,
            ...(variant === 'if-match' ? { 'if-match': etag } : {}),
            ...(variant === 'key' ? { 'idempotency-key': `race-${session}` } : {}),
          },
        }),
      settle: '30s',
      cancelled: 'CANCELLED',
      accepted: variant === 'if-match' ? 1 : null,
      stormTransitions: 0,
      revisionDelta: 1,
      revision: async ({ id }, session) =>
        revisionOf((await send(`/akua/v1/operations/${id}`, { headers, session })).headers.etag),
    }
  }
  return [
    {
      name: 'airweave cancel',
      vendor: 'airweave',
      async create(session) {
        const base = `/airweave/source-connections/${fx.airweave.sourceConnectionIds[0]}`
        const res = await expectOk(
          send(`${base}/run`, {
            method: 'POST',
            headers: { 'x-api-key': fx.airweave.apiKey },
            session,
          }),
          'POST /run',
        )
        return { path: `${base}/jobs/${res.json.id}/cancel` }
      },
      cancel: ({ path }, session) =>
        send(path, { method: 'POST', headers: { 'x-api-key': fx.airweave.apiKey }, session }),
      settle: '10s',
      cancelled: 'cancelled',
      accepted: 1,
      stormTransitions: 1,
    },
    {
      name: 'chroma PUT invocation',
      vendor: 'chroma',
      async create(session) {
        const source = fx.chroma.sources.find((s) => s.kind === 'github') ?? fx.chroma.sources[0]
        const res = await expectOk(
          send(`/chroma/api/v1/sources/${source.id}/invocations`, {
            method: 'POST',
            headers: { 'x-chroma-token': fx.chroma.token },
            session,
            body: '{}',
          }),
          'POST /invocations',
        )
        return { path: `/chroma/api/v1/invocations/${res.json.invocation_id}` }
      },
      cancel: ({ path }, session) =>
        send(path, { method: 'PUT', headers: { 'x-chroma-token': fx.chroma.token }, session }),
      settle: '1s',
      cancelled: 'cancelled',
      accepted: 1,
      stormTransitions: 1,
    },
    peaka('full'),
    peaka('incremental'),
    akua('plain'),
    akua('if-match'),
    akua('key'),
  ]
}

// ---------------------------------------------------------------------------------------------

async function jobOf(vendor, session) {
  const res = await expectOk(
    send(`/__admin/jobs?vendor=${vendor}`, { session }),
    'GET /__admin/jobs',
  )
  const live = res.json.filter((j) => !j.done)
  return (live.length === 1 ? live[0] : res.json.at(-1)) ?? null
}

async function round(c, r) {
  const session = `races-${process.pid}-${c.vendor}-${r}-${c.name.replace(/\W+/g, '-')}`
  const handle = await c.create(session)
  const before = await jobOf(c.vendor, session)
  const revision = c.revision ? await c.revision(handle, session) : undefined
  // One open connection per cancel, so that the cancels go out together.
  await Promise.all(Array.from({ length: CANCELS }, () => send('/__admin/health')))
  const started = performance.now()
  const answers = await Promise.all(
    Array.from({ length: CANCELS }, () =>
      c
        .cancel(handle, session)
        .catch((error) => ({ status: `error ${error.code ?? error.message}` })),
    ),
  )
  const stormMs = performance.now() - started
  const after = await jobOf(c.vendor, session)
  const revisionAfter = c.revision ? await c.revision(handle, session) : undefined
  await expectOk(
    send('/__admin/clock/advance', {
      method: 'POST',
      session,
      body: JSON.stringify({ by: c.settle }),
    }),
    'POST /__admin/clock/advance',
  )
  const settled = await jobOf(c.vendor, session)
  const statuses = new Map()
  for (const a of answers) statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1)
  const accepted = answers.filter((a) => typeof a.status === 'number' && a.status < 300).length
  const added = (after?.history.length ?? 0) - (before?.history.length ?? 0)
  const cancelledEntries = (settled?.history ?? []).filter((h) => h.state === c.cancelled).length
  const bodies = new Set(answers.filter((a) => a.status < 300).map((a) => a.text))
  const problems = []
  if (c.accepted !== null && accepted !== c.accepted)
    problems.push(`${accepted} accepted, expected ${c.accepted}`)
  if (answers.some((a) => typeof a.status !== 'number' || a.status >= 500))
    problems.push('a 5xx or connection error')
  if (added !== c.stormTransitions)
    problems.push(`${added} transitions during the storm, expected ${c.stormTransitions}`)
  if (c.revisionDelta !== undefined && revisionAfter - revision !== c.revisionDelta)
    problems.push(`revision moved by ${revisionAfter - revision}, expected ${c.revisionDelta}`)
  if (settled?.state !== c.cancelled)
    problems.push(`settled ${settled?.state}, expected ${c.cancelled}`)
  if (cancelledEntries !== 1)
    problems.push(`${cancelledEntries} ${c.cancelled} entries in the history`)
  if (c.name.includes('idempotency') && bodies.size !== 1)
    problems.push(`${bodies.size} different bodies`)
  if (Array.isArray(after?.accepts) && after.accepts.includes('cancel'))
    problems.push('the job still takes a cancel after the storm')
  return {
    case: c.name,
    round: r,
    cancels: CANCELS,
    accepted,
    refused:
      [...statuses]
        .filter(([s]) => !(typeof s === 'number' && s < 300))
        .map(([s, n]) => `${n}×${s}`)
        .join(' ') || '-',
    stormMs,
    transitions: added,
    revision: c.revision ? `+${revisionAfter - revision}` : '',
    history: (settled?.history ?? []).map((h) => h.state.split(' ')[0]).join(' → '),
    // Where the build lists the events a job accepts: a cancel taken once is not taken again.
    accepts:
      Array.isArray(before?.accepts) && Array.isArray(after?.accepts)
        ? `${before.accepts.includes('cancel') ? 'yes' : 'no'} → ${after.accepts.includes('cancel') ? 'yes' : 'no'}`
        : '',
    extra: c.extra ? await c.extra(handle, session) : '',
    ok: problems.length === 0,
    problems,
  }
}

const COLUMNS = [
  ['case', (r) => r.case],
  ['round', (r) => r.round],
  ['cancels', (r) => r.cancels],
  ['accepted', (r) => r.accepted],
  ['refused', (r) => r.refused],
  ['storm ms', (r) => r.stormMs.toFixed(0)],
  ['transitions in storm', (r) => r.transitions],
  ['revision', (r) => r.revision],
  ['takes cancel', (r) => r.accepts],
  ['history once settled', (r) => r.history],
  ['', (r) => (r.ok ? 'ok' : `NOT OK: ${r.problems.join('; ')}`)],
]

async function main() {
  console.log(
    `[races] node ${process.version}, ${cpus().length} CPUs; build: ${describeLine(describeBuild(ROOT))}`,
  )
  server = await startServer(ROUNDS * 60 + 60)
  console.log(
    `[races] server pid ${server.pid} at ${server.url} (manual clock); ${CANCELS} concurrent cancels a round, ${ROUNDS} round(s)\n`,
  )
  const fx = (await expectOk(send('/__admin/fixtures'), 'GET /__admin/fixtures')).json
  const only = args.only?.split(',').map((s) => s.trim())
  const chosen = cases(fx).filter((c) => !only || only.includes(c.vendor))
  const rows = []
  for (let r = 1; r <= ROUNDS; r++) for (const c of chosen) rows.push(await round(c, r))
  const widths = COLUMNS.map(([h, f]) =>
    Math.max(h.length, ...rows.map((r) => String(f(r)).length)),
  )
  const line = (cells) =>
    cells
      .map((c, i) => String(c).padEnd(widths[i]))
      .join('  ')
      .trimEnd()
  console.log(line(COLUMNS.map(([h]) => h)))
  console.log(widths.map((w) => '-'.repeat(w)).join('  '))
  for (const r of rows) console.log(line(COLUMNS.map(([, f]) => f(r))))
  console.log('\ntotals per case')
  for (const c of chosen) {
    const mine = rows.filter((r) => r.case === c.name)
    const accepted = mine.map((r) => r.accepted)
    const extras = mine.map((r) => r.extra).filter(Boolean)
    console.log(
      `  ${c.name.padEnd(widths[0])}  ${mine.filter((r) => r.ok).length} of ${mine.length} rounds ok; accepted per round: ${accepted.join(', ')}` +
        `; median storm ${median(mine.map((r) => r.stormMs)).toFixed(0)} ms${extras.length ? `; ${extras[0]} (round 1)` : ''}`,
    )
  }
  const ok = rows.every((r) => r.ok)
  console.log(
    `\n[races] ${ok ? 'every round: exactly one transition' : 'some round broke its expectation (see NOT OK)'}`,
  )
  return ok
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

main().then(
  (ok) => {
    servers.cleanup()
    process.exit(ok ? 0 : 2)
  },
  (error) => {
    console.error(`[races] ${error?.stack ?? error}`)
    servers.cleanup()
    process.exit(1)
  },
)
