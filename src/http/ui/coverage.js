// The coverage matrix of a vendor: operation × declared status, the job states each operation
// saw, and the states no answer reported yet. Missing cells are marked.
import { h } from './dom.js'

/**
 * @example
 * replace(panel, renderCoverage(report.vendors.airweave))
 */
export function renderCoverage(vendor) {
  if (!vendor) return h('p', { class: 'muted' }, 'No coverage for this vendor.')
  const ops = Object.entries(vendor.operations)
  const statuses = [...new Set(ops.flatMap(([, op]) => Object.keys(op.statuses)))].sort()
  const cell = (op, status) => {
    if (!(status in op.statuses)) return h('td', { class: 'na' }, '')
    const n = op.statuses[status]
    const missing = op.missing.includes(status)
    return h(
      'td',
      { class: missing ? 'missing' : 'hit', title: missing ? 'never answered' : `${n}×` },
      missing ? '✗' : String(n),
    )
  }
  const seen = (op) =>
    Object.entries(op.states)
      .map(([state, n]) => `${state} ${n}`)
      .join(', ')
  const table = h(
    'table',
    { class: 'coverage' },
    h('caption', {}, `${vendor.exercised} of ${vendor.declared} declared answers exercised`),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Operation (job states seen)'),
        statuses.map((s) => h('th', { scope: 'col' }, s)),
      ),
    ),
    h(
      'tbody',
      {},
      ops.map(([id, op]) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, id, seen(op) && h('small', { class: 'states' }, seen(op))),
          statuses.map((s) => cell(op, s)),
        ),
      ),
    ),
  )
  const states = h(
    'p',
    { class: 'state-cover' },
    'Job states: ',
    Object.entries(vendor.states).map(([s, n]) =>
      h(
        'span',
        { class: n === 0 ? 'missing' : 'hit', title: n === 0 ? 'never reported' : `${n}×` },
        n === 0 ? `${s} ✗` : `${s} ${n}`,
      ),
    ),
  )
  return h('div', {}, h('div', { class: 'scroll-x' }, table), states)
}
