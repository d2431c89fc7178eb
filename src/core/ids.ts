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
  return new Ids(seed, salt, resume)
}

// A class, not a closure per method: every session holds one.
class Ids implements IdGenerator {
  private a: number
  private b: number
  private c = 0x9e3779b9
  private d = 1
  /** Bound: it is handed around on its own (`session.ids.random`). */
  readonly random = (): number => this.next()

  constructor(seed: number, salt: string, resume?: number[]) {
    this.a = seed >>> 0
    this.b = hash(salt)
    if (resume) [this.a, this.b, this.c, this.d] = resume as [number, number, number, number]
    else for (let i = 0; i < 12; i++) this.next()
  }

  state(): number[] {
    return [this.a >>> 0, this.b >>> 0, this.c >>> 0, this.d >>> 0]
  }

  uuid(): string {
    const variant = (8 + Math.floor(this.next() * 4)).toString(16)
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${variant}${this.hex(3)}-${this.hex(6)}${this.hex(6)}`
  }

  token(length: number): string {
    let out = ''
    while (out.length < length) out += Math.floor(this.next() * 36).toString(36)
    return out
  }

  private next(): number {
    let { a, b, c, d } = this
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
    this.a = a
    this.b = b
    this.c = c
    this.d = d
    return (t >>> 0) / 4294967296
  }

  private hex(n: number) {
    return Math.floor(this.next() * 16 ** n)
      .toString(16)
      .padStart(n, '0')
  }
}
