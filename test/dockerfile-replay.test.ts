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
import { afterAll, describe, expect, test } from 'vitest'
import {
  ROOT,
  build,
  buildOutputs,
  ignored,
  jsonArray,
  one,
  pkg,
  runtime,
  snapshot,
  splitFlags,
  within,
} from './support/dockerfile.js'

// No Docker engine runs here. The Dockerfile's runtime stage is replayed in a temporary folder as
// docker would build and run it: its COPYs (the build stage's outputs taken from this checkout,
// whose dist/ `npm test` has just built), its `npm ci` (from npm's warm cache), then its CMD and
// its HEALTHCHECK against the server that CMD starts.
const execFileAsync = promisify(execFile)

const cleanup: Array<() => void> = []
// Removing the replayed install (prism-http and faker's locales among it) takes seconds.
afterAll(() => {
  for (const step of cleanup.reverse()) step()
}, 60_000)

describe('Dockerfile', () => {
  test('its runtime stage, replayed (COPY, npm ci, CMD), serves a healthy fake that passes its HEALTHCHECK and stops on SIGTERM', async () => {
    const appDir = mkdtempSync(join(tmpdir(), 'jobfake-docker-'))
    cleanup.push(() => rmSync(appDir, { recursive: true, force: true }))
    const into = (target: string) =>
      join(appDir, posix.resolve('/app', target).replace(/^\/app\/?/, ''))

    const built = buildOutputs(build!)

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
