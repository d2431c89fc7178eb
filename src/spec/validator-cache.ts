import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Ajv2020, ValidateFunction } from 'ajv/dist/2020.js'
import { idle } from '../core/clock.js'
import { VALIDATOR_STAMP } from '../paths.js'
import { writeAtomicSync } from '../store/atomic.js'
import type { SpecDocument } from './load.js'
import { loadGenerated } from './precompiled.js'
import { cacheDir } from './remembered.js'
import { standaloneCode } from './standalone.js'

/**
 * Validators compiled at run time, kept as code for the next run: `load` answers what a previous
 * run saved under the key, `save` writes one out when the process is idle.
 */
export interface ValidatorCache {
  load(key: string): ValidateFunction | undefined
  save(key: string, ajv: Ajv2020, validate: ValidateFunction): void
}

// The build stamps the code that turns schemas into validators (its text, ajv's version): code
// another build wrote is never loaded. No stamp (no build): nothing is cached.
let stamp: string | null | undefined
function stampOf(): string | null {
  if (stamp !== undefined) return stamp
  try {
    const text = readFileSync(fileURLToPath(VALIDATOR_STAMP), 'utf8').trim()
    stamp = /^[0-9a-f]{16,64}$/.test(text) ? text : null
  } catch {
    stamp = null
  }
  return stamp
}

const pruned = new Set<string>()
// Another build's validators can never load again: the first save of a run drops them.
function prune(root: string, keep: string) {
  if (pruned.has(join(root, keep))) return
  pruned.add(join(root, keep))
  for (const name of readdirSync(root))
    if (name !== keep) rmSync(join(root, name), { recursive: true, force: true })
}

/**
 * The cache of one document's validators (by content hash; `variant` tells apart what jobfake
 * makes of the same text, as --lenient does): `<cache dir>/validators/<build>/<hash>-<variant>/`
 * (`root` and `build` are the cache dir's `validators/` and the build's stamp unless told),
 * one CommonJS file per validator, from ajv's standalone generator. A vendor's own document is
 * compiled on first use, one operation at a time (Akua's take ~35 ms each, the first answer of a
 * start ~70 ms), and its content does not change between runs. Best effort: a file that is
 * missing, unreadable or broken is compiled again; a write that fails is only lost time.
 */
export function validatorCache(
  spec: SpecDocument,
  variant: string,
  { root = join(cacheDir(), 'validators'), build = stampOf() } = {},
): ValidatorCache | undefined {
  if (build === null) return undefined
  const dir = join(root, build, `${spec.hash}-${variant}`)
  const fileOf = (key: string) =>
    join(dir, `${createHash('sha256').update(key).digest('hex').slice(0, 32)}.cjs`)
  return {
    load(key) {
      try {
        const exported = loadGenerated(fileOf(key))
        return typeof exported === 'function' ? (exported as ValidateFunction) : undefined
      } catch {
        return undefined
      }
    },
    save(key, ajv, validate) {
      idle(() => {
        try {
          mkdirSync(dir, { recursive: true })
          prune(root, build)
          writeAtomicSync(fileOf(key), standaloneCode(ajv, validate))
        } catch {
          // Not kept: the next run compiles it again.
        }
      })
    },
  }
}
