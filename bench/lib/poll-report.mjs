// What bench/run.mjs prints and keeps: a row per contender and round (printed as each finishes),
// the medians, the ratios (jobfake / prism, jobfake / bare hono, jobfake / jobfake@base) and the
// verdict of each budget line.
import { fixed, int, median, textTable } from './format.mjs'

/** Budget (DESIGN.md, "Performance budget"). */
export const BUDGET = { coldMs: 400, vsPrismFloor: 5, vsPrismAim: 10, vsHono: 0.5, p99Ms: 5 }

export const COLUMNS = [
  'round',
  'server',
  'cold ms',
  'req/s',
  'p50 ms',
  'p99 ms',
  'peak RSS MB',
  'server CPU %',
  'bench CPU %',
  'others CPU %',
  'steal %',
  'non2xx',
  'errors',
  'body B',
]
const cells = (r) => [
  r.round,
  r.name,
  int(r.coldMs),
  int(r.rps),
  fixed(r.p50, 0),
  fixed(r.p99, 0),
  fixed(r.rssMb, 0),
  fixed(r.serverCpu, 0),
  fixed(r.clientCpu, 0),
  fixed(r.others, 0),
  fixed(r.steal, 0),
  r.non2xx,
  r.errors,
  r.bodyBytes,
]
// Fixed widths, so that rows printed one by one as rounds finish line up.
const widthsOf = (names, head) =>
  head.map((h) =>
    Math.max(h.length, h === 'server' ? Math.max(7, ...names.map((n) => n.length)) : 6),
  )

/** One round's row of one contender, with the header above the first. */
export const rowLine = (names, row, header) =>
  textTable(COLUMNS, [cells(row)], { left: 2, header, widths: widthsOf(names, COLUMNS) })

const KEYS = ['coldMs', 'rps', 'p50', 'p99', 'rssMb', 'serverCpu', 'clientCpu', 'others', 'steal']

/** The medians per contender and the ratios between them (each when both contenders ran). */
export function summarize(names, rows, rounds) {
  const has = (name) => names.includes(name)
  const medians = {}
  for (const name of names) {
    const mine = rows.filter((r) => r.name === name)
    medians[name] = Object.fromEntries(KEYS.map((k) => [k, median(mine.map((r) => r[k]))]))
    medians[name].non2xx = mine.reduce((n, r) => n + r.non2xx, 0)
    medians[name].errors = mine.reduce((n, r) => n + r.errors, 0)
    medians[name].bodyBytes = mine[0].bodyBytes
  }
  const jf = medians.jobfake
  const ratios = {}
  if (has('jobfake') && has('prism')) ratios.rpsVsPrism = jf.rps / medians.prism.rps
  if (has('jobfake') && has('hono')) ratios.rpsVsHono = jf.rps / medians.hono.rps
  if (has('jobfake') && has('prism')) ratios.coldPrismOverJobfake = medians.prism.coldMs / jf.coldMs
  if (has('jobfake') && has('jobfake@base')) {
    const b = medians['jobfake@base']
    // Current build over the baseline: above 1 is better for rps, below 1 better for the others.
    ratios.vsBaseline = Object.fromEntries(
      ['rps', 'p99', 'p50', 'coldMs', 'rssMb', 'serverCpu'].map((k) => [k, jf[k] / b[k]]),
    )
  }
  // The same ratios within each round, where the contenders ran back to back.
  ratios.perRound = Array.from({ length: rounds }, (_, i) => {
    const of = (name) => rows.find((r) => r.round === i + 1 && r.name === name)
    const entry = { round: i + 1 }
    if ('rpsVsPrism' in ratios) entry.rpsVsPrism = of('jobfake').rps / of('prism').rps
    if ('rpsVsHono' in ratios) entry.rpsVsHono = of('jobfake').rps / of('hono').rps
    if ('vsBaseline' in ratios) entry.rpsVsBaseline = of('jobfake').rps / of('jobfake@base').rps
    return entry
  })
  return { medians, ratios }
}

/** Prints the medians and the ratios (see summarize). */
export function printSummary({ names, rounds, medians, ratios, builds, notes }) {
  const has = (name) => names.includes(name)
  const jf = medians.jobfake
  console.log(`\nmedians of ${rounds} round(s) (non2xx and errors: totals, warm-ups included)\n`)
  const rows = names.map((name) => cells({ round: '', name, ...medians[name] }).slice(1))
  console.log(
    textTable(COLUMNS.slice(1), rows, { left: 1, widths: widthsOf(names, COLUMNS.slice(1)) }),
  )
  const perRound = (k) => ratios.perRound.map((r) => `${fixed(r[k], 2)}×`).join(', ')
  if ('rpsVsPrism' in ratios || 'rpsVsHono' in ratios) console.log('\nratios (medians)')
  if ('rpsVsPrism' in ratios)
    console.log(
      `  req/s jobfake / prism: ${fixed(ratios.rpsVsPrism, 2)}× (per round: ${perRound('rpsVsPrism')})`,
    )
  if ('rpsVsHono' in ratios)
    console.log(
      `  req/s jobfake / bare hono: ${fixed(ratios.rpsVsHono, 2)}× (per round: ${perRound('rpsVsHono')})`,
    )
  if ('coldPrismOverJobfake' in ratios) {
    console.log(
      `  cold start prism / jobfake: ${fixed(ratios.coldPrismOverJobfake, 1)}× (jobfake ${int(jf.coldMs)} ms, prism ${int(medians.prism.coldMs)} ms` +
        `${has('hono') ? `, bare hono ${int(medians.hono.coldMs)} ms` : ''})`,
    )
  }
  if ('vsBaseline' in ratios) {
    const b = medians['jobfake@base']
    const v = ratios.vsBaseline
    const commit = (d) =>
      d.commit ? `${d.commit}${d.uncommittedChanges ? '+changes' : ''}` : d.root
    console.log(
      `\njobfake / jobfake@base (medians; current ${commit(builds.current)} over baseline ${commit(builds.baseline)})`,
    )
    const line = (what, ratio, mine, theirs, better) =>
      console.log(
        `  ${what.padEnd(12)} ${`${fixed(ratio, 2)}×`.padStart(7)}   ${mine} vs ${theirs}${better ? `   (${better})` : ''}`,
      )
    line(
      'req/s',
      v.rps,
      int(jf.rps),
      int(b.rps),
      `higher is better; per round: ${perRound('rpsVsBaseline')}`,
    )
    line('p99 ms', v.p99, fixed(jf.p99, 0), fixed(b.p99, 0), 'lower is better; 1 ms resolution')
    line('cold ms', v.coldMs, int(jf.coldMs), int(b.coldMs), 'lower is better')
    line('peak RSS MB', v.rssMb, fixed(jf.rssMb, 0), fixed(b.rssMb, 0), 'lower is better')
  }
  for (const note of notes) console.log(`  note    ${note}`)
}

