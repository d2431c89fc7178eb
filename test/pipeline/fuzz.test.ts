// The spec-driven fuzz (issue 16): for every vendor, runs of requests to every operation of its
// spec, built by test/support/fuzz.ts (fast-check runs, json-schema-faker values from the
// operation's schemas, deliberate mistakes over them), sent in-process to `createFake({ seed })`
// with the manual clock moved between requests now and then. Every answer must come (nothing
// thrown), be below 500, carry an error body in the vendor's shape and match the spec: checked
// against the spec's validators, as test/support/conformance.ts does, and in the fake's journal.
// Seeded and bounded (50 runs a vendor, a few seconds); bench/fuzz.mjs runs the same for minutes
// against a server process. A bug the fuzz finds is fixed, or listed in KNOWN_BUGS
// (test/support/fuzz.ts) with a `test.fails` reproduction here until it is.
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { DEFAULT_SPECS_DIR } from '../../src/index.js'
import { compileSpec } from '../../src/spec/compile.js'
import { vendors } from '../../src/vendors/index.js'
import {
  createFuzzer,
  describeExchange,
  describeHistory,
  play,
  fuzzedFake,
  type FuzzTarget,
} from '../support/fuzz.js'

// Fixed, so that every `npm test` plays the same runs; fast-check prints it with any failure.
const SEED = 20_260_101
const RUNS = 50

const targets: FuzzTarget[] = await Promise.all(
  vendors.map(async (v) => ({
    name: v.name,
    mount: v.mount,
    compiled: await compileSpec(join(DEFAULT_SPECS_DIR, v.spec)),
  })),
)

const inProcess = () => fuzzedFake({ seed: 7 })

async function fuzzerFor(target: FuzzTarget) {
  const { fake, fixtures, io, names } = await inProcess()
  return { fake, io, fuzzer: createFuzzer(target, fixtures, { scenarios: names(target.name) }) }
}

describe('spec-driven fuzz (fast-check runs, json-schema-faker values)', () => {
  for (const target of targets) {
    test(`${target.name}: every operation, sampled and broken, answers within its spec`, async () => {
      const { io, fuzzer } = await fuzzerFor(target)
      const exercised = new Set<string | null>()
      await fc.assert(
        fc.asyncProperty(fuzzer.run, async (steps) => {
          const result = await play(fuzzer, steps, io)
          for (const e of result.exchanges) exercised.add(e.request.operation)
          const [failure] = result.failures
          if (failure)
            throw new Error(
              `\n${describeExchange(failure)}\n  the run:\n${describeHistory(result, failure)}`,
            )
        }),
        // A vendor with many operations gets more runs, so that each is reached.
        { seed: SEED, numRuns: Math.max(RUNS, 2 * fuzzer.operations.length) },
      )
      expect(fuzzer.operations.filter((id) => !exercised.has(id))).toEqual([])
    })
  }

  test('a run replays byte for byte: same seed, same requests, same answers', async () => {
    // Two fakes, each playing the same run of every vendor after its own reset.
    const fakes = [await inProcess(), await inProcess()]
    for (const target of targets) {
      const fuzzers = fakes.map((f) =>
        createFuzzer(target, f.fixtures, { scenarios: f.names(target.name) }),
      )
      const [steps] = fc.sample(
        fuzzers[0]!.run.filter((s) => s.length >= 8),
        { seed: SEED, numRuns: 1 },
      )
      const plays = []
      for (const [i, f] of fakes.entries())
        plays.push((await play(fuzzers[i]!, steps!, f.io, { keepGoing: true })).exchanges)
      expect(plays[1]).toEqual(plays[0])
      expect(plays[0]!.length).toBeGreaterThanOrEqual(6)
    }
  })
})
