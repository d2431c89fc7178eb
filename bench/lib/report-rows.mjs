// The rows of bench/report.mjs's table, from the results files of the other scripts
// (bench/results/*.json): latest.json (run.mjs; latest-chroma.json and latest-akua.json of its
// --poll chroma|akua, when they are there), jobs.json (jobs.mjs), sessions.json
// (sessions.mjs), docs-start.json (docs-start.mjs), soak.json (soak.mjs). Each row: what is
// measured, jobfake's figure, bare hono's and prism's where they were measured, the ratios, the
// target of issue 18 and the budget of DESIGN.md with whether each is met, and its source.
import { fixed, int, median } from './format.mjs'

const MiB = 1024 * 1024
const dash = '—'
const x = (n) => (Number.isFinite(n) ? `${n.toFixed(2)}×` : dash)
const ms = (n) => (Number.isFinite(n) ? `${int(n)} ms` : dash)
const mb = (n) => (Number.isFinite(n) ? `${fixed(n, 1)} MB` : dash)
const bytes = (n) =>
  !Number.isFinite(n) ? dash : Math.abs(n) >= 10_240 ? `${fixed(n / 1024, 1)} KB` : `${int(n)} B`
const met = (ok) => (ok === undefined ? '' : ok ? 'yes' : 'NO')
const num = (n) => (typeof n === 'number' && Number.isFinite(n) ? n : NaN)

/**
 * A row: `{ what, jobfake, hono, prism, vsHono, vsPrism, target, targetMet, budget, budgetMet,
 * source }`, every cell a string. `check(value)` answers whether a limit holds (undefined: not
 * judged, when the value is missing).
 */
function row(what, cells) {
  const judged = (ok, value) => (Number.isFinite(value) && cells.judge !== false ? ok : undefined)
  return {
    what,
    jobfake: cells.jobfake ?? dash,
    hono: cells.hono ?? dash,
    prism: cells.prism ?? dash,
    vsHono: cells.vsHono ?? '',
    vsPrism: cells.vsPrism ?? '',
    target: cells.target ?? '',
    targetMet: met(judged(cells.targetOk, cells.value)),
    budget: cells.budget ?? '',
    budgetMet: met(judged(cells.budgetOk, cells.value)),
    source: cells.source,
  }
}

/**
 * The rows of run.mjs's figures (latest.json): the status poll, its tail, start-up, RSS. For
 * another poll (latest-<poll>.json), the poll and its tail only, named after it.
 */
function pollRows(latest, poll) {
  if (!latest) return []
  const what = poll ? `${poll} poll` : 'status poll'
  const m = latest.medians ?? {}
  const jf = m.jobfake ?? {}
  const [hono, prism] = [m.hono ?? {}, m.prism ?? {}]
  // An invalid run (non-2xx answers, or a load with none) is shown, not judged.
  const src = `run.mjs${poll ? ` --poll ${poll}` : ''}${latest.valid === false ? ' (INVALID)' : ''}`
  const valid = latest.valid !== false
  // The three contenders' figure k (formatted with fmt) and jobfake's ratios to the other two.
  const side = (k, fmt) => ({
    jobfake: fmt(num(jf[k])),
    ...(Number.isFinite(num(hono[k])) && { hono: fmt(hono[k]) }),
    ...(Number.isFinite(num(prism[k])) && { prism: fmt(prism[k]) }),
    vsHono: x(jf[k] / hono[k]),
    vsPrism: x(jf[k] / prism[k]),
    source: src,
    judge: valid,
  })
  const [vsHono, vsPrism] = [jf.rps / hono.rps, jf.rps / prism.rps]
  const p99 = num(jf.p99)
  const rows = [
    row(`${what}: req/s, 50 connections`, {
      ...side('rps', int),
      target: '≥ 0.8× hono',
      targetOk: vsHono >= 0.8,
      value: num(vsHono),
      budget: '≥ 0.5× hono, ≥ 10× prism',
      budgetOk: vsHono >= 0.5 && !(vsPrism < 10),
    }),
    row(`${what}: p50`, side('p50', ms)),
    row(`${what}: p99`, {
      ...side('p99', ms),
      target: '≤ 5 ms',
      targetOk: p99 <= 5,
      budget: '≤ 5 ms',
      budgetOk: p99 <= 5,
      value: p99,
    }),
  ]
  if (poll) return rows
  return [
    ...rows,
    row('start-up: spawn → first valid answer', {
      ...side('coldMs', ms),
      target: '≤ 250 ms',
      targetOk: jf.coldMs <= 250,
      budget: '≤ 400 ms',
      budgetOk: jf.coldMs <= 400,
      value: num(jf.coldMs),
    }),
    row('status poll: peak RSS', side('rssMb', mb)),
  ]
}

