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
import fc from 'fast-check'
import { generateSync } from 'json-schema-faker'
import type { Fake } from '../../src/index.js'
import type { CompiledSpec } from '../../src/spec/compile.js'
import type { Operation, Parameter, Schema } from '../../src/spec/operations.js'
import { normalizeSchema } from '../../src/spec/schema.js'
import type { Violation } from '../../src/spec/validators.js'

/** One mounted vendor: its name, mount and compiled spec. */
export interface FuzzTarget {
  name: string
  mount: string
  compiled: CompiledSpec
}

/** A concrete request, as plain data: printable, and replayable with curl or `fake.request`. */
export interface FuzzRequest {
  vendor: string
  /** The operationId the request was built from, or null for a path no operation has. */
  operation: string | null
  method: string
  /** Mount, vendor path and query string. */
  path: string
  headers: Record<string, string>
  /** The raw body text, sent as is. */
  body?: string
}

/** What came back: a response, or why none did. */
export interface FuzzAnswer {
  status: number
  headers: Record<string, string>
  text: string
  /** A thrown error, a connection error or a request that never answered. */
  error?: string
  /** Violations the fake itself recorded for this request (its journal), `in: 'response'` only. */
  journal?: Violation[]
}

// ---------------------------------------------------------------------------------------------
// Plans: what fast-check generates. Ids created during a run are not known in advance, so a plan
// says "the n-th known value of this parameter" and is resolved against the run's state.

type ValuePlan = { from: 'schema'; value: unknown } | { from: 'known'; pick: number }

type Mutation =
  | { op: 'drop'; at: number }
  | { op: 'set'; at: number; value: unknown }
  /** A key, or the n-th name the spec knows that the place lacks (`among` the body's own). */
  | {
      op: 'add'
      at: number
      key: string | { pick: number; among: 'branch' | 'top' }
      value: unknown
    }

type BodyPlan =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown; overlay: number | null }
  | { kind: 'raw'; text: string; contentType: string | null }
  | { kind: 'oversized' }

/** One deliberate mistake, laid over an otherwise well-formed request. */
export type Fault =
  | { kind: 'credential'; pick: number }
  | { kind: 'method'; method: string }
  | { kind: 'path'; name: string; value: string; raw: boolean }
  | { kind: 'query'; name: string; values: string[] }
  | { kind: 'header'; name: string; value: string }
  | { kind: 'body'; body: BodyPlan }
  | { kind: 'mutate'; mutation: Mutation }
  | { kind: 'content-type'; value: string | null }
  | { kind: 'scenario'; name: string }
  | { kind: 'session'; name: string }

/** A request to one operation: parameters and body from its schemas, then its faults. */
export interface RequestPlan {
  kind: 'request'
  operation: number
  path: Record<string, ValuePlan>
  query: Record<string, ValuePlan | null>
  headers: Record<string, ValuePlan | null>
  body: BodyPlan
  faults: Fault[]
}

/** A request to a path no operation of the spec has. */
export interface UnroutedPlan {
  kind: 'unrouted'
  method: string
  path: string
  credential: number
}

export type Step = RequestPlan | UnroutedPlan | { kind: 'advance'; ms: number }

/** What a run has learnt so far: values seen in answers, by the property name they came under. */
export interface RunState {
  seen: Map<string, string[]>
}

// ---------------------------------------------------------------------------------------------
// What the fuzzer knows of each vendor beyond its spec: credentials, and fixture values by
// parameter or property name (all from GET /__admin/fixtures).

type Fixtures = Record<string, any>

interface VendorKnowledge {
  /** Header sets; the first is the vendor's main valid credential. */
  credentials: Record<string, string>[]
  /** Fixture values, by parameter (or body property) name. */
  known: Record<string, string[]>
  /** Partial bodies that name real things (a table, a region, a database), laid over samples. */
  overlays: Record<string, unknown>[]
}

const uniq = (xs: string[]) => [...new Set(xs)]

