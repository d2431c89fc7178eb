// Resolving a plan against a run's state: the concrete request, faults and mutations applied.
import { generateSync } from 'json-schema-faker'
import type { Operation, Parameter } from '../../../src/spec/operations.js'
import type { FuzzerContext } from './fuzzer.js'
import { HARVESTED, lookup } from './knowledge.js'
import { mutate, overlay, type Node } from './mutations.js'
import { stringOf } from './samples.js'
import type {
  Fault,
  FuzzRequest,
  Mutation,
  RequestPlan,
  RunState,
  UnroutedPlan,
  ValuePlan,
} from './types.js'

export function resolverOf(fuzz: FuzzerContext) {
  const { vendor, mount, operations, knowledge, forJsf, namesOf } = fuzz

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

  return resolve
}
