import fc from 'fast-check'
import { expect, test } from 'vitest'
import type { Operation } from '../../src/spec/operations.js'
import { createSpecRouter, type RouteMatch } from '../../src/spec/router.js'
import { operationAt } from '../support/spec-fixtures.js'

// The router as it was: every template tried, most literal first. The indexed one must agree.
function everyTemplate(operations: Operation[]) {
  const byPath = new Map<string, { pattern: RegExp; literal: number; ops: Operation[] }>()
  for (const op of operations) {
    const known = byPath.get(op.path)
    if (known) known.ops.push(op)
    else {
      const parts = op.path.split(/(\{[^}]+\})/)
      const literal = parts.filter((p) => !p.startsWith('{')).join('').length
      const source = parts.map((p) => (p.startsWith('{') ? '([^/:]+)' : p)).join('')
      byPath.set(op.path, { pattern: new RegExp(`^${source}$`), literal, ops: [op] })
    }
  }
  const routes = [...byPath.values()].sort((a, b) => b.literal - a.literal)
  return (method: string, path: string): string => {
    const allowed = new Set<string>()
    for (const route of routes) {
      if (!route.pattern.test(path)) continue
      const op = route.ops.find((o) => o.method === method)
      if (op) return op.id
      route.ops.forEach((o) => allowed.add(o.method))
    }
    return allowed.size > 0 ? `405 ${[...allowed].sort()}` : '404'
  }
}

const summary = (match: RouteMatch) =>
  match.kind === 'operation'
    ? match.operation.id
    : match.kind === 'method-not-allowed'
      ? `405 ${[...match.allowed].sort()}`
      : '404'

const segment = fc.constantFrom('a', 'b', 'undefined', '{p}', '{q}', '{p}:run', 'a:run', '')
const template = fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => `/${s.join('/')}`)
const urlSegment = fc.constantFrom('a', 'b', 'undefined', 'x1', 'x1:run', 'a:run', '')
const url = fc.array(urlSegment, { minLength: 0, maxLength: 5 }).map((s) => `/${s.join('/')}`)

test('the indexed router finds what trying every template finds: operation, 405 or 404', () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.tuple(fc.constantFrom('GET', 'POST'), template), {
        minLength: 1,
        maxLength: 12,
        selector: ([m, p]) => `${m} ${p}`,
      }),
      fc.array(fc.tuple(fc.constantFrom('GET', 'POST', 'DELETE'), url), { maxLength: 20 }),
      (declared, requests) => {
        const operations = declared.map(([method, path]) => operationAt(method, path))
        const indexed = createSpecRouter(operations)
        const reference = everyTemplate(operations)
        for (const [method, path] of requests)
          expect(summary(indexed(method, path)), `${method} ${path}`).toBe(reference(method, path))
      },
    ),
    { numRuns: 500 },
  )
})