function knowledgeOf(vendor: string, fixtures: Fixtures): VendorKnowledge {
  const f = fixtures[vendor] ?? {}
  switch (vendor) {
    case 'peaka': {
      const tables = f.tables as { catalogId: string; schemaName: string; tableName: string }[]
      const [own, other] = f.projectIds as string[]
      return {
        credentials: [
          { authorization: `Bearer ${f.partnerKey}` },
          { authorization: `Bearer ${f.projectKeys[own!]}` },
          { authorization: `Bearer ${f.projectKeys[other!]}` },
          { authorization: 'Bearer pk_jobfake_unknown' },
          { authorization: String(f.partnerKey) },
          { authorization: 'Basic dXNlcjpwYXNz' },
          {},
        ],
        known: {
          projectId: f.projectIds,
          catalogId: uniq(tables.map((t) => t.catalogId)),
          schemaName: uniq(tables.map((t) => t.schemaName)),
        },
        // A real table, with schedules the fake accepts: incremental, full refresh, or none.
        overlays: tables.flatMap(({ catalogId, schemaName, tableName }) =>
          [
            { incrementalCacheSchedule: { type: 'BASIC', expression: 'PT6H' } },
            { fullRefreshCacheSchedule: { type: 'BASIC', expression: 'P1D' } },
            {},
          ].map((schedules) => ({
            catalogId,
            schemaName,
            tableName,
            incrementalCacheSchedule: undefined,
            fullRefreshCacheSchedule: undefined,
            ...schedules,
          })),
        ),
      }
    }
    case 'airweave':
      return {
        credentials: [
          { 'x-api-key': f.apiKey },
          { 'x-api-key': 'jf_airweave_unknown' },
          { 'x-api-key': '' },
          {},
        ],
        known: { source_connection_id: f.sourceConnectionIds },
        overlays: [],
      }
    case 'chroma':
      return {
        credentials: [
          { 'x-chroma-token': f.token },
          { 'x-chroma-token': f.scopedToken },
          { 'x-chroma-token': 'ck-jobfake-unknown' },
          {},
        ],
        known: { source_id: f.sourceIds, database_name: f.databases },
        overlays: (f.databases as string[]).map((database_name) => ({ database_name })),
      }
    case 'akua':
      return {
        credentials: [
          { authorization: `Bearer ${f.token}` },
          { authorization: `Bearer ${f.broadToken}`, 'akua-context': f.workspaceId },
          { authorization: `Bearer ${f.broadToken}` },
          { authorization: `Bearer ${f.broadToken}`, 'akua-context': f.otherWorkspaceId },
          { authorization: 'Bearer sk_akua_unknown' },
          { authorization: String(f.token) },
          {},
        ],
        known: {
          // A cluster's id below /clusters, an operation's elsewhere (see `lookup`).
          '/clusters/{id} id': [f.clusterId],
          owner_id: [f.clusterId],
          'akua-context': [f.workspaceId, f.otherWorkspaceId],
          region_id: f.regionIds,
        },
        overlays: (f.regionIds as string[]).map((region_id) => ({ region_id })),
      }
    default:
      return { credentials: [{}], known: {}, overlays: [] }
  }
}

// Which property names of earlier answers hold values a parameter can take.
const HARVESTED: Record<string, string[]> = {
  cacheId: ['cacheId', 'id'],
  job_id: ['id'],
  invocation_id: ['invocation_id', 'id'],
  source_id: ['source_id', 'id'],
  source_connection_id: ['source_connection_id'],
  id: ['id'],
  '/clusters/{id} id': ['owner_id', 'cluster_id'],
  owner_id: ['owner_id'],
  cursor: ['next_cursor'],
  'if-match': ['etag'],
}

const HARVEST_KEY = /(^id$|_id$|Id$|^next_cursor$)/

/** A table's entry for a parameter: `"<path template> <name>"` first, then `"<name>"`. */
const lookup = <T>(table: Record<string, T>, op: Operation, name: string): T | undefined =>
  table[`${op.path} ${name}`] ?? table[name]

// ---------------------------------------------------------------------------------------------
// Values: samples from the schemas (json-schema-faker), and wrong ones (fast-check).

/** A draw from json-schema-faker, seeded by fast-check (so that runs replay and shrink). */
const sampleOf = (schema: Schema) =>
  fc
    .record({ seed: fc.integer({ min: 1, max: 0x7fffffff }), optionals: fc.boolean() })
    .map(({ seed, optionals }) =>
      generateSync(schema as never, {
        seed,
        optionalsProbability: optionals ? 0.9 : 0.3,
        maxDefaultItems: 3,
      }),
    )