/** Prints and answers the verdict of each budget line on jobfake (the current build). */
export function judge({ names, medians, ratios, connections }) {
  const has = (name) => names.includes(name)
  const jf = medians.jobfake
  const verdicts = []
  const verdict = (what, value, ok, detail) => {
    verdicts.push({ what, value, holds: ok, detail })
    console.log(`  ${ok ? 'holds ' : 'MISSED'}  ${what}: ${value}${detail ? ` — ${detail}` : ''}`)
  }
  const short = (got, need) =>
    got >= need ? '' : ` (short by ${fixed((1 - got / need) * 100, 0)} %)`
  console.log('\nbudget (DESIGN.md)')
  if (!has('jobfake')) console.log('  not judged: jobfake (the current build) was not measured')
  if (!has('jobfake')) return verdicts
  const spare = BUDGET.coldMs - jf.coldMs
  verdict(
    `start-up ≤ ${BUDGET.coldMs} ms`,
    `${int(jf.coldMs)} ms`,
    spare >= 0,
    spare >= 0 ? `${int(spare)} ms to spare` : `over by ${int(-spare)} ms`,
  )
  if ('rpsVsPrism' in ratios) {
    const need = (k) => k * medians.prism.rps
    const x = `${fixed(ratios.rpsVsPrism, 2)}×`
    verdict(
      `throughput ≥ ${BUDGET.vsPrismFloor}× prism (floor)`,
      x,
      ratios.rpsVsPrism >= BUDGET.vsPrismFloor,
      `${int(jf.rps)} req/s vs ${int(need(BUDGET.vsPrismFloor))} needed`,
    )
    verdict(
      `throughput ≥ ${BUDGET.vsPrismAim}× prism (aim)`,
      x,
      ratios.rpsVsPrism >= BUDGET.vsPrismAim,
      `${int(jf.rps)} req/s vs ${int(need(BUDGET.vsPrismAim))} needed${short(jf.rps, need(BUDGET.vsPrismAim))}`,
    )
  } else console.log('  not judged: throughput against prism (prism was not measured)')
  if ('rpsVsHono' in ratios) {
    const need = BUDGET.vsHono * medians.hono.rps
    verdict(
      `throughput ≥ ${BUDGET.vsHono} × bare hono`,
      `${fixed(ratios.rpsVsHono, 2)}×`,
      ratios.rpsVsHono >= BUDGET.vsHono,
      `${int(jf.rps)} req/s vs ${int(need)} needed${short(jf.rps, need)}`,
    )
  } else console.log('  not judged: throughput against bare hono (bare hono was not measured)')
  const others = ['prism', 'hono', 'jobfake@base']
    .filter(has)
    .map((n) => `${n === 'hono' ? 'bare hono' : n} ${fixed(medians[n].p99, 0)} ms`)
  const over = jf.p99 - BUDGET.p99Ms
  verdict(
    `p99 ≤ ${BUDGET.p99Ms} ms at ${connections} connections`,
    `${fixed(jf.p99, 0)} ms`,
    over <= 0,
    over <= 0
      ? ''
      : `over by ${fixed(over, 0)} ms${others.length ? ` (${others.join(', ')})` : ''}`,
  )
  return verdicts
}

/** Notes on rounds taken while the machine was busy, and whether every load was valid. */
export function validity(rows) {
  const busy = rows.filter((r) => r.others > 25)
  if (busy.length > 0) {
    const which = busy.map((r) => `round ${r.round} ${r.name} (${fixed(r.others, 0)} % of a core)`)
    console.log(
      `  note    other processes used CPU during ${which.join(', ')}: those figures are low; rerun on a quiet machine`,
    )
  }
  // A load that got no answer at all (a server stuck while it starts) says nothing either.
  const bad = rows.filter((r) => r.non2xx > 0 || r.errors > 0 || r.total === 0)
  const why = (r) =>
    `round ${r.round} ${r.name}: ${r.total === 0 ? 'no answer during the load, ' : ''}${r.non2xx} non-2xx, ${r.errors} errors`
  console.log(
    bad.length === 0
      ? '  valid   every response of every load was 2xx, with no errors or timeouts'
      : `  INVALID ${bad.map(why).join('; ')}`,
  )
  return bad.length === 0
}
