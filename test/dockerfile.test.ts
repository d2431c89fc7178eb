import { execSync, spawn } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { validate } from 'dockerfile-utils'
import { afterAll, describe, expect, test } from 'vitest'

// No Docker engine runs here: the Dockerfile is linted, and its steps are replayed in temporary
// folders (one per stage), as docker would run them, ending with the container's command.
const ROOT = new URL('..', import.meta.url).pathname
const text = readFileSync(join(ROOT, 'Dockerfile'), 'utf8')

interface Instruction {
  keyword: string
  args: string
}

function parse(): Instruction[][] {
  const stages: Instruction[][] = []
  for (const line of text.replace(/\\\n\s*/g, ' ').split('\n')) {
    const match = /^([A-Z]+)\s+(.*)$/.exec(line.trim())
    if (!match) continue
    if (match[1] === 'FROM') stages.push([])
    stages.at(-1)!.push({ keyword: match[1]!, args: match[2]! })
  }
  return stages
}

const stages = parse()
const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

describe('Dockerfile', () => {
  test('lints clean', () => {
    expect(validate(text)).toEqual([])
  })

  test('is multi-stage, on a current LTS Node, non-root, with EXPOSE, HEALTHCHECK and 0.0.0.0', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2)
    for (const stage of stages) {
      const major = Number(/node:(\d+)/.exec(stage[0]!.args)?.[1])
      expect(major).toBeGreaterThanOrEqual(22)
      expect(major % 2).toBe(0)
    }
    const runtime = stages.at(-1)!
    const find = (keyword: string) => runtime.filter((i) => i.keyword === keyword).map((i) => i.args)
    expect(find('USER')).toEqual(['node'])
    expect(find('EXPOSE')).toEqual(['4010'])
    expect(find('HEALTHCHECK')[0]).toMatch(/\/__admin\/health/)
    expect(find('CMD')[0]).toMatch(/"--host", "0\.0\.0\.0"/)
  })

  test('its install-and-start steps, replayed, serve a healthy fake that stops on SIGTERM', async () => {
    const [build, runtime] = [stages[0]!, stages.at(-1)!]
    const buildDir = mkdtempSync(join(tmpdir(), 'jobfake-docker-build-'))
    const appDir = mkdtempSync(join(tmpdir(), 'jobfake-docker-app-'))
    dirs.push(buildDir, appDir)
    for (const { keyword, args } of build) {
      if (keyword === 'COPY') {
        const parts = args.split(/\s+/)
        const target = parts.pop()!
        for (const source of parts) cpSync(join(ROOT, source), join(buildDir, target.endsWith('/') ? source : target), { recursive: true })
      } else if (keyword === 'RUN') {
        // npm's cache is warm (CI ran npm ci just before): prefer it over the network.
        execSync(args.replace(/npm (ci|prune)/g, 'npm $1 --prefer-offline'), { cwd: buildDir, stdio: 'pipe', timeout: 240_000 })
      }
    }
    for (const { keyword, args } of runtime) {
      if (keyword !== 'COPY') continue
      const [, source, target] = /--from=build(?: --chown=\S+)? \/app\/(\S+) (\S+)/.exec(args)!
      cpSync(join(buildDir, source!), join(appDir, target!), { recursive: true })
    }
    const cmd = JSON.parse(runtime.find((i) => i.keyword === 'CMD')!.args) as string[]
    const args = cmd.slice(1).map((arg, i, all) => (all[i - 1] === '--port' ? '0' : arg))
    const child = spawn(process.execPath, args, { cwd: appDir, env: { ...process.env, NODE_ENV: 'production' } })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
    const port = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', () => {
        const found = /listening on http:\/\/[^:]+:(\d+)/.exec(output)
        if (found) resolve(found[1]!)
      })
      child.on('exit', () => reject(new Error(output)))
    })
    const base = `http://127.0.0.1:${port}`
    expect(await (await fetch(`${base}/__admin/health`)).json()).toEqual({ status: 'ok' })
    expect(Object.keys(await (await fetch(`${base}/__admin/fixtures`)).json())).toEqual(['peaka', 'airweave', 'chroma', 'akua'])
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
  }, 300_000)
})