// Strings that break a parameter: wrong types, bounds, encodings, ids of the wrong shape.
const wrongString = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '-1',
    '0',
    '1.5',
    '1e309',
    'NaN',
    'true',
    'null',
    '[]',
    '{}',
    '%',
    '%zz',
    '%00',
    '%2F',
    '%252F',
    '..',
    'a/b',
    '00000000-0000-0000-0000-000000000000',
    '6f1c2b9e-0d4a-4c8e-9b7f-3a2e1d0c9b8a',
    'op_',
    'op_unknown0000000000',
    'clu_unknown',
    '__proto__',
    'constructor',
    'x'.repeat(300),
  ),
  fc.string({ maxLength: 16 }),
  fc.integer().map(String),
)

// The same, and any Unicode text, for where it is percent-encoded (paths, queries; not headers).
const wrongText = fc.oneof(wrongString, fc.string({ unit: 'grapheme', maxLength: 8 }))

// JSON values that break a body property.
const wrongValue = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(null, 0, -1, 1.5, '', 'x', true, [], {}, 2 ** 53) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
)

// HEAD answers carry no body; PROPFIND is a method no route has (one Node's HTTP parser knows).
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'PROPFIND']

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/merge-patch+json',
  'application/x-www-form-urlencoded',
]

const MALFORMED = [
  '{',
  '{"a":',
  '[1,]',
  'nul',
  '{"a":1}}',
  "{'a':1}",
  'true false',
  '\u0000',
  '{}{}',
]

type Node = Record<string, unknown>

/** Every property name a schema (and the definitions it may reach) mentions. */
function propertyNames(schema: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) for (const s of schema) propertyNames(s, into)
  else if (schema && typeof schema === 'object') {
    for (const [key, value] of Object.entries(schema)) {
      if (key === 'properties' && value && typeof value === 'object')
        for (const name of Object.keys(value)) into.add(name)
      propertyNames(value, into)
    }
  }
  return into
}

/** The property names a body can have at its top level; `branch`: those of its alternatives. */
interface TopNames {
  all: Set<string>
  branch: Set<string>
}

/**
 * The property names a body can have at its top level, following `$ref`s, `allOf`, and the
 * alternatives of `oneOf` and `anyOf`: the names that tell a tagged union's kinds apart (`github`,
 * `s3`, `web_scrape`) are where a mix-up of kinds, `{"s3": {…}, "github": null}`, comes from.
 */
function topLevelNames(
  schema: unknown,
  components: Node,
  into: TopNames = { all: new Set(), branch: new Set() },
  depth = 0,
  inBranch = false,
): TopNames {
  if (!schema || typeof schema !== 'object' || depth > 6) return into
  const node = schema as Node
  if (typeof node.$ref === 'string' && node.$ref.startsWith('#/components/schemas/'))
    topLevelNames(components[node.$ref.slice(21)], components, into, depth + 1, inBranch)
  for (const name of Object.keys((node.properties as Node | undefined) ?? {})) {
    into.all.add(name)
    if (inBranch) into.branch.add(name)
  }
  for (const key of ['allOf', 'oneOf', 'anyOf'])
    for (const branch of (node[key] as unknown[] | undefined) ?? [])
      topLevelNames(branch, components, into, depth + 1, inBranch || key !== 'allOf')
  if (node.type === 'array' || node.items)
    topLevelNames(node.items, components, into, depth + 1, inBranch)
  return into
}

/** The places of a value a mutation can point at: its root, then every property and item. */
function placesOf(value: unknown, at: (string | number)[] = [], into: (string | number)[][] = []) {
  into.push(at)
  if (Array.isArray(value)) value.forEach((v, i) => placesOf(v, [...at, i], into))
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) placesOf(v, [...at, k], into)
  return into
}

/** An own property, even for `__proto__` (which plain assignment would not create). */
const define = (target: Node, key: string, value: unknown) =>
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  })

/**
 * Applies a mutation to a copy of `value`. An `add` whose key is a pick names one of the names the
 * place lacks: at the root, the body's own top-level names (those of its alternatives first when
 * `among: 'branch'`); deeper, every name the spec uses. So comes a second kind next to the first,
 * a property of another branch, a property of another object.
 */
