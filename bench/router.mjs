// The spec router on its own (src/spec/router.ts): for each project spec, every operation's path
// with its parameters filled in is routed --rounds times over; prints the mean time a route takes,
// per vendor, for this build and (with --baseline <checkout with a built dist/>) the baseline's,
// interleaved round by round in one process, with the ratio. A poll routes once per request: Akua's
// spec has the most templates, and its poll's template is one of the least literal.
//
// Usage: node bench/router.mjs [--rounds 5] [--routes 200000] [--baseline <dir>]
// Needs dist/ (npm run build).
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { checkBuild } from './lib/builds.mjs'
import { die, options } from './lib/cli.mjs'
import { ROOT } from './lib/jobfake.mjs'

const USAGE = 'node bench/router.mjs [--rounds 5] [--routes 200000] [--baseline <dir>]'
const args = options(
  'router',
  {
    rounds: { default: '5', number: { min: 1, max: 50 } },
    routes: { default: '200000', number: { min: 1000, max: 10_000_000 } },
    baseline: {},
  },
  USAGE,
)
const VENDORS = ['airweave', 'akua', 'chroma', 'peaka']
const BASE = args.baseline === undefined ? undefined : resolve(args.baseline)
const problem = BASE && checkBuild(BASE, '--baseline', ['dist/spec/router.js'])
if (problem) die('router', problem)

const from = (root, rel) => import(pathToFileURL(join(root, 'dist', rel)).href)

/** Each vendor's router in a build, and the URLs of its operations (the same for every build). */
async function routersOf(root) {
  const { loadSpec } = await from(root, 'spec/load.js')
  const { operationsOf } = await from(root, 'spec/operations.js')
  const { createSpecRouter } = await from(root, 'spec/router.js')
  return VENDORS.map((vendor) => {
    const operations = operationsOf(loadSpec(join(ROOT, 'specs', `${vendor}.yaml`)))
    const urls = operations.map((op) => [op.method, op.path.replace(/\{[^}]+\}/g, 'x_1234')])
    return { vendor, route: createSpecRouter(operations), urls }
  })
}

const builds = [{ name: 'current', routers: await routersOf(ROOT) }]
if (BASE) builds.push({ name: 'base', routers: await routersOf(BASE) })

// µs per route, by build and vendor, one figure a round.
const times = new Map()
for (let round = 0; round < args.rounds; round++) {
  for (const { name, routers } of round % 2 ? [...builds].reverse() : builds) {
    for (const { vendor, route, urls } of routers) {
      let found = 0
      const start = performance.now()
      for (let i = 0; i < args.routes; i++) {
        const [method, url] = urls[i % urls.length]
        if (route(method, url).kind === 'operation') found++
      }
      const us = ((performance.now() - start) * 1000) / args.routes
      if (found !== args.routes)
        die('router', `${name} ${vendor}: ${args.routes - found} not routed`)
      const key = `${name} ${vendor}`
      times.set(key, [...(times.get(key) ?? []), us])
    }
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
console.log(`[router] ${args.rounds} round(s) of ${args.routes.toLocaleString('en-US')} routes`)
console.log('vendor     operations  current µs' + (BASE ? '  base µs  current/base' : ''))
for (const { vendor, urls } of builds[0].routers) {
  const cur = median(times.get(`current ${vendor}`))
  const line = `${vendor.padEnd(10)} ${String(urls.length).padStart(10)}  ${cur.toFixed(2).padStart(10)}`
  if (!BASE) console.log(line)
  else {
    const base = median(times.get(`base ${vendor}`))
    console.log(`${line}  ${base.toFixed(2).padStart(7)}  ${(cur / base).toFixed(2).padStart(11)}×`)
  }
}
