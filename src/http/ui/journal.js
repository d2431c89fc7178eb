// The journal, newest first: every request with its status, job state and violations.
import { h, timeOf } from './dom.js'

const violationsOf = (e) =>
  e.violations.length === 0
    ? null
    : h(
        'ul',
        { class: 'violations' },
        e.violations.map((v) =>
          h('li', {}, `⚠ ${v.in}${v.name ? ` ${v.name}` : ''}: ${v.message}`),
        ),
      )

/**
 * The journal table; a request that broke the spec is highlighted, with what it broke.
 *
 * @example
 * replace(panel, renderJournal({ entries, onlyViolations: false }))
 */
export function renderJournal({ entries, onlyViolations }) {
  const shown = entries.filter((e) => !onlyViolations || e.violations.length > 0)
  if (shown.length === 0)
    return h('p', { class: 'muted' }, onlyViolations ? 'No violation so far.' : 'No request yet.')
  const rows = shown
    .slice(-200)
    .reverse()
    .map((e) =>
      h(
        'tr',
        { class: e.violations.length > 0 ? 'violation' : null, 'data-seq': e.seq },
        h('td', {}, h('time', { datetime: e.at }, timeOf(e.at))),
        h(
          'td',
          { class: 'request' },
          h('span', { class: 'path' }, `${e.method} ${e.path}`),
          violationsOf(e),
        ),
        h('td', { class: e.status >= 400 ? 'status error' : 'status' }, String(e.status)),
        h('td', {}, e.state ?? ''),
      ),
    )
  return h(
    'table',
    { class: 'journal' },
    h('caption', { class: 'sr-only' }, 'Requests, newest first'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['Time', 'Request (violations)', 'Status', 'Job state'].map((t) =>
          h('th', { scope: 'col' }, t),
        ),
      ),
    ),
    h('tbody', {}, rows),
  )
}
