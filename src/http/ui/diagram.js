// A machine's state diagram as SVG, from GET /__admin/machines: top-level states in columns
// (by distance from the initial state, final states last), one arrow per pair of states.
import { h } from './dom.js'

const W = 132
const H = 40
const GAP_X = 150
const GAP_Y = 36
const LINE = 12
const PAD = 30

const top = (path) => (path === null ? null : path.split('.')[0])
const labelOf = (t) => (t.event ? t.event : `after ${t.after}`)

/** Columns and rows of the top-level states. */
function layout(diagram) {
  const names = diagram.states.map((s) => s.name)
  const final = new Set(diagram.states.filter((s) => s.final).map((s) => s.name))
  const depth = new Map([[diagram.initial, 0]])
  for (const queue = [diagram.initial]; queue.length > 0;) {
    const from = queue.shift()
    for (const t of diagram.transitions) {
      const to = top(t.to)
      if (top(t.from) !== from || to === null || depth.has(to)) continue
      depth.set(to, depth.get(from) + 1)
      queue.push(to)
    }
  }
  const last = Math.max(0, ...names.filter((n) => !final.has(n)).map((n) => depth.get(n) ?? 0))
  const columns = []
  for (const name of names) {
    const col = final.has(name) ? last + 1 : (depth.get(name) ?? 0)
    ;(columns[col] ??= []).push(name)
  }
  const at = new Map()
  const tallest = Math.max(...columns.filter(Boolean).map((c) => c.length))
  columns.forEach((column = [], col) => {
    const offset = ((tallest - column.length) * (H + GAP_Y)) / 2
    column.forEach((name, row) => {
      at.set(name, { x: PAD + col * (W + GAP_X), y: PAD + offset + row * (H + GAP_Y) })
    })
  })
  return {
    at,
    width: PAD * 2 + columns.length * (W + GAP_X) - GAP_X,
    height: PAD * 2 + tallest * (H + GAP_Y) - GAP_Y,
  }
}

/** The arrows, merged per pair of top-level states: "cancel / cleanup.cancel". */
function arrows(diagram) {
  const merged = new Map()
  for (const t of diagram.transitions) {
    const from = top(t.from)
    const to = top(t.to) ?? from
    const key = `${from}→${to}`
    const arrow = merged.get(key) ?? { from, to, labels: new Set(), notes: [] }
    arrow.labels.add(labelOf(t))
    arrow.notes.push(
      `${t.from} → ${t.to ?? '(stays)'} on ${labelOf(t)}${t.guard ? ` if ${t.guard}` : ''}`,
    )
    merged.set(key, arrow)
  }
  return [...merged.values()]
}

/** A point of the cubic Bézier p0 → p3 at t: where an arrow's label goes. */
const bezier = (t, p0, p1, p2, p3) =>
  (1 - t) ** 3 * p0 + 3 * (1 - t) ** 2 * t * p1 + 3 * (1 - t) * t ** 2 * p2 + t ** 3 * p3

