// Spec-driven fuzzing, shared by test/pipeline/fuzz.test.ts (in-process, seeded, a few seconds)
// and bench/fuzz.mjs (a real server process, for minutes; it loads this very file, transpiled by
// the project's TypeScript, so the two never drift apart).
//
// fast-check drives everything (seed, runs, shrinking); every value that follows a schema comes
// from json-schema-faker sampling the operation's own schemas (from `compileSpec(file).operations`,
// normalized the way the validators see them), seeded by an integer fast-check draws. On top of
// the samples, fast-check mixes in deliberately wrong values: wrong types, missing and extra
// properties, malformed JSON, unknown ids, wrong methods and paths, missing and wrong credentials.
//
// Only type imports from src/ and one runtime import (normalizeSchema), which the bench maps to
// dist/.
//
// The code is in test/support/fuzz/, by concern (bench/fuzz.mjs transpiles those files too); this
// index exports what the test and the bench use.
export { errorShapeProblem } from './fuzz/checks.js'
export { createFuzzer } from './fuzz/fuzzer.js'
export { KNOWN_BUGS, knownBugOf, type KnownBug } from './fuzz/known-bugs.js'
export { describeExchange, describeHistory, noAnswer, play, sendInProcess } from './fuzz/play.js'
export { fuzzedFake } from './fuzz/in-process.js'
export type {
  Exchange,
  Fault,
  FuzzAnswer,
  Fuzzer,
  FuzzerOptions,
  FuzzIo,
  FuzzRequest,
  FuzzTarget,
  RequestPlan,
  RunResult,
  RunState,
  Step,
  UnroutedPlan,
} from './fuzz/types.js'
