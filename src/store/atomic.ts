import { createRequire } from 'node:module'
import type WriteFileAtomic from 'write-file-atomic'

let loaded: typeof WriteFileAtomic | undefined

/**
 * `write-file-atomic`'s sync write (a temporary file renamed over the target), loaded on the first
 * write: every start would otherwise load it (~7 ms), and most never write a file.
 */
export function writeAtomicSync(
  file: string,
  text: string,
  options?: WriteFileAtomic.Options,
): void {
  loaded ??= createRequire(import.meta.url)('write-file-atomic') as typeof WriteFileAtomic
  loaded.sync(file, text, options)
}
