// The vendors' own OpenAPI documents served (issue 11): `createFake({ vendorDocs })` with each of
// the four documents from ../shared/reference/vendors/. The spec-driven fuzz of fuzz.test.ts
// plays runs over every operation of each document — modelled ones bound by method and path,
// the rest answered by prism — and holds every answer to that document: below 500, in the
// vendor's error shape, valid against the document unless the fake journaled it as one of the
// vendor's documented deviations.
import fc from 'fast-check'
import { afterAll, describe, expect, test } from 'vitest'
import { stopMocks } from '../../src/mock/prism.js'
import { vendors } from '../../src/vendors/index.js'
import {
  createFuzzer,
  describeExchange,
  describeHistory,
  fuzzedFake,
  play,
  type Step,
} from '../support/fuzz.js'
import { unsatisfiable, vendorDoc, vendorDocPath } from '../support/vendor-doc.js'

const SEED = 20_261_201
const vendorDocs = Object.fromEntries(vendors.map((v) => [v.name, vendorDocPath(v.name)]))
const targets = await Promise.all(
  vendors.map(async (v) => ({ name: v.name, mount: v.mount, compiled: await vendorDoc(v.name) })),
)

afterAll(() => stopMocks())

describe("served from the vendors' own documents", () => {
  for (const target of targets) {
    test(`${target.name}: every operation of its document answers within it`, async () => {
      const { fake, fixtures, io, names } = await fuzzedFake({ seed: 7, lenient: true, vendorDocs })
      // What the document itself makes impossible is excused, and only that, by name.
      const impossible = unsatisfiable(target.compiled)
      const send = io.send
      io.send = async (request) => {
        const answer = await send(request)
        const reason = impossible.get(`${request.operation} ${answer.status}`)
        if (reason) {
          answer.deviation = `the document cannot be satisfied: ${reason}`
          answer.journal = []
        }
        return answer
      }
      // A malformed X-Jobfake-Session is jobfake's own 400, which no vendor document declares: the
      // fuzz of the project's specs (fuzz.test.ts) sends those.
      const fuzzer = createFuzzer(target, fixtures, {
        scenarios: names(target.name),
        badSessions: false,
        closers: 3,
        maxSteps: 4,
      })
      const exercised = new Set<string | null>()
      const mocked = new Set<string>()
      const check = async (steps: Step[]) => {
        const result = await play(fuzzer, steps, io)
        for (const e of result.exchanges) exercised.add(e.request.operation)
        for (const e of fake.journal()) if (e.mocked && e.operation) mocked.add(e.operation)
        const [failure] = result.failures
        if (failure)
          throw new Error(
            `\n${describeExchange(failure)}\n  the run:\n${describeHistory(result, failure)}`,
          )
      }
      await fc.assert(fc.asyncProperty(fuzzer.run, check), { seed: SEED, numRuns: 50 })
      // Then every operation the runs missed, each in a run of its own (still seeded).
      for (const [index, id] of fuzzer.operations.entries()) {
        if (exercised.has(id)) continue
        const [steps] = fc.sample(fuzzer.reaching(index), { seed: SEED + index, numRuns: 1 })
        await check(steps!)
      }
      expect(fuzzer.operations.filter((id) => !exercised.has(id))).toEqual([])
      console.log(
        `${target.name}: ${fuzzer.operations.length} operations, ${mocked.size} answered by prism; the document cannot be satisfied at ${[...impossible.keys()].join(', ') || 'no answer'}`,
      )
    }, 300_000)
  }
})
