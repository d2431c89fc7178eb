import { validate } from 'dockerfile-utils'
import { describe, expect, test } from 'vitest'
import {
  DOCKERFILE,
  all,
  build,
  ignored,
  jsonArray,
  one,
  runtime,
  splitFlags,
  stages,
} from './support/dockerfile.js'

// No Docker engine runs here. The Dockerfile is linted and its properties checked, as is the
// .dockerignore; dockerfile-replay.test.ts replays its runtime stage as docker would.
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
})
