import { createFake, type FakeOptions } from '../../../src/index.js'
import { sendInProcess } from './play.js'
import type { FuzzIo, FuzzRequest } from './types.js'

/** An in-process fake (manual clock) and the way a run reaches it. */
export async function fuzzedFake(options: FakeOptions) {
  const fake = await createFake(options)
  const fixtures = await (await fake.request('/__admin/fixtures')).json()
  const scenarios = (await (await fake.request('/__admin/scenarios')).json()) as Record<
    string,
    { available: { name: string }[] }
  >
  // The fake's own verdict: the journal entry of each request, whose `in: 'response'` violations
  // are what `fake.violations()` would list (a malformed session header is journaled nowhere),
  // and its deviation from a served vendor document, if it knowingly made one.
  let seen = 0
  const io: FuzzIo = {
    reset() {
      fake.reset()
      seen = 0
    },
    advance: (ms) => void fake.clock.advance(ms),
    async send(request: FuzzRequest) {
      const answer = await sendInProcess(fake, request)
      const entry = fake.journal().at(-1)
      if (entry && entry.seq > seen) {
        seen = entry.seq
        answer.journal = entry.violations.filter((v) => v.in === 'response')
        if (entry.deviation) answer.deviation = entry.deviation
      }
      return answer
    },
  }
  const names = (vendor: string) => scenarios[vendor]?.available.map((s) => s.name) ?? []
  return { fake, fixtures, io, names }
}
