// Helpers of test/dockerfile.test.ts and test/dockerfile-replay.test.ts: reading a Dockerfile and
// replaying it as docker would; this checkout's Dockerfile, .dockerignore and package.json, read.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, posix } from 'node:path'
import { expect } from 'vitest'

export interface Instruction {
  line: number
  keyword: string
  args: string
}
export interface Stage {
  image: string
  name: string | undefined
  instructions: Instruction[]
}

/** Instructions per stage; continuation lines joined, comments and parser directives dropped. */
export function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = []
  let pending = ''
  let start = 0
  text.split('\n').forEach((raw, index) => {
    const line = raw.trimEnd()
    if (/^\s*#/.test(line) || (pending === '' && line.trim() === '')) return
    if (pending === '') start = index + 1
    if (line.endsWith('\\')) {
      pending += line.slice(0, -1) + ' '
      return
    }
    const whole = (pending + line).trim()
    pending = ''
    const match = /^(\w+)\s+([\s\S]*)$/.exec(whole)
    if (!match) throw new Error(`Dockerfile line ${start}: cannot read "${whole}"`)
    const keyword = match[1]!.toUpperCase()
    const args = match[2]!.trim()
    if (keyword === 'FROM') {
      const from = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args)
      if (!from) throw new Error(`Dockerfile line ${start}: cannot read FROM ${args}`)
      stages.push({ image: from[1]!, name: from[2], instructions: [] })
    }
    if (stages.length === 0)
      throw new Error(`Dockerfile line ${start}: ${keyword} before the first FROM`)
    stages.at(-1)!.instructions.push({ line: start, keyword, args })
  })
  return stages
}

/** Leading `--flag=value` options of an instruction, and the rest. */
export function splitFlags(args: string): { flags: Map<string, string>; rest: string } {
  const flags = new Map<string, string>()
  let rest = args
  for (
    let m = /^--([\w-]+)(?:=(\S*))?\s+/.exec(rest);
    m;
    m = /^--([\w-]+)(?:=(\S*))?\s+/.exec(rest)
  ) {
    flags.set(m[1]!, m[2] ?? 'true')
    rest = rest.slice(m[0].length)
  }
  return { flags, rest }
}

export const jsonArray = (args: string, what: string): string[] => {
  const parsed: unknown = JSON.parse(args)
  if (!Array.isArray(parsed) || !parsed.every((a) => typeof a === 'string'))
    throw new Error(`${what} is not a JSON string array`)
  return parsed as string[]
}

/** .dockerignore, as docker reads it: patterns from the context root, `!` re-includes, the last match wins. */
export function dockerignore(text: string): (path: string) => boolean {
  const rules = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const negate = l.startsWith('!')
      const pattern = posix.normalize((negate ? l.slice(1) : l).replace(/^\/+/, ''))
      const source = pattern
        .split(/(\*\*\/?|\*|\?)/)
        .map((part) =>
          part.startsWith('**')
            ? '(?:.*/)?' + (part === '**' ? '.*' : '')
            : part === '*'
              ? '[^/]*'
              : part === '?'
                ? '[^/]'
                : part.replace(/[.+^${}()|[\]\\]/g, '\\$&'),
        )
        .join('')
      return { negate, regex: new RegExp(`^${source}$`) }
    })
  const excluded = (path: string) =>
    rules.reduce((out, rule) => (rule.regex.test(path) ? !rule.negate : out), false)
  // A file is left out when it, or a folder above it, is.
  return (path) => path.split('/').some((_, i, parts) => excluded(parts.slice(0, i + 1).join('/')))
}

/** Every file below dir (relative path → size and mtime), to see that the server writes nothing there. */
export function snapshot(dir: string, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const rel = join(prefix, entry.name)
    if (entry.isDirectory()) for (const [k, v] of snapshot(dir, rel)) out.set(k, v)
    else {
      const stat = statSync(join(dir, rel))
      out.set(rel, `${stat.size}:${stat.mtimeMs}`)
    }
  }
  return out
}

/** Resolves when `promise` does, or rejects after `ms` with `what` (the output so far). */
export function within<T>(promise: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms: ${what()}`)), ms)
  })
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer))
}

/** This checkout, whose Dockerfile, .dockerignore and package.json the tests read. */
export const ROOT = new URL('../..', import.meta.url).pathname
export const DOCKERFILE = readFileSync(join(ROOT, 'Dockerfile'), 'utf8')
export const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>
  devDependencies: Record<string, string>
  files: string[]
}

/** Whether this checkout's .dockerignore leaves a path out of the build context. */
export const ignored = dockerignore(readFileSync(join(ROOT, '.dockerignore'), 'utf8'))

/** The Dockerfile's stages: the last is the runtime, the build stage is the one that builds. */
export const stages = parseDockerfile(DOCKERFILE)
export const runtime = stages.at(-1)!
export const build = stages.find(
  (s) =>
    s !== runtime &&
    s.instructions.some((i) => i.keyword === 'RUN' && /\bnpm run build\b/.test(i.args)),
)
export const all = (stage: Stage, keyword: string) =>
  stage.instructions.filter((i) => i.keyword === keyword)
export const one = (stage: Stage, keyword: string) => {
  const found = all(stage, keyword)
  if (found.length !== 1)
    throw new Error(`expected one ${keyword} in the runtime stage, found ${found.length}`)
  return found[0]!
}

/** What the build stage holds under /app, and where this checkout has it. */
export function buildOutputs(stage: Stage): Map<string, { from: string; context: boolean }> {
  const built = new Map<string, { from: string; context: boolean }>()
  for (const { line, keyword, args } of stage.instructions) {
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
  return built
}
