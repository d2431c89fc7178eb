import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Ajv2020 } from 'ajv/dist/2020.js'
import { createRequire } from 'node:module'
import { SCENARIO_CACHE } from '../paths.js'
import { durationAt, FileCheck, listOr } from './file-check.js'
import type { Fault, Outcome, Scenario, ScenarioVocabulary } from './scenario.js'
import { faultKinds, outcomeKinds, scenarioSchema } from './schema.js'

/** What the loader checks a vendor's scenarios against. */
export interface ScenarioSource {
  vendor: string
  vocabulary: ScenarioVocabulary
  /**
   * The spec's operationIds; when unknown (the spec itself failed), fault operations go unchecked.
   */
  operations?: string[]
}

export const SCENARIO_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/

/** Scenarios by vendor and name, and every problem found (each naming file:line:column). */
export interface LoadedScenarios {
  scenarios: Map<string, Map<string, Scenario>>
  problems: string[]
  /**
   * The files parsed and validated in this call (not from the cache), by cache key: what the build
   * caches.
   */
  loaded?: Record<string, Scenario>
}

// Ajv is loaded only for scenarios the build has not checked: importing it costs ~70 ms of start-up.
const loadAjv = () =>
  (createRequire(import.meta.url)('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js')).Ajv2020

export const scenarioKey = (label: string, text: string) =>
  `${label}:${createHash('sha256').update(text).digest('hex')}`

function readScenarioCache(): Record<string, Scenario> {
  try {
    return JSON.parse(readFileSync(SCENARIO_CACHE, 'utf8')) as Record<string, Scenario>
  } catch {
    return {}
  }
}

/**
 * Loads every scenario under `dir` (`<vendor>/<name>.yaml`). Nothing in a file is executed; each
 * is validated against the scenario schema and the vendor's vocabulary.
 *
 * @example
 * const { scenarios, problems } = loadScenarios('scenarios', sources)
 */
export function loadScenarios(
  dir: string,
  sources: ScenarioSource[],
  { cache = readScenarioCache() } = {},
): LoadedScenarios {
  // Validators are built only when a file is not in the build's cache (compiling them costs ~50
  // ms).
  let ajv: Ajv2020 | undefined
  let shared: (Omit<Validators, 'options'> & { top: ReturnType<Ajv2020['compile']> }) | undefined
  const need = () => {
    ajv ??= new (loadAjv())({ strict: true, allErrors: true })
    const compiler = ajv
    const branch = (kinds: Record<string, object>) =>
      Object.fromEntries(Object.entries(kinds).map(([k, s]) => [k, compiler.compile(s)]))
    shared ??= {
      top: compiler.compile(scenarioSchema),
      outcomes: branch(outcomeKinds),
      faults: branch(faultKinds),
    }
    return { ajv: compiler, ...shared }
  }
  const scenarios = new Map<string, Map<string, Scenario>>()
  const problems: string[] = []
  const loadedNow: Record<string, Scenario> = {}
  if (!existsSync(dir)) return { scenarios, problems }
  const known = new Map(sources.map((s) => [s.vendor, s]))
  for (const folder of readdirSync(dir, { withFileTypes: true })) {
    if (!folder.isDirectory()) continue
    const source = known.get(folder.name)
    if (!source) {
      problems.push(
        `[jobfake] Failed to load scenarios in ${folder.name}/: no vendor is named "${folder.name}". Use one of: ${[...known.keys()].join(', ')}.`,
      )
      continue
    }
    const byName = new Map<string, Scenario>()
    scenarios.set(source.vendor, byName)
    let options: ReturnType<Ajv2020['compile']> | undefined
    for (const file of readdirSync(join(dir, folder.name))
      .filter((f) => /\.ya?ml$/.test(f))
      .sort()) {
      const name = file.replace(/\.ya?ml$/, '')
      const label = `${folder.name}/${file}`
      const text = readFileSync(join(dir, folder.name, file), 'utf8')
      const key = scenarioKey(label, text)
      const cached = cache[key]
      if (cached) {
        byName.set(name, cached)
        continue
      }
      const { ajv: compiler, top, outcomes, faults } = need()
      if (source.vocabulary.options) options ??= compiler.compile(source.vocabulary.options)
      // yaml is loaded only when a file is not in the build's cache.
      const yaml = createRequire(import.meta.url)('yaml') as typeof import('yaml')
      const lines = new yaml.LineCounter()
      const doc = yaml.parseDocument(text, { lineCounter: lines })
      const check = new FileCheck(label, doc, lines)
      if (!SCENARIO_NAME.test(name))
        check.at([], `"${name}" is not a scenario name: use lowercase letters, digits and dashes.`)
      for (const error of doc.errors) {
        const { line, col } = lines.linePos(error.pos[0])
        check.problems.push(
          `[jobfake] Failed to load scenario ${label}:${line}:${col}: ${error.message.split('\n')[0]}`,
        )
      }
      const data = (doc.errors.length ? {} : (doc.toJS() ?? {})) as Record<string, any>
      if (doc.errors.length === 0 && !top(data)) check.ajv(top.errors, [])
      if (check.problems.length === 0) {
        const scenario = build(check, source, data, { outcomes, faults, options })
        if (check.problems.length === 0)
          byName.set(name, (loadedNow[key] = { ...scenario, name, file: label }))
      }
      problems.push(...check.problems)
    }
  }
  return { scenarios, problems, loaded: loadedNow }
}

