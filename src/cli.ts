#!/usr/bin/env node
import { parseArgs } from 'node:util'
import { parseCors } from './http/cors.js'
import { LOG_MODES, type LogMode } from './http/log.js'
import { writeReport } from './cli/report.js'
import { runValidate } from './cli/validate.js'

const USAGE = `Usage:
  jobfake serve [--port 4010] [--host 127.0.0.1] [--clock real|manual|scaled:<factor>] [--seed N]
                [--scenarios DIR] [--scenario <vendor>/<name> ...] [--strict] [--lenient]
                [--specs DIR] [--admin-token T] [--journal-size N] [--report FILE.json|FILE.xml]
                [--cors on|off|<origin>,...] [--log pretty|json|off]
                (the admin token may come from JOBFAKE_ADMIN_TOKEN instead)
  jobfake validate [--specs DIR] [--scenarios DIR] [--lenient]`

const fail = (message: string): never => {
  console.error(`[jobfake] ${message}\n\n${USAGE}`)
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
    },
  })
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
  const { startFake } = await import('./http/server.js')
  const fake = await startFake({
    port: whole('port', values.port, 4010),
    host: values.host,
    clock: values.clock,
    seed: whole('seed', values.seed, 1),
    strict: values.strict,
    lenient: values.lenient,
    specsDir: values.specs,
    scenariosDir: values.scenarios,
    scenario: values.scenario,
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

async function main(argv: string[]) {
  const [command, ...rest] = argv
  try {
    if (command === 'serve') return await serveCommand(rest)
    if (command === 'validate') return process.exit(await runValidate(rest))
    if (command === undefined || command === '--help' || command === '-h') {
      console.log(USAGE)
      return process.exit(command === undefined ? 2 : 0)
    }
    fail(`Unknown command "${command}".`)
  } catch (error) {
    const message = (error as Error).message
    console.error(message.startsWith('[jobfake]') ? message : `[jobfake] ${message}`)
    process.exit(1)
  }
}

await main(process.argv.slice(2))
