// Start-up with the vendors' own OpenAPI documents: jobfake serving Airweave, Akua, Chroma and
// Peaka from them (`--vendor-doc`; prism-http in a worker thread answers what jobfake does not
// model), jobfake with its bundled specs (the baseline), and `prism mock` on the same documents
// (one per process, so four started together). Contenders run one after another (2 shared cores),
// the order rotating every round, each polled every 10 ms from its spawn. Every child leads its own
// process group under coreutils `timeout` (bench/lib/proc.mjs: it dies even if this script is
// SIGKILLed), killed after each contender, on a deadline, an error or Ctrl-C. A document prism
// refuses is reported, not fatal.
// Usage: node bench/docs-start.mjs [--rounds 5] [--deadline 60] [--docs DIR]   (needs dist/: npm run build)
// --docs: the folder of the vendors' documents (default: ../shared/reference/vendors beside the checkout).
// Exit code: 0 when both jobfake contenders answered in every round, 1 otherwise.
// Writes bench/results/docs-start.json.
import { existsSync, realpathSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { stripVTControlCharacters } from 'node:util'
import { describeBuild } from './lib/builds.mjs'
import { die, options } from './lib/cli.mjs'
import { median, writeResults } from './lib/format.mjs'
import { firstAnswer, freePort, request } from './lib/http.mjs'
import { LISTENING, ROOT, quietFlags } from './lib/jobfake.mjs'
import { rssOfMb } from './lib/machine.mjs'
import {
  exitWith,
  guard,
  launch,
  outputOf,
  sleep,
  stop,
  waitOutput,
  workPids,
} from './lib/proc.mjs'

const args = options(
  'docs-start',
  {
    rounds: { default: '5', number: { min: 1, max: 50 } },
    deadline: { default: '60', number: { min: 1, max: 600 } },
    docs: {},
  },
  'node bench/docs-start.mjs [--rounds 1-50] [--deadline seconds ≥ 1] [--docs DIR]',
)
const ROUNDS = args.rounds
const DEADLINE_MS = args.deadline * 1000
// The vendors' documents are not the project's: they live beside the checkout, in ../shared.
const DOCS = resolve(args.docs ?? join(ROOT, '..', 'shared', 'reference', 'vendors')) + '/'
// Each document, and a path it declares without parameters, for prism to route (any status counts).
const VENDORS = [
  ['airweave', 'airweave-openapi.json', '/collections'],
  ['akua', 'akua-public-openapi.json', '/snippets'],
  ['chroma', 'chroma-sync.openapi.json', '/health'],
  ['peaka', 'peaka-openapi.json', '/organizations'],
]
// jobfake's demo fixtures, hard-coded: no admin request precedes the timed ones (checked after).
const KEY = { 'x-api-key': 'jf_airweave_demo_3f9c2a7d51e84b06' }
const SOURCE = 'ddb72179-d26d-47db-8b9d-a83123515af7'
const MODELLED = `/airweave/source-connections/${SOURCE}/jobs`
// Not GET /collections: Airweave's collections are modelled since d9f5f11. GET /sources is not, so
// prism-http answers it; the journal (`mocked: true`) confirms it after each run.
const MOCKED = '/airweave/sources'
const POLL_MS = 10

for (const file of ['dist/cli.js', 'node_modules/.bin/prism'])
  if (!existsSync(join(ROOT, file)))
    die('docs-start', `${file} is missing (npm install, npm run build?)`)
for (const [, file] of VENDORS)
  if (!existsSync(DOCS + file)) die('docs-start', `${DOCS + file} is missing (--docs DIR?)`)
const PRISM = realpathSync(join(ROOT, 'node_modules', '.bin', 'prism'))
guard('docs-start', { limitS: ROUNDS * 3 * (DEADLINE_MS / 1000 + 20) })

// Output is read as it comes (prism logs every request), its tail kept; "listening on" timed.
function start(name, argv) {
  const onOutput = (child) => {
    const url = !child.url && LISTENING.exec(child.stdout + child.stderr)?.[1]
    if (url) Object.assign(child, { url, listeningAt: performance.now() })
  }
  const lifetimeS = DEADLINE_MS / 1000 + 30
  return launch(name, process.execPath, argv, { cwd: ROOT, output: 'pipe', onOutput, lifetimeS })
}
/** RSS of the server and all it started, not of the `timeout` wrapper; worker threads included. */
const rssMb = (child) => rssOfMb(workPids(child))
const plain = (child) => stripVTControlCharacters(outputOf(child)).trim().split('\n')
// prism gives its reason on a "fatal" line, followed by its usage and a stack.
const reason = (child) => plain(child).find((l) => l.includes('fatal')) ?? plain(child).at(-1)
const answer = (child, url, accept, what) =>
  firstAnswer(child, url, { headers: KEY, accept, deadlineMs: DEADLINE_MS, everyMs: POLL_MS, what })
const is200 = (res) => res.status === 200 // jobfake's; prism's first answer may be any status
const printedUrl = (child) => waitOutput(child, LISTENING, { deadlineMs: DEADLINE_MS, everyMs: 1 })

// Contenders: each gives its figures (ms from spawn) and kills what it started, come what may.
/** What the run served unlike what this script assumes (asked after the figures, so untimed). */
async function checks(base) {
  const [notes, json] = [[], async (path) => (await request(base + path)).json]
  const { apiKey, sourceConnectionIds: ids } = (await json('/__admin/fixtures')).airweave
  if (apiKey !== KEY['x-api-key'] || !ids?.includes(SOURCE)) notes.push(`fixtures ${apiKey}`)
  const journal = await json('/__admin/journal')
  const mocked = (path) => journal.find((e) => '/airweave' + e.path === path && e.status === 200)
  if (mocked(MOCKED)?.mocked !== true) notes.push(`${MOCKED}: not answered by prism-http`)
  if (mocked(MODELLED)?.mocked === true) notes.push(`${MODELLED}: mocked, not modelled`)
  return notes
}

const serve = ['dist/cli.js', 'serve', '--port', '0', '--clock', 'manual', ...quietFlags(ROOT)]
async function withDocs() {
  const docs = VENDORS.flatMap(([v, file]) => ['--vendor-doc', `${v}=${DOCS}${file}`])
  const child = start('jobfake+docs', [...serve, '--lenient', ...docs])
  try {
    await printedUrl(child)
    // Both polled at once: each is timed from the spawn, neither waits for the other.
    const [modelled, mocked] = await Promise.all([
      answer(child, child.url + MODELLED, is200, 'modelled 200').then((a) => a.ms),
      answer(child, child.url + MOCKED, is200, 'mocked 200').then((a) => a.ms),
    ])
    const [rss, listening] = [rssMb(child), child.listeningAt - child.spawnedAt]
    const notes = await checks(child.url).catch((error) => [`checks failed: ${error.message}`])
    return { listening, modelled, mocked, rss, notes }
  } finally {
    await stop(child, { termMs: 0 })
  }
}
async function ownSpecs() {
  const child = start('jobfake', serve)
  try {
    await printedUrl(child)
    const first = await answer(child, child.url + MODELLED, is200, 'modelled 200')
    return { modelled: first.ms, rss: rssMb(child), notes: [] }
  } finally {
    await stop(child, { termMs: 0 })
  }
}
async function prismFour() {
  const free = new Set()
  while (free.size < VENDORS.length) free.add(await freePort())
  const ports = [...free]
  const children = VENDORS.map(([vendor, file], i) =>
    start(`prism ${vendor}`, [
      PRISM,
      'mock',
      '-p',
      String(ports[i]),
      '-h',
      '127.0.0.1',
      DOCS + file,
    ]),
  )
  try {
    // A process that exits or never answers is that vendor's result, not the contender's failure.
    const first = (child, i) =>
      answer(child, `http://127.0.0.1:${ports[i]}${VENDORS[i][2]}`, () => true, 'answer')
        .then(({ ms, status }) => ({ ms, at: child.spawnedAt + ms, status }))
        .catch((error) => ({ error: error.message.split('\n')[0], why: reason(child) }))
    const per = await Promise.all(children.map(first))
    const ats = per.filter((r) => !r.error).map((r) => r.at)
    return {
      per: Object.fromEntries(VENDORS.map(([v], i) => [v, per[i]])),
      answered: ats.length,
      slowest: ats.length ? Math.max(...ats) - children[0].spawnedAt : null, // from the first spawn
      rss: children.filter((c) => !c.exited).reduce((sum, c) => sum + rssMb(c), 0),
    }
  } finally {
    await Promise.all(children.map((c) => stop(c, { termMs: 0 })))
  }
}
// The rounds, then every figure per round and its median.
const CONTENDERS = { 'jobfake+docs': withDocs, jobfake: ownSpecs, 'prism x4': prismFour }
const NAMES = Object.keys(CONTENDERS)
const ms = (x) => (x == null || !Number.isFinite(x) ? '-' : `${Math.round(x)}`)
const mb = (x) => (x == null || !Number.isFinite(x) ? '-' : x.toFixed(1))
const show = {
  'jobfake+docs': (r) =>
    `listening ${ms(r.listening)} ms | first modelled 200 ${ms(r.modelled)} ms | first mocked 200 ${ms(r.mocked)} ms | RSS ${mb(r.rss)} MB`,
  jobfake: (r) => `first modelled 200 ${ms(r.modelled)} ms | RSS ${mb(r.rss)} MB`,
  'prism x4': (r) =>
    Object.entries(r.per)
      .map(([v, p]) => (p.error ? `${v} no answer` : `${v} ${ms(p.ms)} ms (${p.status})`))
      .join(' | ') +
    `\n${''.padEnd(16)}slowest ${ms(r.slowest)} ms (${r.answered}/4 answered) | RSS ${mb(r.rss)} MB`,
}
const [results, failures] = [[], []]
const prismErrors = new Map() // vendor → its first error, with prism's reason
console.log(`[docs-start] ${ROUNDS} rounds; node ${process.version}; documents in ${DOCS}`)
for (let round = 1; round <= ROUNDS; round++) {
  const order = NAMES.map((_, i) => NAMES[(i + round - 1) % NAMES.length])
  const row = {}
  console.log(`\nround ${round} (order: ${order.join(', ')})`)
  for (const name of order) {
    const r = (row[name] = await CONTENDERS[name]().catch((error) => ({ error: error.message })))
    if (r.error) failures.push(`round ${round} ${name}: ${r.error}`)
    const notes = (r.notes ?? []).map((note) => `\n    note: ${note}`).join('')
    console.log(`  ${name.padEnd(14)}${r.error ? `FAILED: ${r.error}` : show[name](r)}${notes}`)
    for (const [v, p] of Object.entries(r.per ?? {}))
      if (p.error && !prismErrors.has(v)) prismErrors.set(v, p)
    await sleep(500) // the killed processes' memory and sockets go before the next contender starts
  }
  results.push(row)
}
const pick = (name, key) => results.map((row) => row[name]?.[key] ?? NaN)
// jobfake+docs is ready when both kinds of operation answer; prism when its slowest process does.
const ready = (r) => (r?.error ? NaN : Math.max(r.modelled, r.mocked))
const ratios = results.map((row) => (row['prism x4']?.slowest ?? NaN) / ready(row['jobfake+docs']))
const times = (x) => (Number.isFinite(x) ? `${x.toFixed(2)}x` : '-')
const table = [
  ['jobfake+docs listening ms', 'docsListeningMs', pick('jobfake+docs', 'listening'), ms],
  ['jobfake+docs first modelled 200 ms', 'docsModelledMs', pick('jobfake+docs', 'modelled'), ms],
  ['jobfake+docs first mocked 200 ms', 'docsMockedMs', pick('jobfake+docs', 'mocked'), ms],
  ['jobfake+docs RSS MB', 'docsRssMb', pick('jobfake+docs', 'rss'), mb],
  ['jobfake (own specs) first 200 ms', 'ownFirstMs', pick('jobfake', 'modelled'), ms],
  ['jobfake (own specs) RSS MB', 'ownRssMb', pick('jobfake', 'rss'), mb],
  ['prism x4 first answer, slowest ms', 'prismSlowestMs', pick('prism x4', 'slowest'), ms],
  ['prism x4 documents answering (of 4)', 'prismAnswered', pick('prism x4', 'answered'), ms],
  ['prism x4 RSS MB (sum)', 'prismRssMb', pick('prism x4', 'rss'), mb],
  ['ratio prism / jobfake+docs, ready', 'prismOverDocsReady', ratios, times],
]
const width = Math.max(...table.map(([label]) => label.length))
const cells = (xs) => xs.map((x) => x.padStart(8)).join('')
console.log(`\n${''.padEnd(width)}${cells([...results.map((_, i) => `r${i + 1}`), 'median'])}`)
for (const [label, , values, fmt] of table)
  console.log(`${label.padEnd(width)}${cells([...values, median(values)].map(fmt))}`)
console.log('\nready: jobfake+docs when both gave 200, prism x4 when its slowest answered')
for (const [v, p] of prismErrors)
  console.log(`prism x4 leaves ${v} out: ${p.error}\n  prism ${v}: ${p.why || '(no output)'}`)
if (failures.length > 0) console.error(`\n[docs-start] failures:\n${failures.join('\n')}`)
const medians = Object.fromEntries(table.map(([, key, values]) => [key, median(values)]))
medians.docsReadyMs = median(results.map((row) => ready(row['jobfake+docs'])))
const file = writeResults(ROOT, 'docs-start', {
  when: new Date().toISOString(),
  node: process.version,
  build: describeBuild(ROOT),
  options: { rounds: ROUNDS, deadline: DEADLINE_MS / 1000, docs: DOCS },
  medians,
  prismLeavesOut: Object.fromEntries([...prismErrors].map(([v, p]) => [v, p.error])),
  failures,
  rounds: results,
})
console.log(`\n[docs-start] written to ${file}`)
await exitWith(failures.some((f) => !f.includes('prism x4')) ? 1 : 0)
