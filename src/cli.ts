#!/usr/bin/env node
import { parseArgs } from 'node:util'
import { PACKAGE_JSON } from './paths.js'
import { parseCors } from './http/cors.js'
import { LOG_MODES, type LogMode } from './http/log.js'
import { writeReport } from './cli/report.js'
import { runValidate } from './cli/validate.js'
import { VENDOR_DOC_HELP, VENDOR_DOC_OPTIONS, vendorDocsOf } from './cli/vendor-docs.js'

const SERVE = `jobfake serve [options]        serves every vendor on one port

  --port N                 4010; 0 picks a free port (the URL is printed)
  --host H                 127.0.0.1 (0.0.0.0 in a container)
  --clock MODE             real (default), manual, or scaled:<factor>
  --clock-start ISO        where a manual clock starts (default 2026-01-01T00:00:00Z)
  --seed N                 seeds ids: the same seed and requests give the same answers (1)
  --scenarios DIR          scenario files, <vendor>/<name>.yaml (default: the bundled ones)
  --scenario V/NAME        a default scenario, e.g. airweave/slow-cancel (repeatable)
  --specs DIR              the OpenAPI documents (default: the bundled specs/)
  --strict                 answer 500 rather than send a response that breaks its spec
  --lenient                serve specs with dangling $refs, not validating what they stand for
${VENDOR_DOC_HELP}
  --admin-token T          the admin API needs "Authorization: Bearer T" (or JOBFAKE_ADMIN_TOKEN);
                           without one it answers loopback clients only
  --journal-size N         requests each session's journal keeps (10000)
  --max-sessions N         sessions held at most; more evict the least recently used idle one (1000)
  --session-idle D         free sessions nobody used for D (e.g. 30m); default never
  --state-file PATH        keep every session in PATH across restarts (a write-ahead log)
  --cors on|off|ORIGINS    CORS for browsers (on: every origin, reflected)
  --log pretty|json|off    one console line per request (pretty)
  --report FILE            at shutdown, what was exercised: JUnit XML (.xml) or JSON`

const VALIDATE = `jobfake validate [options]     exits 0 when every spec and scenario is valid

  --specs DIR              the OpenAPI documents (default: the bundled specs/)
  --scenarios DIR          scenario files (default: the bundled ones)
  --lenient                accept specs with dangling $refs
${VENDOR_DOC_HELP}`

const USAGE = `Usage:
  jobfake serve [--port 4010] [--clock real|manual|scaled:<f>] [--state-file PATH] [...]
  jobfake validate [--specs DIR] [--scenarios DIR] [--lenient]
  jobfake verify --vendor V --base-url URL [credentials] [--allow-writes] [--dry-run] [--report F]
  jobfake record --vendor V --target URL [--port N] [--out FILE.har] [--keep-secrets]
  jobfake import-har FILE.har --vendor V [--name N] [--out FILE]
  jobfake <command> --help | jobfake --version

${SERVE}

${VALIDATE}

jobfake verify --help, jobfake record --help, jobfake import-har --help: their options`

const TOOLS: Record<string, () => Promise<{ help: string; run(args: string[]): Promise<number> }>> =
  {
    verify: async () => {
      const { VERIFY, runVerify } = await import('./cli/verify.js')
      return { help: VERIFY, run: runVerify }
    },
    record: async () => {
      const { RECORD, runRecord } = await import('./cli/record.js')
      return { help: RECORD, run: runRecord }
    },
    'import-har': async () => {
      const { IMPORT_HAR, runImportHar } = await import('./cli/import-har.js')
      return { help: IMPORT_HAR, run: runImportHar }
    },
  }

const fail = (message: string): never => {
  console.error(`[jobfake] ${message} See jobfake --help.`)
  process.exit(2)
}

const whole = (name: string, text: string | undefined, fallback: number, min = 0): number => {
  if (text === undefined) return fallback
  const n = Number(text)
  return Number.isInteger(n) && n >= min
    ? n
    : fail(`--${name} takes a whole number ≥ ${min} (got "${text}").`)
}

