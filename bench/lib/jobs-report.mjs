// What bench/jobs.mjs prints and keeps: per mode and build the medians of its runs, the ratios
// current / base, and the table with each figure and the budget's verdicts.
import { median, textTable } from './format.mjs'

export const MODES = ['engine', 'session', 'http', 'akua']
export const BUDGET = { rssMb: 120, advanceMs: 250 }
// The figures compared between builds: below 1 is better for every one of them.
const RATIO_KEYS = [
  'rssMb',
  'settledRssMb',
  'peakRssMb',
  'newSpaceMb',
  'heapBytesPerJob',
  'rssBytesPerJob',
  'createMs',
  'advanceMs',
  'advanceCpuMs',
  'warmAdvanceMs',
]

/** Per mode and build (in the builds' order), the medians of its runs. */
export function resultsOf(runs, builds, jobs) {
  return MODES.flatMap((mode) =>
    builds
      .filter((b) => runs.some((r) => r.mode === mode && r.build === b.label))
      .map((b) => {
        const mine = runs.filter((r) => r.mode === mode && r.build === b.label)
        const m = (k) => median(mine.map((r) => r[k]))
        const advances = mine.map((r) => r.advanceMs)
        return {
          mode,
          build: b.label,
          root: b.root,
          what: mine[0].what,
          jobs,
          runs: mine.length,
          ...Object.fromEntries(['rssMb', 'settledRssMb', 'peakRssMb'].map((k) => [k, m(k)])),
          baselineRssMb: m('baselineRssMb'),
          heapBytesPerJob: m('heapBytesPerJob'),
          rssBytesPerJob: m('rssBytesPerJob'),
          marginalRssBytesPerJob: m('marginalRssBytesPerJob'),
          newSpaceMb: m('newSpaceMb'),
          createMs: m('createMs'),
          advanceMs: m('advanceMs'),
          advanceRange: [Math.min(...advances), Math.max(...advances)],
          advanceCpuMs: m('advanceCpuMs'),
          othersCpu: m('othersCpu'),
          warmAdvanceMs: m('warmAdvanceMs'),
          final: Math.min(...mine.map((r) => r.final)),
          warmFinal: Math.min(...mine.map((r) => r.warmFinal)),
          states: mine[0].states,
        }
      }),
  )
}

/** current / base, per mode that both builds ran. */
export function comparisonOf(results) {
  return MODES.flatMap((mode) => {
    const cur = results.find((r) => r.mode === mode && r.build === 'current')
    const base = results.find((r) => r.mode === mode && r.build === 'base')
    if (!cur || !base) return []
    return [
      { mode, currentOverBase: Object.fromEntries(RATIO_KEYS.map((k) => [k, cur[k] / base[k]])) },
    ]
  })
}

const bytes = (n) => (Number.isFinite(n) ? `${Math.round(n)} B` : 'n/a')
const f = (n, d) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a')

/** The table: a row per mode and build, a cur/base row per mode compared (with a baseline). */
export function printTable(results, comparison, withBase) {
  const head = [
    'mode',
    ...(withBase ? ['build'] : []),
    'RSS MB',
    'settled MB',
    'peak MB',
    'young gen MB',
    'heap/job',
    'RSS/job',
    'create ms',
    'advance ms',
    '(min–max)',
    'CPU ms',
    'warm ms',
    'others CPU %',
    'final',
    'RSS',
    'advance',
  ]
  const row = (r) => [
    r.mode,
    ...(withBase ? [r.build] : []),
    f(r.rssMb, 1),
    f(r.settledRssMb, 1),
    f(r.peakRssMb, 1),
    f(r.newSpaceMb, 1),
    bytes(r.heapBytesPerJob),
    bytes(r.rssBytesPerJob),
    f(r.createMs, 0),
    f(r.advanceMs, 0),
    r.advanceRange.map((x) => x.toFixed(0)).join('–'),
    f(r.advanceCpuMs, 0),
    f(r.warmAdvanceMs, 0),
    f(r.othersCpu, 0),
    `${r.final}/${r.jobs}`,
    r.rssMb <= BUDGET.rssMb ? 'holds' : `MISSED by ${(r.rssMb - BUDGET.rssMb).toFixed(1)} MB`,
    r.advanceMs <= BUDGET.advanceMs
      ? 'holds'
      : `MISSED by ${(r.advanceMs - BUDGET.advanceMs).toFixed(0)} ms`,
  ]
  const x = (v) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : 'n/a')
  const ratioRow = ({ mode, currentOverBase: q }) => [
    mode,
    'cur/base',
    ...RATIO_KEYS.slice(0, 6).map((k) => x(q[k])),
    x(q.createMs),
    x(q.advanceMs),
    '',
    x(q.advanceCpuMs),
    x(q.warmAdvanceMs),
    '',
    '',
    '',
    '',
  ]
  const rows = MODES.flatMap((mode) => [
    ...results.filter((r) => r.mode === mode).map(row),
    ...(comparison ?? []).filter((c) => c.mode === mode).map(ratioRow),
  ])
  const textCols = withBase ? 2 : 1
  const left = (i) => i < textCols || i >= head.length - 2
  console.log(textTable(head, rows, { left, trim: true }))
}
