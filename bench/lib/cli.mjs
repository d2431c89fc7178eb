// Command lines of bench scripts: node:util's parseArgs, numbers checked against their range, a
// usage line for --help and for any mistake.
import { parseArgs } from 'node:util'

/** Prints `[name] message` to stderr and exits 1. */
export function die(name, message) {
  console.error(`[${name}] ${message}`)
  process.exit(1)
}

/**
 * Reads the command line. `spec`: { option: { type?: 'string' | 'boolean', default?, number?:
 * { min, max, integer = true } } }; a number option answers a number (undefined when not given
 * and without a default). --help prints `usage` and exits 0; an unknown option or a number out of
 * range prints the problem (and the usage) and exits 1.
 */
export function options(name, spec, usage) {
  const parsed = {}
  for (const [key, s] of Object.entries(spec)) {
    parsed[key] = { type: s.type ?? 'string' }
    if (s.default !== undefined) parsed[key].default = s.default
  }
  parsed.help = { type: 'boolean', default: false }
  let values
  try {
    ;({ values } = parseArgs({ options: parsed }))
  } catch (error) {
    die(name, `${error.message}\nusage: ${usage}`)
  }
  if (values.help) {
    console.log(usage)
    process.exit(0)
  }
  for (const [key, s] of Object.entries(spec)) {
    if (!s.number || values[key] === undefined) continue
    const { min = -Infinity, max = Infinity, integer = true } = s.number
    const n = Number(values[key])
    if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min || n > max) {
      const range = `${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}`
      die(
        name,
        `--${key} must be a ${integer ? 'whole ' : ''}number from ${range} (got "${values[key]}").`,
      )
    }
    values[key] = n
  }
  return values
}

/** A comma list (trimmed, no empty items), or undefined. */
export const list = (text) =>
  text
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean)