function mutate(value: unknown, mutation: Mutation, top: TopNames, names: string[]): unknown {
  const places = placesOf(value)
  const at = places[mutation.at % places.length]!
  const path = ['root', ...at]
  const copy: Node = { root: structuredClone(value) }
  let parent: any = copy
  for (const key of path.slice(0, -1)) parent = parent[key]
  const last = path[path.length - 1]!
  if (mutation.op === 'drop') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1)
    else delete parent[last]
  } else if (mutation.op === 'set') parent[last] = mutation.value
  else {
    let target = parent[last]
    if (!target || typeof target !== 'object' || Array.isArray(target)) target = parent[last] = {}
    let key = mutation.key
    if (typeof key === 'object') {
      const lacks = (list: Iterable<string>) => [...list].filter((n) => !Object.hasOwn(target, n))
      const branch = lacks(top.branch)
      const absent =
        at.length > 0
          ? lacks(names)
          : key.among === 'branch' && branch.length > 0
            ? branch
            : lacks(top.all)
      key = absent.length > 0 ? absent[key.pick % absent.length]! : 'extra'
    }
    define(target, key, mutation.value)
  }
  return copy.root
}

const overlay = (value: unknown, patch: unknown): unknown => {
  if (Array.isArray(value)) return value.map((item) => overlay(item, patch))
  if (value && typeof value === 'object') return { ...value, ...(patch as Node) }
  return value
}

// ---------------------------------------------------------------------------------------------
// The fuzzer of one vendor.

export interface Fuzzer {
  vendor: string
  /** The operationIds of the spec, in its order. */
  operations: string[]
  /** One run: a short sequence of requests and clock advances. */
  run: fc.Arbitrary<Step[]>
  state(): RunState
  resolve(step: RequestPlan | UnroutedPlan, state: RunState): FuzzRequest
  /** Learns the ids (and cursors, ETags) an answer carries. */
  harvest(state: RunState, answer: FuzzAnswer): void
  /** What is wrong with an answer: empty when nothing is. */
  check(request: FuzzRequest, answer: FuzzAnswer): string[]
}

export interface FuzzerOptions {
  /** The bundled scenario names of this vendor, for X-Jobfake-Scenario. */
  scenarios?: string[]
  /** Steps per run between the opening and the closing requests (default 1 to 12). */
  maxSteps?: number
  /** Allow bodies over 1 MiB (default true). */
  oversized?: boolean
  /** Allow malformed X-Jobfake-Session headers (default true). */
  badSessions?: boolean
}

