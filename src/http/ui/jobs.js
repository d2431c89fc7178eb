// The jobs of a vendor, live: state, progress to the next timer, timeline; and one job in full.
import { drawDiagram } from './diagram.js'
import { h, spanOf, timeOf, toneOf } from './dom.js'

const badge = (state) => h('span', { class: `badge ${toneOf(state)}` }, state)

/** How far the job is towards its next timer, on the session clock. */
function progressOf(job, now) {
  if (job.done) return h('span', { class: 'muted' }, 'done')
  if (!job.next) return h('span', { class: 'muted' }, 'waits for an event')
  const since = Date.parse(job.updatedAt)
  const until = Date.parse(job.next.at)
  const value = until > since ? Math.min(1, Math.max(0, (now - since) / (until - since))) : 1
  const left = Math.max(0, until - now)
  return h(
    'span',
    { class: 'progress' },
    h('progress', { max: 1, value: value.toFixed(3), 'aria-label': `towards ${job.next.event}` }),
    ` ${job.next.event} in ${spanOf(left)}`,
  )
}

/** Each state the job was in, as a bar as long as it lasted (the last one up to now). */
function timelineOf(job, now) {
  const start = Date.parse(job.history[0].at)
  const end = job.done ? Date.parse(job.history.at(-1).at) : now
  const total = Math.max(1, end - start)
  const bar = h('span', { class: 'timeline', 'aria-hidden': 'true' })
  job.history.forEach((t, i) => {
    const from = Date.parse(t.at)
    const to = i + 1 < job.history.length ? Date.parse(job.history[i + 1].at) : end
    const part = h('span', {
      class: `seg ${toneOf(t.state)}`,
      title: `${t.state} at ${timeOf(t.at)}`,
    })
    // As long as it lasted; a state that lasted no time still shows as a sliver.
    part.style.flexGrow = String(Math.max(to - from, total / 40, 1))
    bar.append(part)
  })
  const words = job.history.map((t) => `${t.state} ${timeOf(t.at)}`).join(' → ')
  return h('span', { class: 'timeline-cell' }, bar, h('span', { class: 'sr-only' }, words))
}

/**
 * The table of a vendor's jobs, newest first; a job's id is a button that selects it.
 *
 * @example
 * replace(panel, renderJobs({ jobs, selected, now, onSelect }))
 */
export function renderJobs({ jobs, selected, now, onSelect }) {
  if (jobs.length === 0)
    return h(
      'p',
      { class: 'muted' },
      'No job yet. Start one through the vendor API: it shows up here.',
    )
  const rows = [...jobs].reverse().map((job) =>
    h(
      'tr',
      { class: job.id === selected ? 'selected' : null, 'data-job': job.id },
      h(
        'td',
        {},
        h(
          'button',
          {
            class: 'link',
            'data-key': `job-${job.id}`,
            'aria-pressed': String(job.id === selected),
            onclick: () => onSelect(job.id),
          },
          job.id,
        ),
      ),
      h('td', {}, job.kind),
      h('td', { class: 'state' }, badge(job.state)),
      h('td', {}, progressOf(job, now)),
      h('td', {}, timelineOf(job, now)),
    ),
  )
  return h(
    'table',
    { class: 'jobs' },
    h('caption', { class: 'sr-only' }, 'Jobs, newest first'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['Job', 'Kind', 'State', 'Next', 'Timeline'].map((t) => h('th', { scope: 'col' }, t)),
      ),
    ),
    h('tbody', {}, rows),
  )
}

/**
 * One job: its diagram with the current state marked, a button per event it takes now, and its
 * transitions on the session clock.
 *
 * @example
 * replace(detail, renderJob({ job, diagram, now, onEvent }))
 */
export function renderJob({ job, diagram, now, onEvent }) {
  const start = Date.parse(job.history[0].at)
  const visited = job.history.map((t) => t.state.split(/[ .]/)[0])
  return h(
    'div',
    { class: 'job' },
    h('h3', {}, `${job.kind} ${job.id} `, badge(job.state)),
    diagram ? drawDiagram(diagram, job.state, visited, `${job.kind} ${job.id}`) : null,
    h(
      'div',
      { class: 'events', role: 'group', 'aria-label': 'Send an event to this job' },
      h('span', { class: 'label' }, 'Send an event: '),
      job.accepts.length === 0
        ? h('span', { class: 'muted' }, job.done ? 'none, the job is done' : 'none now')
        : job.accepts.map((type) =>
            h('button', { 'data-key': `event-${type}`, onclick: () => onEvent(job, type) }, type),
          ),
    ),
    h(
      'ol',
      { class: 'history', 'aria-label': 'Transitions' },
      job.history.map((t) =>
        h(
          'li',
          {},
          h('time', { datetime: t.at }, timeOf(t.at)),
          ` +${spanOf(Date.parse(t.at) - start)} `,
          badge(t.state),
        ),
      ),
      !job.done && job.next
        ? h(
            'li',
            { class: 'muted' },
            `next: ${job.next.event} at ${timeOf(job.next.at)} (in ${spanOf(Date.parse(job.next.at) - now)})`,
          )
        : null,
    ),
  )
}
