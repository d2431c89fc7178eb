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
// The cases are in bench/lib/races-cases.mjs.
//
// Usage: node bench/races.mjs [--rounds 3] [--cancels 100] [--only airweave,chroma,peaka,akua]
// Prints a row per round and case and the totals per case. Exit code: 0 when every round holds,
// 2 when one does not, 1 when the bench broke.
import { existsSync } from 'node:fs'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { describeBuild, describeLine } from './lib/builds.mjs'
import { die, options } from './lib/cli.mjs'
import { median, textTable } from './lib/format.mjs'
import { keepAlive, request } from './lib/http.mjs'
import { ROOT, startJobfake } from './lib/jobfake.mjs'
import { exitWith, guard } from './lib/proc.mjs'
import { cases } from './lib/races-cases.mjs'

const args = options(
  'races',
  {
    rounds: { default: '3', number: { min: 1, max: 100 } },
    cancels: { default: '100', number: { min: 2, max: 1000 } },
    only: {},
  },
  'node bench/races.mjs [--rounds 3] [--cancels 100] [--only airweave,chroma,peaka,akua]',
)
const { rounds: ROUNDS, cancels: CANCELS } = args
if (!existsSync(join(ROOT, 'dist', 'cli.js')))
  die('races', 'dist/cli.js is missing: run `npm run build` first.')
guard('races')

// The server, and node:http with keep-alive connections, one per concurrent request.
let server
const agent = keepAlive()
const send = (path, { method = 'GET', headers = {}, body, session } = {}) =>
  request(server.url + path, {
    method,
    headers: { ...headers, ...(session ? { 'x-jobfake-session': session } : {}) },
    body,
    json: true,
    agent,
    timeoutMs: 0,
  })

const expectOk = async (promise, what) => {
  const res = await promise
  if (res.status >= 300) throw new Error(`${what} answered ${res.status} ${res.text}`)
  return res
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
  server = await startJobfake({ lifetimeS: ROUNDS * 60 + 60 })
  console.log(
    `[races] server pid ${server.pid} at ${server.url} (manual clock); ${CANCELS} concurrent cancels a round, ${ROUNDS} round(s)\n`,
  )
  const fx = (await expectOk(send('/__admin/fixtures'), 'GET /__admin/fixtures')).json
  const only = args.only?.split(',').map((s) => s.trim())
  const chosen = cases(fx, send, expectOk).filter((c) => !only || only.includes(c.vendor))
  const rows = []
  for (let r = 1; r <= ROUNDS; r++) for (const c of chosen) rows.push(await round(c, r))
  const cells = rows.map((r) => COLUMNS.map(([, f]) => f(r)))
  console.log(
    textTable(
      COLUMNS.map(([h]) => h),
      cells,
      { left: COLUMNS.length, trim: true },
    ),
  )
  const caseWidth = Math.max(4, ...rows.map((r) => r.case.length))
  console.log('\ntotals per case')
  for (const c of chosen) {
    const mine = rows.filter((r) => r.case === c.name)
    const accepted = mine.map((r) => r.accepted)
    const extras = mine.map((r) => r.extra).filter(Boolean)
    console.log(
      `  ${c.name.padEnd(caseWidth)}  ${mine.filter((r) => r.ok).length} of ${mine.length} rounds ok; accepted per round: ${accepted.join(', ')}` +
        `; median storm ${median(mine.map((r) => r.stormMs)).toFixed(0)} ms${extras.length ? `; ${extras[0]} (round 1)` : ''}`,
    )
  }
  const ok = rows.every((r) => r.ok)
  console.log(
    `\n[races] ${ok ? 'every round: exactly one transition' : 'some round broke its expectation (see NOT OK)'}`,
  )
  return ok
}

main().then(
  (ok) => exitWith(ok ? 0 : 2),
  (error) => {
    console.error(`[races] ${error?.stack ?? error}`)
    return exitWith(1)
  },
)
