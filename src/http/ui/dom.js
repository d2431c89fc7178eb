// Small DOM helpers for the UI: no framework, no build step.

/**
 * Makes an element: `h('button', { class: 'x', onclick }, 'text', child)`. Attributes starting
 * with "on" become listeners; `null`, `undefined` and `false` children are left out.
 *
 * @example
 * document.body.append(h('p', { class: 'note' }, 'Hello'))
 */
export function h(tag, attrs = {}, ...children) {
  const svg = ['svg', 'g', 'rect', 'path', 'text', 'title', 'defs', 'marker', 'tspan'].includes(tag)
  const el = svg
    ? document.createElementNS('http://www.w3.org/2000/svg', tag)
    : document.createElement(tag)
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value)
    else el.setAttribute(name, value === true ? '' : String(value))
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue
    el.append(child instanceof Node ? child : String(child))
  }
  return el
}

/**
 * Replaces a container's content, keeping keyboard focus on the element with the same
 * `data-key` if there was one: live updates must not throw a keyboard user out of the page.
 *
 * @example
 * replace(list, rows)
 */
export function replace(container, ...children) {
  const key = container.contains(document.activeElement)
    ? document.activeElement?.getAttribute('data-key')
    : null
  container.replaceChildren(...children.flat(Infinity).filter(Boolean))
  if (key) container.querySelector(`[data-key="${CSS.escape(key)}"]`)?.focus()
}

/** "00:02:05.000" of an ISO time or epoch ms (UTC, as the clock speaks). */
export const timeOf = (at) => new Date(at).toISOString().slice(11, 23)

/** "2026-01-01 00:02:05" of an ISO time or epoch ms. */
export const dateTimeOf = (at) => new Date(at).toISOString().slice(0, 19).replace('T', ' ')

/** "1h 2m 5s", "250ms": a span for people. */
export function spanOf(ms) {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`
  const s = Math.round(ms / 1000)
  const parts = [
    [Math.floor(s / 86400), 'd'],
    [Math.floor(s / 3600) % 24, 'h'],
    [Math.floor(s / 60) % 60, 'm'],
    [s % 60, 's'],
  ]
  return parts
    .filter(([n]) => n > 0)
    .map(([n, unit]) => `${n}${unit}`)
    .join(' ')
}

/** The colour family of a state name, for badges and timelines. */
export function toneOf(state) {
  const s = String(state).toLowerCase()
  if (/fail|error/.test(s)) return 'bad'
  if (/cancel/.test(s)) return 'warn'
  if (/complete|succeed|done/.test(s)) return 'good'
  if (/run|process|sync/.test(s)) return 'busy'
  return 'idle'
}
