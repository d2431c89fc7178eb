import { mkdirSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { writeAtomicSync } from '../store/atomic.js'

/** What jobfake learnt of a document it checked in full, which holds for its content forever. */
export interface Remembered {
  /** How many of its `$ref`s point nowhere (served with --lenient only). */
  dangling: number
}

/**
 * Where documents checked once are remembered: `JOBFAKE_CACHE_DIR`, else `$XDG_CACHE_HOME/jobfake`,
 * else `~/.cache/jobfake`. Meta-validating a vendor's own document and checking its schemas cost
 * 0.3–1 s each (Akua's 1.6 MB, Airweave's), and a file with the same content needs neither again.
 */
export const cacheDir = () =>
  process.env.JOBFAKE_CACHE_DIR ??
  join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'jobfake')

const fileOf = (hash: string) => join(cacheDir(), 'checked', `${hash}.json`)

/** What a previous run learnt of this exact document (by content hash), if it checked it. */
export function remembered(hash: string): Remembered | undefined {
  try {
    const found = JSON.parse(readFileSync(fileOf(hash), 'utf8')) as Partial<Remembered>
    return typeof found.dangling === 'number' ? { dangling: found.dangling } : undefined
  } catch {
    return undefined
  }
}

/**
 * Remembers that a document passed every check. Best effort: a read-only or missing home only
 * means the next start checks again. Written atomically, so a reader never sees half a file.
 */
export function remember(hash: string, what: Remembered): void {
  try {
    mkdirSync(join(cacheDir(), 'checked'), { recursive: true })
    writeAtomicSync(fileOf(hash), JSON.stringify(what))
  } catch {
    // Nothing to do: checking again is only slower.
  }
}