async function serveCommand(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      clock: { type: 'string', default: 'real' },
      seed: { type: 'string' },
      strict: { type: 'boolean', default: false },
      lenient: { type: 'boolean', default: false },
      specs: { type: 'string' },
      scenarios: { type: 'string' },
      scenario: { type: 'string', multiple: true },
      'admin-token': { type: 'string' },
      'journal-size': { type: 'string' },
      report: { type: 'string' },
      cors: { type: 'string', default: 'on' },
      log: { type: 'string', default: 'pretty' },
      'clock-start': { type: 'string' },
      'max-sessions': { type: 'string' },
      'session-idle': { type: 'string' },
      'state-file': { type: 'string' },
      ...VENDOR_DOC_OPTIONS,
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  if (values.help) return void console.log(SERVE)
  const port = whole('port', values.port, 4010)
  if (port > 65535) fail(`--port takes 0 to 65535 (got "${values.port}").`)
  const clockStart =
    values['clock-start'] === undefined ? undefined : Date.parse(values['clock-start'])
  if (clockStart !== undefined && Number.isNaN(clockStart))
    fail(
      `--clock-start takes an ISO 8601 time such as 2026-01-01T00:00:00Z (got "${values['clock-start']}").`,
    )
  if (!LOG_MODES.includes(values.log as LogMode))
    fail(`--log takes pretty, json or off (got "${values.log}").`)
  let cors: ReturnType<typeof parseCors> = true
  try {
    cors = parseCors(values.cors)
  } catch (error) {
    fail((error as Error).message.replace(/^\[jobfake\] /, ''))
  }
  // From the environment too, so that a container's token stays out of its command line.
  const adminToken = values['admin-token'] ?? (process.env.JOBFAKE_ADMIN_TOKEN || undefined)
  let vendorDocs: ReturnType<typeof vendorDocsOf> = {}
  try {
    vendorDocs = vendorDocsOf(values['vendor-doc'], values.mount)
  } catch (error) {
    fail((error as Error).message)
  }
  const { startFake } = await import('./http/server.js')
  const fake = await startFake({
    port,
    start: clockStart,
    maxSessions: whole('max-sessions', values['max-sessions'], 1000, 1),
    sessionIdle: values['session-idle'],
    stateFile: values['state-file'],
    host: values.host,
    clock: values.clock,
    seed: whole('seed', values.seed, 1),
    strict: values.strict,
    lenient: values.lenient,
    specsDir: values.specs,
    scenariosDir: values.scenarios,
    scenario: values.scenario,
    vendorDocs,
    adminToken,
    journalSize: whole('journal-size', values['journal-size'], 10_000, 1),
    cors,
    log: values.log as LogMode,
  })
  const ui = `${fake.url()}/__admin/ui/${adminToken ? '?token=<admin token>' : ''}`
  console.log(
    `[jobfake] listening on ${fake.url()} (clock ${values.clock}); admin API at ${fake.url()}/__admin; web UI at ${ui}`,
  )
  let closing = false
  const stop = (signal: string) => {
    if (closing) return
    closing = true
    console.log(`[jobfake] ${signal}: shutting down`)
    if (values.report) {
      writeReport(values.report, fake.report())
      console.log(`[jobfake] contract report written to ${values.report}`)
    }
    fake.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

async function version(): Promise<string> {
  const { readFileSync } = await import('node:fs')
  const pkg = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as {
    version: string
  }
  return `jobfake ${pkg.version}`
}

async function main(argv: string[]) {
  const [command, ...rest] = argv
  try {
    if (command === 'serve') return await serveCommand(rest)
    if (command === 'validate') {
      if (rest.includes('--help') || rest.includes('-h')) return void console.log(VALIDATE)
      return process.exit(await runValidate(rest))
    }
    // verify, record and import-har load only when asked for: serve's start-up stays as it was.
    const tool = TOOLS[command ?? '']
    if (tool) {
      const loaded = await tool()
      if (rest.includes('--help') || rest.includes('-h')) return void console.log(loaded.help)
      return process.exit(await loaded.run(rest))
    }
    if (command === '--version' || command === '-v') return void console.log(await version())
    if (command === undefined || command === '--help' || command === '-h') {
      console.log(USAGE)
      return process.exit(command === undefined ? 2 : 0)
    }
    fail(`Unknown command "${command}".`)
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException
    // The usual ways a start goes wrong, in one line each.
    if (code === 'EADDRINUSE')
      console.error(
        `[jobfake] The port is in use: ${message.replace(/^listen EADDRINUSE: address already in use /, '')}. Pick another with --port, or --port 0 for a free one.`,
      )
    else if (code === 'EADDRNOTAVAIL')
      console.error(
        `[jobfake] This machine has no such address to listen on (${message}). Use --host 127.0.0.1 or 0.0.0.0.`,
      )
    else if (error instanceof TypeError || message.startsWith('[jobfake]'))
      console.error(message.startsWith('[jobfake]') ? message : `[jobfake] ${message}`)
    else console.error(`[jobfake] ${message}`)
    process.exit(1)
  }
}

// Not awaited at the top: the build bundles this module as CommonJS (scripts/bundle.mjs), and main
// answers every error itself.
void main(process.argv.slice(2))
