// The jobfake UI: one session's jobs, clock, journal and coverage, live from its event stream.
import { createApi } from './api.js'
import { renderCoverage } from './coverage.js'
import { drawDiagram } from './diagram.js'
import { dateTimeOf, h, replace } from './dom.js'
import { renderJob, renderJobs } from './jobs.js'
import { renderJournal } from './journal.js'

const $ = (id) => document.getElementById(id)
const api = createApi()
const PRESETS = ['1s', '5s', '30s', '1m', '5m', '1h']
const state = {
  vendor: decodeURIComponent(location.hash.slice(1)) || null,
  machines: {},
  scenarios: {},
  jobs: [],
  selected: null,
  journal: [],
  coverage: null,
  clock: null,
}

/** The session clock now: it stands still in manual mode, and runs (times a factor) otherwise. */
function now() {
  const { mode, now: at, fetched } = state.clock ?? { mode: 'manual', now: 0, fetched: 0 }
  const factor = mode === 'manual' ? 0 : mode === 'real' ? 1 : Number(mode.split(':')[1])
  return Date.parse(at) + (performance.now() - fetched) * factor
}

const say = (text) => ($('status').textContent = text)
const guarded =
  (work) =>
  async (...args) => {
    try {
      await work(...args)
    } catch (error) {
      if (error.status === 401) $('token-form').hidden = false
      say(error.message)
    }
  }

function setClock(clock) {
  state.clock = { ...clock, fetched: performance.now() }
  $('clock-mode').textContent =
    clock.mode === 'manual' ? 'manual (moves only when advanced)' : clock.mode
  drawClock()
}
const drawClock = () => ($('clock-now').textContent = dateTimeOf(now()))

function drawVendors() {
  replace(
    $('vendors'),
    Object.keys(state.machines).map((name) =>
      h(
        'button',
        {
          'data-key': `vendor-${name}`,
          'aria-pressed': String(name === state.vendor),
          onclick: () => pickVendor(name),
        },
        name,
      ),
    ),
  )
  const scenarios = state.scenarios[state.vendor]
  replace(
    $('scenario'),
    (scenarios?.available ?? []).map((s) =>
      h(
        'option',
        { value: s.name, selected: s.name === scenarios.active, title: s.description ?? '' },
        s.name,
      ),
    ),
  )
}

function drawJobs() {
  const current = state.jobs.find((job) => job.id === state.selected)
  replace(
    $('jobs'),
    renderJobs({ jobs: state.jobs, selected: state.selected, now: now(), onSelect: pickJob }),
  )
  const diagrams = state.machines[state.vendor] ?? {}
  replace(
    $('job'),
    current
      ? renderJob({ job: current, diagram: diagrams[current.kind], now: now(), onEvent: sendEvent })
      : [
          h('p', { class: 'muted' }, 'Pick a job to mark where it is and drive it. Its machine:'),
          Object.entries(diagrams).map(([kind, d]) =>
            drawDiagram(d, null, [], `${state.vendor} ${kind}`),
          ),
        ],
  )
}

const drawJournal = () =>
  replace(
    $('journal'),
    renderJournal({ entries: state.journal, onlyViolations: $('only-violations').checked }),
  )
const drawCoverage = () =>
  replace($('coverage'), renderCoverage(state.coverage?.vendors[state.vendor]))

async function loadJobs() {
  state.jobs = await api.get(`/jobs?vendor=${encodeURIComponent(state.vendor)}`)
  drawJobs()
}
async function loadJournal() {
  const fetched = await api.get(`/journal?vendor=${encodeURIComponent(state.vendor)}`)
  const last = fetched.at(-1)?.seq ?? 0
  // Entries the stream brought while this was on its way are kept.
  state.journal = [...fetched, ...state.journal.filter((e) => e.seq > last)]
  drawJournal()
}
async function loadCoverage() {
  state.coverage = await api.get('/coverage')
  drawCoverage()
}
async function loadSessions() {
  const names = new Set([
    'default',
    api.session,
    ...(await api.get('/sessions')).map((s) => s.name),
  ])
  replace(
    $('session'),
    [...names].sort().map((n) => h('option', { value: n, selected: n === api.session }, n)),
  )
}
async function loadAll() {
  // Read afresh: what the stream brings from now on is kept, what came before is not.
  state.journal = []
  const [machines, clock, scenarios] = await Promise.all([
    api.get('/machines'),
    api.get('/clock'),
    api.get('/scenarios'),
  ])
  state.machines = machines
  state.scenarios = scenarios
  if (!machines[state.vendor]) state.vendor = Object.keys(machines)[0]
  setClock(clock)
  drawVendors()
  await Promise.all([loadJobs(), loadJournal(), loadCoverage(), loadSessions()])
  $('token-form').hidden = true
}

