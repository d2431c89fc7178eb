/*
 * JSON-like data — plain objects, arrays and primitives — as machine contexts and records hold
 * it (state files write both as JSON): copied, checked and compared without structuredClone.
 */

const plain = (value: object) => {
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/** A copy of JSON-like data (the only kind a context holds: state files write it as JSON). */
export function copyData(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? copyOnce(value, copyData) : value
}

// One level of a copy, each object inside it copied by `inner`.
function copyOnce(value: object, inner: (value: unknown) => unknown): object {
  if (Array.isArray(value)) {
    const out = value.slice()
    for (let i = 0; i < out.length; i++)
      if (typeof out[i] === 'object' && out[i] !== null) out[i] = inner(out[i])
    return out
  }
  const out: Record<string, unknown> =
    Object.getPrototypeOf(value) === null ? Object.create(null) : {}
  for (const key of Object.keys(value)) {
    const copy = inner((value as Record<string, unknown>)[key])
    // An own "__proto__" is data, not the prototype.
    if (key === '__proto__')
      Object.defineProperty(out, key, {
        value: copy,
        enumerable: true,
        writable: true,
        configurable: true,
      })
    else out[key] = copy
  }
  return out
}

/** Whether `copyData` keeps everything of a value: plain objects, arrays and primitives only. */
export function isData(value: unknown): boolean {
  if (typeof value === 'function' || typeof value === 'symbol') return false
  if (typeof value !== 'object' || value === null) return true
  // Dense arrays with nothing but their elements: a copy keeps all of them.
  if (Array.isArray(value)) return Object.keys(value).length === value.length && value.every(isData)
  if (!plain(value)) return false
  return Object.getOwnPropertySymbols(value).length === 0 && Object.values(value).every(isData)
}

/**
 * Whether two data values are the same: equal primitives (Object.is), arrays of the same data,
 * plain objects with the same keys in the same order and the same data under each.
 *
 * @example
 * sameData({ a: [1] }, { a: [1] }) // true
 */
export function sameData(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    for (let i = 0; i < a.length; i++)
      if (!(i in a === i in b && sameData(a[i], b[i]))) return false
    return true
  }
  if (Array.isArray(b) || !plain(a) || !plain(b)) return false
  const keys = Object.keys(a)
  const others = Object.keys(b)
  if (keys.length !== others.length) return false
  const x = a as Record<string, unknown>
  const y = b as Record<string, unknown>
  return keys.every((key, i) => key === others[i] && sameData(x[key], y[key]))
}

// Objects made by shareData: deep-frozen, so that their identity stands for their contents.
const SHARED = new WeakSet<object>()

/** Whether a value is an object shareData made (or one inside it). */
export const isShared = (value: unknown): value is object =>
  typeof value === 'object' && value !== null && SHARED.has(value)

/**
 * Data that many jobs may hold at once: a deep-frozen copy (the value itself when it is shared
 * already), so that no job can change what another sees, and one comparison of identity answers
 * for everything inside it (see TransitionMemo).
 *
 * @example
 * const statuses = shareData(['completed', 'running']) // frozen; isShared(statuses) is true
 */
export function shareData(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || SHARED.has(value)) return value
  const copy = Object.freeze(copyOnce(value, shareData))
  SHARED.add(copy)
  return copy
}

/**
 * A shallow copy of a record that takes new properties at full speed: V8 adds one to a spread's
 * copy slowly (about 0.6 µs each, measured, and once optimised with a map of its own, which sends
 * every later reader of it down its slow path). ajv adds defaults to its copies of a request's
 * params, toResponse content-type and content-length to its copy of a reply's headers. A record
 * with an own "__proto__" is still spread: assigned, that key would set the prototype.
 *
 * @example
 * const query = copyRecord(parts.query) // ajv may add { limit: 100 } to it
 */
export function copyRecord<T extends object>(record: T): T {
  return Object.hasOwn(record, '__proto__') ? { ...record } : Object.assign({}, record)
}
