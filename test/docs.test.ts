import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, test } from 'vitest'
import { scenarioSchema, faultKinds } from '../src/scenarios/schema.js'
import { vendors } from '../src/vendors/index.js'

const ROOT = new URL('..', import.meta.url).pathname
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
  )

// The docs are part of the product: these fail when code grows and the README does not.
describe('the README stays in sync', () => {
  test('every admin route is documented', () => {
    const source = readFileSync(join(ROOT, 'src/http/admin/routes.ts'), 'utf8')
    const routes = [...source.matchAll(/admin\.(get|post|put|delete)\('([^']+)'/g)].map(
      ([, m, p]) => `${m!.toUpperCase()} /__admin${p}`,
    )
    expect(routes.length).toBeGreaterThan(8)
    for (const route of routes) expect(readme, route).toContain(route)
  })

  test('every scenario key and fault kind is documented', () => {
    for (const key of Object.keys(scenarioSchema.properties))
      expect(readme, key).toContain(`\`${key}\``)
    for (const kind of Object.keys(faultKinds)) expect(readme, kind).toContain(`kind: ${kind}`)
  })

  test('every bundled scenario and every vendor mount is documented', () => {
    for (const vendor of vendors) {
      expect(readme).toContain(`\`${vendor.mount}\``)
      const dir = join(ROOT, 'scenarios', vendor.name)
      for (const file of existsSync(dir) ? readdirSync(dir) : [])
        expect(readme, file).toContain(`\`${file.replace(/\.ya?ml$/, '')}\``)
    }
  })

  test('every Airweave error text of the catalogue is documented', async () => {
    const { errors } = await import('../src/vendors/airweave/errors.js')
    // A text's argument (a state, an id, a name) may be written as anything in the README.
    const ARG = '\u0000'
    const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    for (const make of Object.values(errors)) {
      const text = (make(ARG).body as { detail: string }).detail
      const pattern = new RegExp(text.split(ARG).map(escape).join('[^|`]+?'))
      expect(readme, text.replaceAll(ARG, '<…>')).toMatch(pattern)
    }
  })
})

describe('tests mirror the source', () => {
  test('every test file stands for a source file (support, shared cases and docs excepted)', () => {
    const exempt = /^(support\/|.*\.case\.ts$|docs\.test\.ts$|dockerfile(-[a-z]+)?\.test\.ts$)/
    for (const file of files(join(ROOT, 'test')).map((f) => relative(join(ROOT, 'test'), f))) {
      if (exempt.test(file)) continue
      const mirrored = file.replace(/\.test\.ts$/, '.ts')
      const asFolder = file.replace(/\/[^/]+\.test\.ts$/, '')
      expect(
        existsSync(join(ROOT, 'src', mirrored)) || existsSync(join(ROOT, 'src', asFolder)),
        `test/${file} mirrors nothing in src/`,
      ).toBe(true)
    }
  })
})
