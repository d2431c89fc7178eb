/** A seeded source of ids: the same seed and the same calls give the same ids. */
export interface IdGenerator {
  uuid(): string
  /** A short base-36 token, e.g. for `op_…` ids. */
  token(length: number): string
  /** A float in [0, 1), for ranged latencies and jitter. */
  random(): number
  /**
   * The generator's state, for a session written out; `createIds(seed, salt, state)` resumes it.
   */
  state(): number[]
}

// FNV-1a, so that a session's name can be folded into the seed.
function hash(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return h >>> 0
}

/**
 * Creates a generator (sfc32) from a seed and a salt such as the session name, so sessions
 * draw different ids while each stays reproducible.
 *
 * @example
 * createIds(42, 'default').uuid() // the same value on every run
 */
export function createIds(seed: number, salt = '', resume?: number[]): IdGenerator {
  let a = seed >>> 0
  let b = hash(salt)
  let c = 0x9e3779b9
  let d = 1
  const next = () => {
    a >>>= 0
    b >>>= 0
    c >>>= 0
    d >>>= 0
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return (t >>> 0) / 4294967296
  }
  if (resume) [a, b, c, d] = resume as [number, number, number, number]
  else for (let i = 0; i < 12; i++) next()
  const hex = (n: number) =>
    Math.floor(next() * 16 ** n)
      .toString(16)
      .padStart(n, '0')
  return {
    random: next,
    state: () => [a >>> 0, b >>> 0, c >>> 0, d >>> 0],
    uuid() {
      const variant = (8 + Math.floor(next() * 4)).toString(16)
      return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(6)}${hex(6)}`
    },
    token(length) {
      let out = ''
      while (out.length < length) out += Math.floor(next() * 36).toString(36)
      return out
    },
  }
}
