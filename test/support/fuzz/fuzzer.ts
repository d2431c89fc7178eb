import type { Operation, Schema } from '../../../src/spec/operations.js'
import { normalizeSchema } from '../../../src/spec/schema.js'
import { checkerOf, harvest } from './checks.js'
import { HARVESTED, knowledgeOf, lookup, uniq, type Fixtures } from './knowledge.js'
import { propertyNames, topLevelNames, type Node } from './mutations.js'
import { plansOf } from './plans.js'
import { resolverOf } from './resolve.js'
import { runOf } from './steps.js'
import type { Fuzzer, FuzzerOptions, FuzzTarget } from './types.js'

/** What the parts of a vendor's fuzzer share: its target, options, knowledge and schemas. */
export type FuzzerContext = ReturnType<typeof contextOf>

export function contextOf(target: FuzzTarget, fixtures: Fixtures, options: FuzzerOptions) {
  const { name: vendor, mount, compiled } = target
  const { scenarios = [], maxSteps = 12, oversized = true, badSessions = true, closers } = options
  const knowledge = knowledgeOf(vendor, fixtures)
  const normalize = { version: compiled.spec.version, ref: jsfRef }
  const components = ((compiled.spec.doc.components as Node | undefined)?.schemas ?? {}) as Node
  const $defs = (normalizeSchema({ $defs: components } as Schema, normalize) as Node).$defs
  const forJsf = (schema: Schema): Schema => {
    const normalized = normalizeSchema(schema, normalize)
    return typeof normalized === 'object' ? { ...normalized, $defs } : normalized
  }
  const operations = compiled.operations
  // The names a body mutation adds: the body's own top-level ones, and every one the spec uses.
  const allNames = [...propertyNames(components)]
  const namesOf = (op: Operation) => ({
    top: topLevelNames(op.body?.schema, components),
    names: uniq([...propertyNames(op.body?.schema), ...allNames]),
  })
  const hasKnown = (op: Operation, name: string) =>
    lookup(knowledge.known, op, name) !== undefined || lookup(HARVESTED, op, name) !== undefined
  return {
    vendor,
    mount,
    compiled,
    scenarios,
    maxSteps,
    oversized,
    badSessions,
    closers,
    knowledge,
    forJsf,
    components,
    operations,
    namesOf,
    hasKnown,
  }
}

export function createFuzzer(
  target: FuzzTarget,
  fixtures: Fixtures,
  options: FuzzerOptions = {},
): Fuzzer {
  const fuzz = contextOf(target, fixtures, options)
  const { vendor, operations } = fuzz
  const { requestPlan } = plansOf(fuzz)
  const { run, reaching } = runOf(fuzz, requestPlan)
  const resolve = resolverOf(fuzz)
  const check = checkerOf(fuzz)

  return {
    vendor,
    operations: operations.map((op) => op.id),
    run,
    reaching,
    state: () => ({ seen: new Map() }),
    resolve,
    harvest,
    check,
  }
}

const jsfRef = (ref: string) =>
  ref.startsWith('#/components/schemas/') ? `#/$defs/${ref.slice(21)}` : ref
