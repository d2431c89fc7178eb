// The plans of one vendor's requests: well-formed parameters and bodies, and their faults.
import fc from 'fast-check'
import type { Operation, Parameter } from '../../../src/spec/operations.js'
import type { FuzzerContext } from './fuzzer.js'
import {
  CONTENT_TYPES,
  MALFORMED,
  METHODS,
  sampleOf,
  wrongString,
  wrongText,
  wrongValue,
} from './samples.js'
import type { BodyPlan, Fault, Mutation, RequestPlan, ValuePlan } from './types.js'

export function plansOf(fuzz: FuzzerContext) {
  const { knowledge, forJsf, scenarios, oversized, badSessions, hasKnown } = fuzz

  // A well-formed parameter: a value seen in fixtures or answers, or a sample of its schema.
  const paramPlan = (op: Operation, p: Parameter): fc.Arbitrary<ValuePlan | null> => {
    const schema = sampleOf(forJsf(p.schema)).map((value) => ({ from: 'schema' as const, value }))
    // Mostly the newest value seen (the job just created), else any known one.
    const known = fc
      .oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.nat() })
      .map((pick) => ({ from: 'known' as const, pick }))
    if (p.in === 'path')
      return fc.oneof({ weight: 5, arbitrary: known }, { weight: 1, arbitrary: schema })
    return fc.oneof(
      { weight: 4, arbitrary: fc.constant(null) },
      { weight: p.in === 'header' ? 1 : 2, arbitrary: schema },
      ...(hasKnown(op, p.name) ? [{ weight: 2, arbitrary: known }] : []),
    )
  }

  const wrongBody = (op: Operation): fc.Arbitrary<BodyPlan> => {
    const raw = fc.record({
      kind: fc.constant('raw' as const),
      text: fc.oneof(fc.constantFrom(...MALFORMED, ''), fc.string({ maxLength: 20 })),
      contentType: fc.constantFrom<string | null>('application/json', null, 'text/plain'),
    })
    const anyJson = fc.record({
      kind: fc.constant('json' as const),
      value: fc.jsonValue({ maxDepth: 3 }),
      overlay: fc.constant(null),
    })
    // Bodies over 1 MiB are rare: one answer (413) and costly to send.
    return fc.oneof(
      { weight: 4, arbitrary: raw },
      { weight: 4, arbitrary: anyJson },
      ...(op.body ? [{ weight: 2, arbitrary: fc.constant<BodyPlan>({ kind: 'none' }) }] : []),
      ...(oversized
        ? [{ weight: 1, arbitrary: fc.constant<BodyPlan>({ kind: 'oversized' }) }]
        : []),
    )
  }

  const faultOf = (op: Operation): fc.Arbitrary<Fault> => {
    const named = (where: Parameter['in']) =>
      op.parameters.filter((p) => p.in === where).map((p) => p.name)
    const choices: fc.WeightedArbitrary<Fault>[] = [
      {
        weight: 2,
        arbitrary: fc.record({
          kind: fc.constant('credential' as const),
          pick: fc.integer({ min: 1, max: Math.max(1, knowledge.credentials.length - 1) }),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant('method' as const),
          method: fc.constantFrom(...METHODS),
        }),
      },
      {
        weight: 2,
        arbitrary: fc.record({
          kind: fc.constant('query' as const),
          name: fc.oneof(
            fc.constantFrom('__proto__', 'constructor', 'unknown', ...named('query')),
            fc.string({ maxLength: 6 }),
          ),
          values: fc.array(wrongText, { minLength: 1, maxLength: 2 }),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant('scenario' as const),
          name: fc.constantFrom(...scenarios, 'no-such-scenario', '../happy', 'HAPPY', ''),
        }),
      },
      {
        weight: op.body ? 2 : 1,
        arbitrary: fc.record({ kind: fc.constant('body' as const), body: wrongBody(op) }),
      },
    ]
    if (named('path').length > 0)
      choices.push({
        weight: 3,
        arbitrary: fc.record({
          kind: fc.constant('path' as const),
          name: fc.constantFrom(...named('path')),
          value: wrongText,
          raw: fc.boolean(),
        }),
      })
    if (named('header').length > 0)
      choices.push({
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant('header' as const),
          name: fc.constantFrom(...named('header')),
          value: wrongString,
        }),
      })
    if (op.body) {
      // Places: 0 is the body itself, 1.. its properties (then theirs): mostly near the top.
      const near = fc.oneof(fc.nat(3), fc.nat())
      const mutation: fc.Arbitrary<Mutation> = fc.oneof(
        { weight: 1, arbitrary: fc.record({ op: fc.constant('drop' as const), at: near }) },
        {
          weight: 2,
          arbitrary: fc.record({ op: fc.constant('set' as const), at: near, value: wrongValue }),
        },
        {
          weight: 4,
          arbitrary: fc.record({
            op: fc.constant('add' as const),
            at: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: near }),
            key: fc.oneof(
              {
                weight: 6,
                arbitrary: fc.record({
                  pick: fc.nat(),
                  among: fc.constantFrom<'branch' | 'top'>('branch', 'top'),
                }),
              },
              { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'extra') },
              { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
            ),
            value: wrongValue,
          }),
        },
      )
      choices.push(
        {
          weight: 12,
          arbitrary: fc.record({ kind: fc.constant('mutate' as const), mutation }),
        },
        {
          weight: 1,
          arbitrary: fc.record({
            kind: fc.constant('content-type' as const),
            value: fc.constantFrom<string | null>(null, ...CONTENT_TYPES),
          }),
        },
      )
    }
    if (badSessions)
      choices.push({
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant('session' as const),
          name: fc.constantFrom('bad session', '', 'x'.repeat(129), '../x'),
        }),
      })
    return fc.oneof(...choices)
  }

  const requestPlan = (op: Operation, index: number): fc.Arbitrary<RequestPlan> => {
    const of = (where: Parameter['in']) =>
      fc.record(
        Object.fromEntries(
          op.parameters.filter((p) => p.in === where).map((p) => [p.name, paramPlan(op, p)]),
        ) as Record<string, fc.Arbitrary<ValuePlan | null>>,
      )
    const fault = faultOf(op)
    const body: fc.Arbitrary<BodyPlan> = op.body
      ? (fc.record({
          kind: fc.constant('json' as const),
          value: sampleOf(forJsf(op.body.schema)),
          overlay:
            knowledge.overlays.length === 0
              ? fc.constant(null)
              : fc.option(fc.nat(knowledge.overlays.length - 1), { freq: 8 }),
        }) as fc.Arbitrary<BodyPlan>)
      : fc.constant<BodyPlan>({ kind: 'none' })
    return fc.record({
      kind: fc.constant('request' as const),
      operation: fc.constant(index),
      path: of('path') as fc.Arbitrary<Record<string, ValuePlan>>,
      query: of('query'),
      headers: of('header'),
      body,
      // A third of the requests are well-formed, the others carry one mistake (a few, two).
      faults: fc.oneof(
        { weight: 3, arbitrary: fc.constant<Fault[]>([]) },
        { weight: 6, arbitrary: fault.map((f): Fault[] => [f]) },
        { weight: 1, arbitrary: fc.tuple(fault, fault).map((fs): Fault[] => fs) },
      ),
    })
  }

  return { requestPlan }
}