export function createFuzzer(
  target: FuzzTarget,
  fixtures: Fixtures,
  options: FuzzerOptions = {},
): Fuzzer {
  const { name: vendor, mount, compiled } = target
  const { scenarios = [], maxSteps = 12, oversized = true, badSessions = true } = options
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
  const run = fc
    .tuple(
      openers.length > 0
        ? fc.array(fc.oneof(...openers), { minLength: 1, maxLength: 3 })
        : fc.constant<Step[]>([]),
      fc.array(step, { minLength: 1, maxLength: maxSteps }),
      fc.tuple(...closers),
    )
    .map(([opening, rest, closing]) => [...opening, ...rest, ...closing])

  const knownValue = (op: Operation, name: string, pick: number, state: RunState) => {
    const pool = [
      ...(lookup(HARVESTED, op, name) ?? [name]).flatMap((key) =>
        [...(state.seen.get(key) ?? [])].reverse(),
      ),
      ...(lookup(knowledge.known, op, name) ?? []),
    ]
    return pool.length === 0 ? undefined : pool[pick % pool.length]
  }

  const valueOf = (op: Operation, p: Parameter, plan: ValuePlan, state: RunState): string[] => {
    if (plan.from === 'known') {
      const known = knownValue(op, p.name, plan.pick, state)
      if (known !== undefined) return [known]
      // Nothing known yet: a schema-shaped value (json-schema-faker, seeded by the pick).
      const value = generateSync(forJsf(p.schema) as never, { seed: plan.pick + 1 })
      return [stringOf(value)]
    }
    return Array.isArray(plan.value) ? plan.value.map(stringOf) : [stringOf(plan.value)]
  }

  function resolve(plan: RequestPlan | UnroutedPlan, state: RunState): FuzzRequest {
    if (plan.kind === 'unrouted') {
      const headers = { ...knowledge.credentials[plan.credential] }
      return { vendor, operation: null, method: plan.method, path: mount + plan.path, headers }
    }
    const op = operations[plan.operation]!
    const faults = plan.faults
    const firstFault = <K extends Fault['kind']>(kind: K, name?: string) =>
      faults.filter(
        (f): f is Extract<Fault, { kind: K }> =>
          f.kind === kind && (name === undefined || (f as { name?: string }).name === name),
      )[0]
    const credential = firstFault('credential')?.pick ?? 0
    const headers: Record<string, string> = { ...knowledge.credentials[credential] }
    let path = op.path
    for (const p of op.parameters) {
      if (p.in !== 'path') continue
      const wrong = firstFault('path', p.name)
      const value = wrong ? wrong.value : valueOf(op, p, plan.path[p.name]!, state)[0]!
      const raw = wrong?.raw === true
      path = path.replace(`{${p.name}}`, raw ? value : encodeURIComponent(value))
    }
    const query = new URLSearchParams()
    for (const p of op.parameters) {
      const q = plan.query[p.name]
      if (p.in === 'query' && q) for (const v of valueOf(op, p, q, state)) query.append(p.name, v)
      const h = plan.headers[p.name]
      if (p.in === 'header' && h) headers[p.name] = valueOf(op, p, h, state)[0]!
    }
    let body = plan.body
    let contentType: string | null = 'application/json'
    const mutations: Mutation[] = []
    let method = op.method
    for (const f of faults) {
      if (f.kind === 'query') {
        query.delete(f.name)
        for (const v of f.values) query.append(f.name, v)
      } else if (f.kind === 'header') headers[f.name] = f.value
      else if (f.kind === 'scenario') headers['x-jobfake-scenario'] = f.name
      else if (f.kind === 'session') headers['x-jobfake-session'] = f.name
      else if (f.kind === 'method') method = f.method
      else if (f.kind === 'body') body = f.body
      else if (f.kind === 'mutate') mutations.push(f.mutation)
      else if (f.kind === 'content-type') contentType = f.value
    }
    const search = query.toString()
    const request: FuzzRequest = {
      vendor,
      operation: op.id,
      method,
      path: `${mount}${path}${search ? `?${search}` : ''}`,
      headers,
    }
    // fetch sends no body with GET or HEAD.
    if (method === 'GET' || method === 'HEAD') return request
    let text: string | undefined
    if (body.kind === 'oversized') text = JSON.stringify({ padding: 'x'.repeat(1024 * 1024) })
    else if (body.kind === 'raw') {
      text = body.text
      contentType = body.contentType
    } else if (body.kind === 'json') {
      let value = body.value
      const { top, names } = namesOf(op)
      // Only the names this body has: a database name does not go into an invocation's body.
      const patch = Object.entries((knowledge.overlays[body.overlay ?? -1] ?? {}) as Node)
      const own = Object.fromEntries(patch.filter(([name]) => top.all.has(name)))
      if (Object.keys(own).length > 0) value = overlay(value, own)
      for (const m of mutations) value = mutate(value, m, top, names)
      // A mutation may drop the whole body: then nothing is sent.
      if (value !== undefined) text = JSON.stringify(value)
    }
    if (text !== undefined) {
      request.body = text
      if (contentType !== null) headers['content-type'] = contentType
    }
    return request
  }

  function harvest(state: RunState, answer: FuzzAnswer) {
    const add = (key: string, value: string) => {
      const list = state.seen.get(key) ?? []
      const seen = list.indexOf(value)
      if (seen !== -1) list.splice(seen, 1)
      list.push(value)
      state.seen.set(key, list)
    }
    if (answer.headers.etag) add('etag', answer.headers.etag)
    // Children before parents and lists from their end, so that the values added last (picked
    // first) are the top-level ids of the first item: the thing the request made or read.
    const walk = (node: unknown) => {
      if (Array.isArray(node)) for (const item of [...node].reverse()) walk(item)
      else if (node && typeof node === 'object') {
        const entries = Object.entries(node)
        for (const [, value] of entries) if (typeof value === 'object') walk(value)
        for (const [key, value] of entries)
          if (typeof value === 'string' && HARVEST_KEY.test(key)) add(key, value)
      }
    }
    walk(parseJson(answer.text).value)
  }

  function check(request: FuzzRequest, answer: FuzzAnswer): string[] {
    if (answer.error !== undefined) return [`no answer: ${answer.error}`]
    const problems: string[] = []
    if (answer.status >= 500) problems.push(`status ${answer.status} (a server error)`)
    // An answer to HEAD has no body to check.
    if (request.method === 'HEAD') return problems
    const parsed = parseJson(answer.text)
    if (!parsed.ok) problems.push('the body is not JSON')
    if (answer.status >= 400 && parsed.ok) {
      const shape = errorShapeProblem(vendor, answer.status, parsed.value)
      if (shape) problems.push(`the error body is not in ${vendor}'s shape: ${shape}`)
    }
    // As test/support/conformance.ts does: route by the spec, then the operation's validator.
    const url = new URL(request.path, 'http://x')
    const vendorPath = url.pathname.slice(mount.length) || '/'
    const match = compiled.route(request.method, vendorPath)
    if (match.kind === 'operation' && parsed.ok) {
      const violations = compiled.validators
        .get(match.operation.id)!
        .response(answer.status, parsed.value, answer.headers)
      for (const v of violations)
        problems.push(`breaks the spec of ${match.operation.id}: ${v.name || 'body'} ${v.message}`)
    }
    for (const v of answer.journal ?? [])
      problems.push(`the fake journaled a response violation: ${v.name || 'body'} ${v.message}`)
    return problems
  }

  return {
    vendor,
    operations: operations.map((op) => op.id),
    run,
    state: () => ({ seen: new Map() }),
    resolve,
    harvest,
    check,
  }
}