let soon
/** Jobs and coverage again, at most ten times a second however many events arrive. */
function refreshSoon() {
  soon ??= setTimeout(
    guarded(async () => {
      soon = undefined
      await Promise.all([loadJobs(), loadCoverage()])
    }),
    100,
  )
}

function onEvent(type, data) {
  if (type === 'ready' || type === 'resync' || type === 'reset') return guarded(loadAll)()
  if (type === 'clock') {
    setClock({ mode: state.clock.mode, now: data.now })
    return drawJobs()
  }
  if (data.vendor !== state.vendor) return
  if (type === 'request' && !state.journal.some((e) => e.seq === data.seq)) {
    state.journal.push(data)
    if (state.journal.length > 500) state.journal.splice(0, state.journal.length - 500)
    drawJournal()
  }
  refreshSoon()
}

let close = () => {}
function connect() {
  close()
  close = api.stream(
    onEvent,
    (s) => ($('connection').textContent = s === 'live' ? '● live' : '○ reconnecting…'),
  )
}

function pickVendor(name) {
  state.vendor = name
  state.selected = null
  state.journal = []
  history.replaceState(null, '', `#${encodeURIComponent(name)}`)
  drawVendors()
  guarded(() => Promise.all([loadJobs(), loadJournal(), loadCoverage()]))()
}
function pickJob(id) {
  state.selected = state.selected === id ? null : id
  drawJobs()
}
const sendEvent = guarded(async (job, type) => {
  const view = await api.post(
    `/jobs/${encodeURIComponent(job.id)}/events?vendor=${encodeURIComponent(job.vendor)}`,
    { type },
  )
  state.jobs = state.jobs.map((j) => (j.id === view.id ? view : j))
  say(`Sent ${type} to ${job.id}: now ${view.state}.`)
  drawJobs()
})
const advance = guarded(async (by) => {
  setClock(await api.post('/clock/advance', { by }))
  say(`Clock advanced by ${by}.`)
  drawJobs()
})
function openSession(name) {
  api.session = name
  state.selected = null
  state.journal = []
  connect()
}

for (const by of PRESETS)
  $('presets').append(h('button', { type: 'button', onclick: () => advance(by) }, `+${by}`))
$('advance-form').addEventListener('submit', (e) => {
  e.preventDefault()
  if ($('advance-by').value.trim()) advance($('advance-by').value.trim())
})
$('reset').addEventListener(
  'click',
  guarded(async () => {
    await api.post('/reset')
    say(`Session ${api.session} reset.`)
  }),
)
$('scenario-form').addEventListener(
  'submit',
  guarded(async (e) => {
    e.preventDefault()
    const { active } = await api.put(`/scenarios/${encodeURIComponent(state.vendor)}`, {
      name: $('scenario').value,
    })
    state.scenarios[state.vendor].active = active
    say(`New ${state.vendor} jobs run the scenario ${active}.`)
  }),
)
$('session').addEventListener('change', () => openSession($('session').value))
$('session-form').addEventListener('submit', (e) => {
  e.preventDefault()
  const name = $('other-session').value.trim()
  if (name) openSession(name)
})
$('token-form').addEventListener('submit', (e) => {
  e.preventDefault()
  api.setToken($('token').value)
  connect()
})
$('only-violations').addEventListener('change', drawJournal)
// Links and the browser's back and forward buttons pick a vendor by the address's #fragment.
window.addEventListener('hashchange', () => {
  const name = decodeURIComponent(location.hash.slice(1))
  if (name !== state.vendor && state.machines[name]) pickVendor(name)
})
// A running clock (real or scaled) is shown moving; a manual one stands still.
setInterval(() => {
  if (state.clock && state.clock.mode !== 'manual') (drawClock(), drawJobs())
}, 1000)
connect()