type Validators = {
  outcomes: Record<string, ReturnType<Ajv2020['compile']>>
  faults: Record<string, ReturnType<Ajv2020['compile']>>
  options?: ReturnType<Ajv2020['compile']>
}

function build(
  check: FileCheck,
  source: ScenarioSource,
  data: Record<string, any>,
  v: Validators,
): Omit<Scenario, 'name'> {
  const { vocabulary } = source
  const delays: Record<string, number> = {}
  for (const [name, value] of Object.entries(data.delays ?? {})) {
    if (!(name in vocabulary.delays)) {
      check.at(
        ['delays'],
        `unknown delay "${name}". Use one of: ${listOr(Object.keys(vocabulary.delays))}.`,
        name,
      )
    } else delays[name] = durationAt(check, ['delays', name], value)
  }
  for (const name of Object.keys(data.counters ?? {})) {
    const known = Object.keys(vocabulary.counters)
    if (!known.includes(name))
      check.at(['counters'], `unknown counter "${name}". Use one of: ${listOr(known)}.`, name)
  }
  for (const key of Object.keys(data.cancel ?? {})) {
    const honoured =
      key === 'grace' ? vocabulary.cancel?.grace !== undefined : vocabulary.cancel?.worker === true
    if (!honoured)
      check.at(
        ['cancel'],
        `${source.vendor} does not honour cancel.${key}: its jobs have no ${key === 'grace' ? 'cancel acknowledgement delay' : 'worker that acknowledges a cancel'}. Remove it.`,
        key,
      )
  }
  let outcome: Outcome = { kind: 'complete' }
  if (data.outcome) {
    const validate = v.outcomes[data.outcome.kind]!
    if (!validate(data.outcome)) check.ajv(validate.errors, ['outcome'])
    else outcome = { at: 0.5, ...data.outcome }
  }
  const faults: Fault[] = []
  ;(data.faults ?? []).forEach((raw: Record<string, any>, i: number) => {
    const validate = v.faults[raw.kind]!
    if (!validate(raw)) return check.ajv(validate.errors, ['faults', i])
    if (
      raw.operation !== undefined &&
      source.operations &&
      !source.operations.includes(raw.operation)
    ) {
      check.at(
        ['faults', i, 'operation'],
        `unknown operation "${raw.operation}". Use one of: ${listOr(source.operations)}.`,
      )
    }
    if (raw.kind === 'latency') {
      const fixed =
        raw.fixed === undefined ? undefined : durationAt(check, ['faults', i, 'fixed'], raw.fixed)
      const min =
        fixed ??
        (raw.min === undefined ? undefined : durationAt(check, ['faults', i, 'min'], raw.min))
      const max =
        fixed ??
        (raw.max === undefined ? undefined : durationAt(check, ['faults', i, 'max'], raw.max))
      if (min === undefined || max === undefined)
        return check.at(['faults', i], 'a latency fault needs "fixed", or "min" and "max".')
      if (min > max)
        return check.at(['faults', i], `latency min (${raw.min}) is above max (${raw.max}).`)
      faults.push({ kind: 'latency', operation: raw.operation, min, max })
    } else if (raw.kind === 'rate-limit') {
      faults.push({
        kind: 'rate-limit',
        operation: raw.operation,
        limit: raw.limit,
        per: durationAt(check, ['faults', i, 'per'], raw.per),
      })
    } else faults.push({ ...(raw as Fault) })
  })
  const timeline = ((data.timeline ?? []) as Array<{ at: unknown; event: string }>).map(
    (entry, i) => {
      if (!(entry.event in vocabulary.events)) {
        check.at(
          ['timeline', i, 'event'],
          `unknown event "${entry.event}". Use one of: ${listOr(Object.keys(vocabulary.events))}.`,
        )
      }
      return { at: durationAt(check, ['timeline', i, 'at'], entry.at), event: entry.event }
    },
  )
  if (data.options !== undefined) {
    if (!v.options) check.at(['options'], `${source.vendor} takes no options.`)
    else if (!v.options(data.options)) check.ajv(v.options.errors, ['options'])
  }
  const cancel = data.cancel ?? {}
  return {
    vendor: source.vendor,
    description: data.description ?? '',
    delays,
    outcome,
    counters: { ...(data.counters ?? {}) },
    cancel: {
      worker: cancel.worker ?? 'responsive',
      grace:
        cancel.grace === undefined
          ? undefined
          : durationAt(check, ['cancel', 'grace'], cancel.grace),
    },
    options: { ...(data.options ?? {}) },
    faults,
    timeline,
  }
}