const jsfRef = (ref: string) =>
  ref.startsWith('#/components/schemas/') ? `#/$defs/${ref.slice(21)}` : ref

const stringOf = (value: unknown): string =>
  typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value)

const parseJson = (text: string): { ok: boolean; value: unknown } => {
  if (text === '') return { ok: true, value: undefined }
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch {
    return { ok: false, value: undefined }
  }
}

// ---------------------------------------------------------------------------------------------
// Error shapes, written out here rather than taken from the specs, so that they check the specs'
// error schemas too (README, "Errors are …" of each vendor).

const isObject = (v: unknown): v is Node => !!v && typeof v === 'object' && !Array.isArray(v)
const onlyKeys = (v: Node, keys: string[]) => Object.keys(v).every((k) => keys.includes(k))

/** Why an error body is not in the vendor's shape, or undefined when it is. */
export function errorShapeProblem(
  vendor: string,
  status: number,
  body: unknown,
): string | undefined {
  if (!isObject(body)) return 'not a JSON object'
  switch (vendor) {
    case 'peaka':
      return Number.isInteger(body.errorCode) &&
        typeof body.message === 'string' &&
        onlyKeys(body, ['errorCode', 'message'])
        ? undefined
        : 'expected {errorCode: <integer>, message: <string>}'
    case 'airweave':
      if (typeof body.detail === 'string' && onlyKeys(body, ['detail'])) return undefined
      if (
        status === 422 &&
        onlyKeys(body, ['errors']) &&
        Array.isArray(body.errors) &&
        body.errors.length > 0 &&
        body.errors.every(
          (e) =>
            isObject(e) &&
            Object.keys(e).length === 1 &&
            Object.values(e).every((m) => typeof m === 'string'),
        )
      )
        return undefined
      return 'expected {detail: <string>} (or, for 422, {errors: [{"<where>": <string>}, …]})'
    case 'chroma':
      return typeof body.error === 'string' &&
        typeof body.message === 'string' &&
        onlyKeys(body, ['error', 'message'])
        ? undefined
        : 'expected {error: <string>, message: <string>}'
    case 'akua':
      return body.success === false &&
        Array.isArray(body.errors) &&
        body.errors.length > 0 &&
        body.errors.every(
          (e) => isObject(e) && Number.isInteger(e.code) && typeof e.message === 'string',
        ) &&
        isObject(body.result) &&
        Object.keys(body.result).length === 0 &&
        onlyKeys(body, ['success', 'errors', 'result'])
        ? undefined
        : 'expected {success: false, errors: [{code: <integer>, message: <string>}, …], result: {}}'
    default:
      return undefined
  }
}

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

// ---------------------------------------------------------------------------------------------
// Running and reporting.

/** How a run reaches the fake: in-process (the test) or over HTTP (the bench). */
export interface FuzzIo {
  /** A fresh start: no jobs, the clock at its start, ids re-seeded. */
  reset(): Promise<void> | void
  advance(ms: number): Promise<void> | void
  send(request: FuzzRequest): Promise<FuzzAnswer>
}

