// Figures and tables of bench scripts, and their results files (bench/results/*.json, which git
// ignores).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** The median of the finite values (NaN when there is none). */
export function median(xs) {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b)
  if (s.length === 0) return NaN
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
export const int = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a')
export const fixed = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a')
/** With its sign: +1.20, -0.30. */
export const signed = (n, d = 1) =>
  Number.isFinite(n) ? `${n >= 0 ? '+' : ''}${n.toFixed(d)}` : 'n/a'
export const times = (n, d = 2) => (Number.isFinite(n) ? `${n.toFixed(d)}×` : 'n/a')

/**
 * A plain-text table: columns two spaces apart, a dashed line under the header. `left`: how many
 * columns (from the first) are text, padded on the right; or a function of the column's index.
 * `widths`: fixed widths (rows printed one by one then line up), else from the cells.
 */
export function textTable(head, rows, { left = 1, widths, header = true, trim = false } = {}) {
  const isLeft = typeof left === 'function' ? left : (i) => i < left
  const w =
    widths ??
    head.map((h, i) => Math.max(String(h).length, ...rows.map((r) => String(r[i]).length)))
  const line = (cells) => {
    const text = cells
      .map((c, i) => (isLeft(i) ? String(c).padEnd(w[i]) : String(c).padStart(w[i])))
      .join('  ')
    return trim ? text.trimEnd() : text
  }
  const top = header ? [line(head), w.map((n) => '-'.repeat(n)).join('  ')] : []
  return [...top, ...rows.map(line)].join('\n')
}

/** The same as a GitHub-flavoured markdown table (numbers right-aligned). */
export function markdownTable(head, rows, { left = 1 } = {}) {
  const isLeft = typeof left === 'function' ? left : (i) => i < left
  const esc = (c) => String(c).replace(/\|/g, '\\|')
  return [
    `| ${head.map(esc).join(' | ')} |`,
    `|${head.map((_, i) => (isLeft(i) ? '---' : '---:')).join('|')}|`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n')
}

/** Writes bench/results/<name>.json under root (and the folder's .gitignore); answers the path. */
export function writeResults(root, name, data) {
  const dir = join(root, 'bench', 'results')
  mkdirSync(dir, { recursive: true })
  if (!existsSync(join(dir, '.gitignore'))) writeFileSync(join(dir, '.gitignore'), '*.json\n')
  const file = join(dir, `${name}.json`)
  writeFileSync(file, JSON.stringify(data, null, 2) + '\n')
  return file
}

/** bench/results/<name>.json of a results folder, parsed; undefined when missing or unreadable. */
export function readResults(dir, name) {
  try {
    return JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8'))
  } catch {
    return undefined
  }
}

/** Least squares over points {x, y}: y = intercept + slope · x. */
export function fit(points) {
  const n = points.length
  const mx = points.reduce((s, p) => s + p.x, 0) / n
  const my = points.reduce((s, p) => s + p.y, 0) / n
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0)
  const sxy = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0)
  const slope = sxx === 0 ? 0 : sxy / sxx
  return { slope, intercept: my - slope * mx }
}
