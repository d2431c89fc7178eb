import { fileURLToPath } from 'node:url'

/**
 * Where jobfake's files are, in one place: built, this module is `dist/paths.js` (or part of the
 * one-file bundle `dist/jobfake.mjs`, which sits beside it), so every path below is the same
 * whether or not the code is bundled. Run from source (the tests), `HOME` is `src/`.
 */
export const HOME = new URL('./', import.meta.url)
const here = (path: string) => new URL(path, HOME)

/** The package root: package.json, specs/, scenarios/. */
export const PACKAGE_ROOT = here('../')
export const PACKAGE_JSON = here('../package.json')
export const DEFAULT_SPECS_DIR = fileURLToPath(here('../specs/'))
export const DEFAULT_SCENARIOS_DIR = fileURLToPath(here('../scenarios/'))
// Run from source, the build's caches in dist/ serve: each is found by the content hash of what it
// was made from (a spec, the scenarios), so a stale dist/ is a miss, never a wrong answer.
const BUILT = import.meta.url.endsWith('.ts') ? new URL('../dist/', HOME) : HOME
const built = (path: string) => new URL(path, BUILT)
/** What the build records (scripts/spec-hashes.mjs), beside the code. */
export const HASHES_FILE = built('spec-hashes.json')
export const SPEC_CACHE = built('spec-cache/')
export const PRECOMPILED_DIR = built('validators/')
/** The build's stamp on the code that shapes validators (scripts/spec-hashes.mjs). */
export const VALIDATOR_STAMP = built('validator-stamp.txt')
export const SCENARIO_CACHE = built('scenario-cache.json')
// The UI's own files: src/http/ui/ from source; the build copies them to dist/http/ui/.
export const UI_DIR = here('http/ui/')
// The prism worker is always the built one: run from source, it is taken from dist/.
export const MOCK_WORKER = import.meta.url.endsWith('.ts')
  ? here('../dist/mock/worker.js')
  : here('mock/worker.js')