/** docs-start.mjs (docs-start.json): start-up with the vendors' own four documents. */
function docsRows(docs) {
  if (!docs) return []
  const m = docs.medians ?? {}
  const [modelled, mocked, prism] = [
    num(m.docsModelledMs),
    num(m.docsMockedMs),
    num(m.prismSlowestMs),
  ]
  const src = 'docs-start.mjs'
  const left = Object.keys(docs.prismLeavesOut ?? {})
  const prismCell = Number.isFinite(prism)
    ? `${ms(prism)}${left.length ? ` (${4 - left.length} of 4)` : ''}`
    : undefined
  return [
    row("start-up, vendors' 4 documents: modelled", {
      jobfake: ms(modelled),
      prism: prismCell,
      vsPrism: x(modelled / prism),
      target: '≤ 400 ms',
      targetOk: modelled <= 400,
      budget: '≤ 400 ms',
      budgetOk: modelled <= 400,
      value: modelled,
      source: src,
    }),
    row("start-up, vendors' 4 documents: prism-http", {
      jobfake: ms(mocked),
      prism: prismCell,
      vsPrism: x(mocked / prism),
      source: src,
    }),
  ]
}

/** jobs.mjs (jobs.json): per-job memory (http mode) and the advance of each mode. */
function jobsRows(jobs) {
  if (!jobs) return []
  const current = (jobs.results ?? []).filter((r) => r.build === 'current')
  const n = jobs.jobs
  const src = 'jobs.mjs'
  const perJob = (r) => {
    if (Number.isFinite(r.rssBytesPerJob)) return r.rssBytesPerJob
    const runs = (jobs.runs ?? []).filter((s) => s.mode === r.mode && s.build === 'current')
    return median(runs.map((s) => ((s.rssMb - s.baselineRssMb) * MiB) / s.jobs))
  }
  const http = current.find((r) => r.mode === 'http')
  const rows = []
  if (http) {
    rows.push(
      row(`${int(n)} live jobs (http): process RSS`, {
        jobfake: mb(http.rssMb),
        budget: '≤ 120 MB',
        budgetOk: http.rssMb <= 120,
        value: http.rssMb,
        source: src,
      }),
      row('a live job (http): RSS', {
        jobfake: bytes(perJob(http)),
        target: '≤ 2 KB',
        targetOk: perJob(http) <= 2048,
        value: perJob(http),
        source: src,
      }),
      row('a live job (http): JS heap', { jobfake: bytes(http.heapBytesPerJob), source: src }),
    )
  }
  for (const r of current) {
    rows.push(
      row(`advance 1 h, ${int(n)} live jobs (${r.mode})`, {
        jobfake: ms(r.advanceMs),
        target: '≤ 100 ms',
        targetOk: r.advanceMs <= 100,
        budget: '≤ 250 ms',
        budgetOk: r.advanceMs <= 250,
        value: r.advanceMs,
        source: src,
      }),
    )
  }
  return rows
}

/** sessions.mjs (sessions.json): what a session costs. */
function sessionRows(sessions) {
  const kb = num(sessions?.names?.kbPerSession)
  if (!sessions?.names) return []
  const held = sessions.names.unbounded?.maxSessions
  return [
    row(`a session: RSS (${int(held)} held)`, {
      jobfake: Number.isFinite(kb) ? `${fixed(kb, 1)} KB` : dash,
      target: '≤ 10 KB',
      targetOk: kb <= 10,
      value: kb,
      source: 'sessions.mjs',
    }),
  ]
}

/** soak.mjs (soak.json): RSS over the mixed workload. */
function soakRows(soak) {
  if (!soak) return []
  const slope = num(soak.slopeMbPer100k)
  const judged = soak.verdict === 'flat' || soak.verdict === 'NOT FLAT'
  const enough = soak.requests >= 1_000_000
  return [
    row(`soak: RSS slope, ${int(soak.requests)} requests`, {
      jobfake: Number.isFinite(slope)
        ? `${slope >= 0 ? '+' : ''}${fixed(slope, 1)} MB/100k (${soak.verdict})`
        : soak.verdict,
      target: 'flat, 1M requests',
      targetOk: judged && enough ? soak.verdict === 'flat' : undefined,
      budget: 'flat, 1M requests',
      budgetOk: judged && enough ? soak.verdict === 'flat' : undefined,
      value: judged && enough ? 1 : NaN,
      source: 'soak.mjs',
    }),
  ]
}

/** Every row, from the results files that are there (each one may be missing). */
export const rowsOf = (files) => [
  ...pollRows(files.latest),
  ...pollRows(files['latest-chroma'], 'chroma'),
  ...pollRows(files['latest-akua'], 'akua'),
  ...docsRows(files['docs-start']),
  ...jobsRows(files.jobs),
  ...sessionRows(files.sessions),
  ...soakRows(files.soak),
]
