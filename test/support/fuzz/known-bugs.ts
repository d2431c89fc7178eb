import type { FuzzRequest } from './types.js'

// ---------------------------------------------------------------------------------------------
// Known bugs: inputs the fuzz found that jobfake mishandles and that are not fixed yet. The fuzz
// skips exactly the requests an entry matches (and nothing else; bench/fuzz.mjs sends them with
// --include-known), and test/pipeline/fuzz.test.ts keeps a `test.fails` reproduction of each, which
// starts failing once the bug is fixed: then remove the entry with its `.fails`. Empty for now: the
// two bugs known when the fuzz was written (Chroma `{"s3": {…}, "github": null}` answered 500, and
// `"github": 123` was stored and broke list_sources) were fixed by 7c8ece9 (specs/chroma.yaml).

export interface KnownBug {
  id: string
  title: string
  matches(request: FuzzRequest): boolean
}

export const KNOWN_BUGS: KnownBug[] = []

/** The known bug a request would trigger, if any. */
export const knownBugOf = (request: FuzzRequest): KnownBug | undefined =>
  KNOWN_BUGS.find((bug) => bug.matches(request))