export interface Exchange {
  request: FuzzRequest
  answer: FuzzAnswer
  problems: string[]
}

export interface RunResult {
  requests: number
  /** Requests left out because they match a known bug. */
  skipped: { request: FuzzRequest; bug: string }[]
  failures: Exchange[]
  exchanges: Exchange[]
  /** Everything in order: the exchanges, and the clock advances between them. */
  timeline: (Exchange | { advance: number })[]
}

/**
 * Plays one run: a reset, then each step in order. Stops at the first failing request unless
 * `keepGoing`.
 */
export async function play(
  fuzzer: Fuzzer,
  steps: Step[],
  io: FuzzIo,
  { keepGoing = false, sendKnownBugs = false } = {},
): Promise<RunResult> {
  await io.reset()
  const state = fuzzer.state()
  const result: RunResult = { requests: 0, skipped: [], failures: [], exchanges: [], timeline: [] }
  for (const step of steps) {
    if (step.kind === 'advance') {
      await io.advance(step.ms)
      result.timeline.push({ advance: step.ms })
      continue
    }
    const request = fuzzer.resolve(step, state)
    const bug = knownBugOf(request)
    if (bug && !sendKnownBugs) {
      result.skipped.push({ request, bug: bug.id })
      continue
    }
    const answer = await io.send(request)
    result.requests++
    const problems = fuzzer.check(request, answer)
    const exchange = { request, answer, problems }
    result.exchanges.push(exchange)
    result.timeline.push(exchange)
    if (problems.length > 0) {
      result.failures.push(exchange)
      if (!keepGoing) break
    }
    fuzzer.harvest(state, answer)
  }
  return result
}

const clip = (text: string, max = 600) =>
  text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text

/** A failure, readable: what is wrong, the request (as curl would send it) and the answer. */
export function describeExchange({ request, answer, problems }: Exchange): string {
  const headers = Object.entries(request.headers)
    .map(([k, v]) => `${k}: ${clip(v, 120)}`)
    .join(' | ')
  return [
    ...problems.map((p) => `  ✗ ${p}`),
    `  request: ${request.method} ${clip(request.path, 300)}   (${request.operation ?? 'no operation'})`,
    `    headers: ${headers || '(none)'}`,
    ...(request.body === undefined ? [] : [`    body: ${clip(JSON.stringify(request.body))}`]),
    answer.error !== undefined
      ? `  answer: none (${answer.error})`
      : `  answer: ${answer.status} ${clip(answer.text) || '(empty)'}`,
  ].join('\n')
}

/** One line per step: what the run did before (and including) a failure. */
export function describeHistory(result: RunResult, upTo: Exchange): string {
  const end = result.timeline.indexOf(upTo)
  return result.timeline
    .slice(0, end + 1)
    .map((item) => {
      if ('advance' in item) return `    (clock +${item.advance} ms)`
      const { request: r, answer: a } = item
      const body = r.body === undefined ? '' : ` ${clip(r.body, 160)}`
      const answer =
        a.error !== undefined ? `none (${a.error})` : `${a.status} ${clip(a.text, 100)}`
      return `    ${r.method} ${clip(r.path, 140)}${body} → ${answer}`
    })
    .join('\n')
}

/**
 * Sends a request to an in-process fake. A request that waits on the session clock (Akua's
 * `:wait`) would never answer while nothing moves the manual clock: when the fake has not answered
 * once every pending callback has run, the clock moves 1 s, up to two simulated minutes.
 */
export async function sendInProcess(fake: Fake, request: FuzzRequest): Promise<FuzzAnswer> {
  let settled = false
  const pending = fake
    .request(request.path, {
      method: request.method,
      headers: request.headers,
      body: request.body,
    })
    .finally(() => (settled = true))
  pending.catch(() => {})
  for (let waited = 0; !settled; waited++) {
    await new Promise((resolve) => setImmediate(resolve))
    if (settled) break
    if (waited >= 120) return noAnswer('no answer after 120 s of clock time')
    fake.clock.advance(1000)
  }
  let response: Response
  try {
    response = await pending
  } catch (error) {
    return noAnswer(`threw ${(error as Error).name}: ${(error as Error).message}`)
  }
  const answer: FuzzAnswer = {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    text: await response.text(),
  }
  return answer
}

export const noAnswer = (error: string): FuzzAnswer => ({ status: 0, headers: {}, text: '', error })
