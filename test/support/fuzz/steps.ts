// A vendor's runs: openers, steps (requests, unrouted paths, clock advances) and closers.
import fc from 'fast-check'
import type { Operation } from '../../../src/spec/operations.js'
import type { FuzzerContext } from './fuzzer.js'
import { lookup } from './knowledge.js'
import { METHODS } from './samples.js'
import type { RequestPlan, Step, UnroutedPlan } from './types.js'

export function runOf(
  fuzz: FuzzerContext,
  requestPlan: (op: Operation, index: number) => fc.Arbitrary<RequestPlan>,
) {
  const { operations, knowledge, maxSteps, closers: closeWith } = fuzz

  const unrouted: fc.Arbitrary<UnroutedPlan> = fc.record({
    kind: fc.constant('unrouted' as const),
    method: fc.constantFrom(...METHODS),
    path: fc.oneof(
      fc.constantFrom('', '/', '//', '/nope', '/%', '/%zz', '/..%2f..%2f', '/api', '/v1'),
      fc.constantFrom(...operations.map((op) => `${op.path.replace(/\{[^}]+\}/g, 'x')}/extra`)),
      fc.string({ maxLength: 12 }).map((s) => `/${encodeURIComponent(s)}`),
    ),
    credential: fc.nat(knowledge.credentials.length - 1),
  })
  const advance = fc.record({
    kind: fc.constant('advance' as const),
    ms: fc.oneof(
      fc.constantFrom(1_000, 3_000, 5_000, 30_000, 60_000, 150_000, 180_000, 900_000, 3_600_000),
      fc.integer({ min: 1, max: 600_000 }),
    ),
  })
  const step: fc.Arbitrary<Step> = fc.oneof(
    {
      weight: 12,
      // Operations that take a body have more to get wrong: they come up three times as often.
      arbitrary: fc.oneof(
        ...operations.map((op, i) => ({ weight: op.body ? 3 : 1, arbitrary: requestPlan(op, i) })),
      ),
    },
    { weight: 2, arbitrary: advance },
    { weight: 1, arbitrary: unrouted },
  )
  // A run opens with one to three well-formed writes whose path the fixtures fill (creates,
  // starts), so that the steps after them find jobs and ids to work on.
  const openers = operations
    .map((op, i) => [op, i] as const)
    .filter(
      ([op]) =>
        op.method !== 'GET' &&
        op.parameters.every((p) => p.in !== 'path' || lookup(knowledge.known, op, p.name)),
    )
    .map(([op, i]) => requestPlan(op, i).map((plan): Step => ({ ...plan, faults: [] })))
  // It closes with a well-formed read of every GET operation, the newest ids in its path: what
  // the run left behind must read back within the spec too (a write can store what a later read
  // cannot answer).
  const closers = operations
    .map((op, i) => [op, i] as const)
    .filter(([op]) => op.method === 'GET')
    .map(([op, i]) =>
      requestPlan(op, i).map((plan): Step => ({
        ...plan,
        path: Object.fromEntries(
          Object.keys(plan.path).map((name) => [name, { from: 'known', pick: 0 }]),
        ),
        // No filters and no paging: everything there is.
        query: Object.fromEntries(Object.keys(plan.query).map((name) => [name, null])),
        faults: [],
      })),
    )
  const opening =
    openers.length > 0
      ? fc.array(fc.oneof(...openers), { minLength: 1, maxLength: 3 })
      : fc.constant<Step[]>([])
  const run = fc
    .tuple(
      opening,
      fc.array(step, { minLength: 1, maxLength: maxSteps }),
      closeWith === undefined || closers.length === 0
        ? fc.tuple(...closers)
        : fc.array(fc.oneof(...closers), { maxLength: closeWith }),
    )
    .map(([opening, rest, closing]) => [...opening, ...rest, ...closing])
  // A run that certainly reaches one operation: the openers, then a request to it.
  const reaching = (index: number) =>
    fc
      .tuple(opening, requestPlan(operations[index]!, index))
      .map(([steps, plan]): Step[] => [...steps, { ...plan, faults: [] }])

  return { run, reaching }
}
