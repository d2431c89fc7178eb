import { execFile, spawn } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs'
import { networkInterfaces, tmpdir } from 'node:os'
import { dirname, join, posix, relative } from 'node:path'
import { promisify } from 'node:util'
import { validate } from 'dockerfile-utils'
import { afterAll, describe, expect, test } from 'vitest'
import {
  type Instruction,
  type Stage,
  parseDockerfile,
  splitFlags,
  jsonArray,
  dockerignore,
  snapshot,
  within,
} from './support/dockerfile.js'

// No Docker engine runs here. The Dockerfile is linted and its properties checked; then the runtime
// stage
// is replayed in a temporary folder as docker would build and run it: its COPYs (the build stage's
// outputs
// taken from this checkout, whose dist/ `npm test` has just built), its `npm ci` (from npm's warm
// cache),
// then its CMD and its HEALTHCHECK against the server that CMD starts.
const ROOT = new URL('..', import.meta.url).pathname
const DOCKERFILE = readFileSync(join(ROOT, 'Dockerfile'), 'utf8')
const DOCKERIGNORE = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>
  devDependencies: Record<string, string>
  files: string[]
}
const execFileAsync = promisify(execFile)

const ignored = dockerignore(DOCKERIGNORE)

const stages = parseDockerfile(DOCKERFILE)
const runtime = stages.at(-1)!
const build = stages.find(
  (s) =>
    s !== runtime &&
    s.instructions.some((i) => i.keyword === 'RUN' && /\bnpm run build\b/.test(i.args)),
)
const all = (stage: Stage, keyword: string) =>
  stage.instructions.filter((i) => i.keyword === keyword)
const one = (stage: Stage, keyword: string) => {
  const found = all(stage, keyword)
  if (found.length !== 1)
    throw new Error(`expected one ${keyword} in the runtime stage, found ${found.length}`)
  return found[0]!
}

const cleanup: Array<() => void> = []
// Removing the replayed install (prism-http and faker's locales among it) takes seconds.
afterAll(() => {
  for (const step of cleanup.reverse()) step()
}, 60_000)