/** The path of an arrow from box a to box b, and where its label goes. */
function pathOf(a, b, boxes) {
  if (a === b) {
    const x = a.x + W / 2
    const d = `M${x - 22},${a.y} C${x - 40},${a.y - 34} ${x + 40},${a.y - 34} ${x + 22},${a.y}`
    return { d, lx: x, ly: a.y - 30, above: true }
  }
  const [x1, y1, x2, y2] = [a.x + W, a.y + H / 2, b.x, b.y + H / 2]
  const between = boxes.filter((box) => box.x > a.x && box.x < b.x)
  if (b.x > a.x && between.length > 0) {
    // Over more than one column: along a lane under the boxes it passes, not through them.
    const lane = Math.max(y1, y2, ...between.map((box) => box.y + H)) + 14
    const d = `M${x1},${y1} C${x1 + 45},${y1} ${x1 + 45},${lane} ${x1 + 90},${lane} L${x2 - 90},${lane} C${x2 - 45},${lane} ${x2 - 45},${y2} ${x2},${y2}`
    return { d, lx: (x1 + x2) / 2, ly: lane + LINE + 1, above: false, low: lane + LINE * 2 }
  }
  if (b.x > a.x) {
    const mx = (x1 + x2) / 2
    const d = `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}`
    return { d, lx: bezier(0.5, x1, mx, mx, x2), ly: bezier(0.5, y1, y1, y2, y2) - 5, above: true }
  }
  const down = b.y > a.y
  // Next in the same column: straight down (or up).
  if (a.x === b.x && Math.abs(b.y - a.y) <= H + GAP_Y) {
    const x = a.x + W / 2
    const [ya, yb] = down ? [a.y + H, b.y] : [a.y, b.y + H]
    return { d: `M${x},${ya} L${x},${yb}`, lx: x + 8, ly: (ya + yb) / 2 + 4, anchor: 'start' }
  }
  // Further away, or backwards: a bracket out to the right of both boxes.
  const [xa, xb] = [a.x + W, b.x + W]
  const bulge = Math.max(xa, xb) + 40
  return {
    d: `M${xa},${y1} C${bulge},${y1} ${bulge},${y2} ${xb},${y2}`,
    lx: bulge - 8,
    ly: (y1 + y2) / 2,
    anchor: 'start',
  }
}

/** A label of one or more lines; lines stack upwards from `y` when it sits above its arrow. */
function label(lines, x, y, anchor, above) {
  const first = above ? -(lines.length - 1) * LINE : 0
  return h(
    'text',
    { x, y, 'text-anchor': anchor },
    lines.map((line, i) => h('tspan', { x, dy: i === 0 ? first : LINE }, line)),
  )
}

/**
 * Draws a diagram; `current` is the job's state (marked), `visited` the states it went through.
 *
 * @example
 * panel.append(drawDiagram(machines.airweave['sync-job'], 'running', ['pending']))
 */
export function drawDiagram(diagram, current, visited = [], title = diagram.id) {
  const { at, width, height: boxesHeight } = layout(diagram)
  const boxes = [...at.values()]
  const drawn = arrows(diagram).map((arrow) => ({
    arrow,
    ...pathOf(at.get(arrow.from), at.get(arrow.to), boxes),
  }))
  const height = Math.max(boxesHeight, ...drawn.map((a) => (a.low ?? 0) + 8))
  const seen = new Set(visited)
  const marker = `arrow-${diagram.id.replace(/\W/g, '-')}`
  const svg = h('svg', {
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    role: 'img',
    'aria-label': `State diagram of ${title}${current ? `; the job is ${current}` : ''}`,
    class: 'diagram',
  })
  svg.append(
    h(
      'defs',
      {},
      h(
        'marker',
        {
          id: marker,
          viewBox: '0 0 10 10',
          refX: 9,
          refY: 5,
          markerWidth: 7,
          markerHeight: 7,
          orient: 'auto-start-reverse',
        },
        h('path', { d: 'M0,0 L10,5 L0,10 z' }),
      ),
    ),
  )
  for (const { arrow, d, lx, ly, anchor = 'middle', above = false } of drawn) {
    svg.append(
      h(
        'g',
        { class: 'arrow' },
        h('title', {}, arrow.notes.join('\n')),
        h('path', { d, 'marker-end': `url(#${marker})` }),
        label([...arrow.labels], lx, ly, anchor, above),
      ),
    )
  }
  for (const state of diagram.states) {
    const { x, y } = at.get(state.name)
    const classes = [
      'state',
      state.final && 'final',
      seen.has(state.name) && 'visited',
      state.name === current && 'current',
    ]
    const children = state.children.map((c) => c.name).join(' · ')
    svg.append(
      h(
        'g',
        { class: classes.filter(Boolean).join(' '), 'data-state': state.name },
        h('rect', { x, y, width: W, height: H, rx: state.final ? 4 : 12 }),
        h(
          'text',
          { x: x + W / 2, y: y + (children ? 17 : 25), 'text-anchor': 'middle' },
          state.name,
        ),
        children &&
          h('text', { x: x + W / 2, y: y + 32, 'text-anchor': 'middle', class: 'sub' }, children),
      ),
    )
  }
  return svg
}
