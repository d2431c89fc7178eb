// The build writes the project's validators as standalone code (src/spec/standalone.ts); start-up
// uses it instead of compiling. Both must judge every message alike: this checks them against
// each other on the project's own specs, over answers drawn from their schemas and mutations of them.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { compileSpec } from '../../src/spec/compile.js'
import { precompiledValidators } from '../../src/spec/precompiled.js'
import { writeStandalone } from '../../src/spec/standalone.js'
import { compileValidators } from '../../src/spec/validators.js'
import { sampleOf, wrongString, wrongValue } from '../support/fuzz/samples.js'

const SPECS = ['airweave', 'akua', 'chroma', 'peaka']

type Json = Record<string, unknown>

/** A schema with its component $refs replaced by what they name (recursion cut at `depth`). */
function inlined(schema: unknown, components: Json, depth = 4): unknown {
  if (Array.isArray(schema)) return schema.map((s) => inlined(s, components, depth))
  if (typeof schema !== 'object' || schema === null) return schema
  const ref = (schema as Json).$ref
  if (typeof ref === 'string' && ref.startsWith('#/components/schemas/'))
    return depth === 0 ? {} : inlined(components[ref.slice(21)], components, depth - 1)
  return Object.fromEntries(
    Object.entries(schema).map(([k, v]) => [
      k,
      k === 'example' ? v : inlined(v, components, depth),
    ]),
  )
}
/** A value changed the way a broken server would: a property dropped or given a wrong value. */
const mutated = (value: unknown) =>
  fc.oneof(
    fc.constant(value),
    wrongValue,
    fc
      .record({ key: fc.nat(), wrong: wrongValue, drop: fc.boolean() })
      .map(({ key, wrong, drop }) => {
        if (typeof value !== 'object' || value === null) return wrong
        const copy: Json = Array.isArray(value) ? ({ ...value } as Json) : { ...(value as Json) }
        const keys = Object.keys(copy)
        if (keys.length === 0) return wrong
        const name = keys[key % keys.length]!
        if (drop) delete copy[name]
        else copy[name] = wrong
        return Array.isArray(value) ? Object.values(copy) : copy
      }),
  )

describe.each(SPECS)('the standalone validators of %s', (name) => {
  test('judge responses and requests exactly as the compiled ones', async () => {
    const compiled = await compileSpec(`specs/${name}.yaml`)
    const dir = pathToFileURL(mkdtempSync(join(tmpdir(), 'jobfake-standalone-')) + '/')
    writeStandalone(compiled, dir)
    const standalone = precompiledValidators(compiled.spec, compiled.operations, dir)!
    const reference = compileValidators(compiled.spec, compiled.operations)
    expect([...standalone.keys()]).toEqual([...reference.keys()])
    const components = ((compiled.spec.doc.components ?? {}) as Json).schemas as Json
    const cases = compiled.operations.flatMap((operation) =>
      Object.entries(operation.responses)
        .filter(([, r]) => r.schema !== undefined)
        .map(([status, r]) => ({ operation, status, schema: inlined(r.schema, components) })),
    )
    let broken = 0
    let valid = 0
    fc.assert(
      fc.property(
        fc.constantFrom(...cases).chain((c) =>
          fc.tuple(
            fc.constant(c),
            sampleOf(c.schema as never).chain((v) => mutated(v)),
          ),
        ),
        fc.dictionary(fc.constantFrom('limit', 'offset', 'page', 'state', 'status'), wrongString),
        ([{ operation, status }, body], query) => {
          const code = /^\d{3}$/.test(status) ? Number(status) : 500
          const left = standalone.get(operation.id)!.response(code, body, {})
          expect(left).toEqual(reference.get(operation.id)!.response(code, body, {}))
          if (left.length > 0) broken++
          else valid++
          const parts = { path: {}, query, headers: {}, body }
          expect(standalone.get(operation.id)!.request(parts)).toEqual(
            reference.get(operation.id)!.request(parts),
          )
        },
      ),
      { numRuns: 300, seed: 18 },
    )
    // The runs reached both verdicts.
    expect(broken).toBeGreaterThan(30)
    expect(valid).toBeGreaterThan(30)
  })
})

test('the build wrote standalone validators for every project spec', () => {
  const hashes = JSON.parse(readFileSync('dist/spec-hashes.json', 'utf8')) as Record<string, string>
  expect(Object.keys(hashes).sort()).toEqual(SPECS.map((s) => `${s}.yaml`))
  for (const hash of Object.values(hashes))
    expect(existsSync(`dist/validators/${hash}.cjs`), `${hash}.cjs`).toBe(true)
})