describe('Dockerfile', () => {
  test('lints clean with dockerfile-utils', () => {
    const W = 1 // ValidationSeverity.WARNING: every optional check at least warns
    const diagnostics = validate(DOCKERFILE, {
      deprecatedMaintainer: W,
      directiveCasing: W,
      emptyContinuationLine: W,
      instructionCasing: W,
      instructionCmdMultiple: W,
      instructionEntrypointMultiple: W,
      instructionHealthcheckMultiple: W,
      instructionJSONInSingleQuotes: W,
      instructionWorkdirRelative: W,
    })
    // LSP severities: 1 error, 2 warning, 3 information, 4 hint. Every diagnostic is listed on
    // failure.
    const shown = diagnostics.map(
      (d) =>
        `line ${d.range.start.line + 1}: [${['', 'error', 'warning', 'info', 'hint'][d.severity ?? 1]}] ${d.message}`,
    )
    expect(
      diagnostics.filter((d) => (d.severity ?? 1) <= 2),
      `dockerfile-utils:\n${shown.join('\n')}`,
    ).toEqual([])
  })

  test('is multi-stage on a current LTS Node pinned by major, runs as a non-root user, exposes 4010 with a health check', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2)
    expect(build, 'a build stage that runs `npm run build`').toBeDefined()
    expect(
      all(build!, 'RUN')
        .map((i) => i.args)
        .join('\n'),
    ).toMatch(/\bnpm ci\b/)
    for (const stage of stages) {
      // the official image, pinned by major version only (node:26-trixie-slim): patch releases
      // arrive on rebuild
      const tag = /^node:(\d+)(-[a-z0-9-]+)?$/.exec(stage.image)
      expect(tag, `FROM ${stage.image}`).not.toBeNull()
      expect(Number(tag![1])).toBeGreaterThanOrEqual(22)
    }
    expect(
      new Set(stages.map((s) => /^node:(\d+)/.exec(s.image)?.[1])).size,
      'build and runtime on the same Node major',
    ).toBe(1)

    expect(one(runtime, 'WORKDIR').args).toBe('/app')
    expect(all(runtime, 'ENV').map((i) => i.args)).toContain('NODE_ENV=production')
    const user = one(runtime, 'USER')
    expect(user.args).toBe('node') // the unprivileged user (uid 1000) of the official image
    expect(user.line, 'USER before CMD').toBeLessThan(one(runtime, 'CMD').line)
    expect(one(runtime, 'EXPOSE').args).toBe('4010')

    const { rest: check } = splitFlags(one(runtime, 'HEALTHCHECK').args)
    expect(check).toMatch(/^CMD\s+\[/)
    const probe = jsonArray(check.replace(/^CMD\s+/, ''), 'HEALTHCHECK CMD')
    expect(probe[0], 'no curl or wget in a slim image: node probes').toBe('node')
    expect(probe.join(' ')).toContain('http://127.0.0.1:4010/__admin/health')

    const cmd = jsonArray(one(runtime, 'CMD').args, 'CMD')
    expect(cmd.slice(0, 3)).toEqual(['node', 'dist/cli.js', 'serve'])
    expect(cmd[cmd.indexOf('--host') + 1]).toBe('0.0.0.0')
    expect(cmd[cmd.indexOf('--port') + 1]).toBe('4010')
    expect(all(runtime, 'ENTRYPOINT')).toEqual([])
  })

  test('.dockerignore keeps installs, builds, git and tests out of the context, but nothing the image needs', () => {
    for (const path of [
      'node_modules',
      'dist/cli.js',
      '.git',
      'coverage',
      'bench/results',
      'test/dockerfile.test.ts',
    ])
      expect(ignored(path), path).toBe(true)
    for (const path of [
      'package.json',
      'package-lock.json',
      'tsconfig.build.json',
      'scripts/spec-hashes.mjs',
      'src/cli.ts',
      'specs',
      'scenarios',
    ]) {
      expect(ignored(path), path).toBe(false)
    }
  })

  test('its runtime stage, replayed (COPY, npm ci, CMD), serves a healthy fake that passes its HEALTHCHECK and stops on SIGTERM', async () => {
    const appDir = mkdtempSync(join(tmpdir(), 'jobfake-docker-'))
    cleanup.push(() => rmSync(appDir, { recursive: true, force: true }))
    const into = (target: string) =>
      join(appDir, posix.resolve('/app', target).replace(/^\/app\/?/, ''))

    // What the build stage holds under /app, and where this checkout has it.
    const built = new Map<string, { from: string; context: boolean }>()
    for (const { line, keyword, args } of build!.instructions) {
      if (keyword === 'COPY') {
        const { flags, rest } = splitFlags(args)
        expect(flags.has('from'), `build stage line ${line}`).toBe(false)
        const parts = rest.split(/\s+/)
        const target = parts.pop()!
        for (const source of parts) {
          if (!statSync(join(ROOT, source)).isDirectory())
            built.set(posix.resolve('/app', target, target.endsWith('/') ? source : ''), {
              from: source,
              context: true,
            })
          else built.set(posix.resolve('/app', target), { from: source, context: true })
        }
      } else if (keyword === 'RUN') {
        const { rest } = splitFlags(args)
        if (/\bnpm run build\b/.test(rest)) built.set('/app/dist', { from: 'dist', context: false })
        if (/\bnpm ci\b/.test(rest))
          built.set('/app/node_modules', { from: 'node_modules', context: false })
      }
    }

    const env: Record<string, string> = {}
    const started = Date.now()
    let installMs = 0
    for (const { line, keyword, args } of runtime.instructions) {
      const where = `runtime stage, Dockerfile line ${line}: ${keyword} ${args}`
      if (keyword === 'COPY') {
        const { flags, rest } = splitFlags(args)
        for (const flag of flags.keys())
          expect(['from', 'chown', 'chmod', 'link'], where).toContain(flag)
        const parts = rest.split(/\s+/)
        const target = parts.pop()!
        for (const source of parts) {
          let from: string
          let filter = (_path: string) => true
          if (flags.has('from')) {
            expect(flags.get('from'), where).toBe(build!.name)
            const entry = [...built.entries()].find(
              ([path]) => source === path || source.startsWith(path + '/'),
            )
            expect(entry, `${where}: the build stage does not produce ${source}`).toBeDefined()
            from = join(ROOT, entry![1].from, source.slice(entry![0].length))
            if (entry![1].context) filter = (path) => !ignored(relative(ROOT, path))
          } else {
            expect(ignored(source), `${where}: ${source} is left out by .dockerignore`).toBe(false)
            from = join(ROOT, source)
            filter = (path) => !ignored(relative(ROOT, path))
          }
          expect(existsSync(from), `${where}: ${from}`).toBe(true)
          // A folder's contents go to the target; a file goes into a target ending in / (or being a
          // folder).
          const file = !statSync(from).isDirectory()
          const to =
            file && (target.endsWith('/') || parts.length > 1)
              ? join(into(target), posix.basename(source))
              : into(target)
          mkdirSync(file ? dirname(to) : to, { recursive: true })
          cpSync(from, to, { recursive: true, filter })
        }
      } else if (keyword === 'RUN') {
        const { flags, rest } = splitFlags(args)
        for (const [flag, value] of flags)
          expect(`${flag}=${value}`, where).toMatch(/^mount=type=cache,/) // a build cache: npm's own here
        // Only npm ci is replayed on this machine (anything else must be taught to the replay
        // deliberately).
        const steps = rest.split(/\s*&&\s*/)
        for (const step of steps) expect(step, where).toMatch(/^npm ci(\s|$)/)
        const t0 = Date.now()
        // npm's cache is warm (CI ran npm ci just before): prefer it to the registry.
        const command = steps
          .map((s) => s.replace(/^npm ci/, 'npm ci --prefer-offline'))
          .join(' && ')
        await execFileAsync('/bin/sh', ['-c', command], {
          cwd: appDir,
          env: { ...process.env, ...env },
          timeout: 120_000,
        }).catch((error: Error & { stderr?: string }) => {
          throw new Error(`${where}\n${error.message}\n${error.stderr ?? ''}`)
        })
        installMs = Date.now() - t0
      } else if (keyword === 'ENV') {
        for (const [, key, quoted, bare] of args.matchAll(/(\w+)=(?:"([^"]*)"|(\S*))/g))
          env[key!] = quoted ?? bare ?? ''
      } else {
        expect(
          ['FROM', 'WORKDIR', 'USER', 'EXPOSE', 'HEALTHCHECK', 'CMD', 'LABEL', 'ARG'],
          `${where}: not replayed`,
        ).toContain(keyword)
      }
    }

    // What the package says it ships (package.json "files"), and production dependencies only.
    for (const path of pkg.files)
      expect(existsSync(join(appDir, path)), `${path} (package.json "files") in /app`).toBe(true)
    for (const name of Object.keys(pkg.dependencies))
      expect(existsSync(join(appDir, 'node_modules', name, 'package.json')), name).toBe(true)
    // A devDependency that a production dependency also needs (prism-http's @types/node) ships.
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dev?: boolean }>
    }
    for (const name of Object.keys(pkg.devDependencies)) {
      if (lock.packages[`node_modules/${name}`]?.dev !== true) continue
      expect(existsSync(join(appDir, 'node_modules', name)), `devDependency ${name}`).toBe(false)
    }

    // The CMD, on a free port; the image's own environment (no vitest variables).
    const cmd = jsonArray(one(runtime, 'CMD').args, 'CMD')
    const args = cmd.slice(1).map((arg, i, list) => (list[i - 1] === '--port' ? '0' : arg))
    const before = snapshot(appDir)
    const child = spawn(process.execPath, args, {
      cwd: appDir,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    cleanup.unshift(
      () => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'),
    )
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    )
    const url = await within(
      new Promise<string>((resolve, reject) => {
        child.stdout.on('data', () => {
          const found = /listening on (http:\/\/\S+)/.exec(output)
          if (found) resolve(found[1]!)
        })
        child.on('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)))
      }),
      30_000,
      () => output,
    )
    const port = new URL(url).port
    const base = `http://127.0.0.1:${port}`

    const health = await fetch(`${base}/__admin/health`)
    expect(health.status).toBe(200)
    expect(await health.json()).toEqual({ status: 'ok' })
    // --host 0.0.0.0: reachable on this machine's other addresses too (as through docker's port
    // mapping).
    const external = Object.values(networkInterfaces())
      .flat()
      .find((a) => a !== undefined && a.family === 'IPv4' && !a.internal)
    if (external)
      expect(
        (await fetch(`http://${external.address}:${port}/__admin/health`)).status,
        external.address,
      ).toBe(200)
    else
      console.warn(
        '[dockerfile.test] no non-loopback IPv4 address here: the 0.0.0.0 binding was checked on 127.0.0.1 only',
      )
    const fixtures = await fetch(`${base}/__admin/fixtures`)
    expect(fixtures.status).toBe(200)
    const demo = (await fixtures.json()) as Record<string, Record<string, unknown>>
    expect(Object.keys(demo)).toEqual(
      expect.arrayContaining(['airweave', 'peaka', 'chroma', 'akua']),
    )
    // The bundled scenarios, each vendor's folder of scenarios/ as in this checkout.
    const catalogue = (await (await fetch(`${base}/__admin/scenarios`)).json()) as Record<
      string,
      { available: Array<{ name: string }> }
    >
    for (const vendor of readdirSync(join(ROOT, 'scenarios'))) {
      const files = readdirSync(join(ROOT, 'scenarios', vendor)).filter((f) => /\.ya?ml$/.test(f))
      expect(
        catalogue[vendor]?.available.map((s) => s.name).sort(),
        `scenarios of ${vendor}`,
      ).toEqual(files.map((f) => f.replace(/\.ya?ml$/, '')).sort())
    }
    // A vendor route, validated against specs/ as installed in the image.
    const airweave = demo.airweave as { apiKey: string; sourceConnectionIds: string[] }
    const run = await fetch(
      `${base}/airweave/source-connections/${airweave.sourceConnectionIds[0]}/run`,
      {
        method: 'POST',
        headers: { 'x-api-key': airweave.apiKey },
      },
    )
    expect(run.status).toBe(200)
    expect(await run.json()).toMatchObject({
      status: 'pending',
      source_connection_id: airweave.sourceConnectionIds[0],
    })
    const journal = await (await fetch(`${base}/__admin/journal?vendor=airweave`)).json()
    expect(journal).toEqual([
      expect.objectContaining({
        method: 'POST',
        status: 200,
        operation: expect.any(String),
        violations: [],
      }),
    ])

    // The image's HEALTHCHECK command, pointed at this port.
    const probe = jsonArray(
      splitFlags(one(runtime, 'HEALTHCHECK').args).rest.replace(/^CMD\s+/, ''),
      'HEALTHCHECK CMD',
    )
    const healthcheck = () =>
      execFileAsync(
        process.execPath,
        probe.slice(1).map((a) => a.replace('127.0.0.1:4010', `127.0.0.1:${port}`)),
        { timeout: 10_000 },
      ).then(
        () => 0,
        (error: { code?: number }) => error.code ?? -1,
      )
    expect(await healthcheck(), 'HEALTHCHECK while serving').toBe(0)

    child.kill('SIGTERM')
    expect(await within(exited, 10_000, () => output), output).toBe(0)
    expect(output).toContain('SIGTERM: shutting down')
    expect(await healthcheck(), 'HEALTHCHECK once stopped').not.toBe(0)
    // The server runs as `node` on files owned by root: it must not write below /app.
    expect(snapshot(appDir)).toEqual(before)
    console.info(
      `[dockerfile.test] replay: npm ci ${installMs} ms, whole replay ${Date.now() - started} ms`,
    )
  }, 180_000)
})
