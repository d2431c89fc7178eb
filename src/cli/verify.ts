import { parseArgs } from 'node:util'
import { parseDuration } from '../core/duration.js'
import { vendors } from '../vendors/index.js'
import { headerLine, listRequests } from '../verify/dry-run.js'
import { LIFECYCLES, type Plan, type Values } from '../verify/plan.js'
import { plans, planOf } from '../verify/plans.js'
import { writeVerifyReport, stepLine, summaryLine } from '../verify/report.js'
import { verify } from '../verify/run.js'
import { specCheck } from '../verify/spec-check.js'

// Words to lines of at most 100 characters, the ones after the first indented.
const wrap = (text: string, indent: number) =>
  text
    .split(' ')
    .reduce<string[]>((lines, word) => {
      const last = lines.at(-1)
      if (last !== undefined && last.length + word.length < 100 - indent - 8)
        lines[lines.length - 1] = `${last} ${word}`
      else lines.push(word)
      return lines
    }, [])
    .join(`\n${' '.repeat(indent)}`)

const needsOf = (plan: Plan) =>
  Object.values(plan.needs)
    .map((n) => `--${n.flag} (${n.env}): ${n.about}`)
    .join('\n      ')

/** `jobfake verify --help`: the flags, each vendor's credentials, and every request it sends. */
export const VERIFY = `jobfake verify --vendor V --base-url URL [credentials] [options]
                               replays the vendor's job lifecycles against a real service (or any
                               base URL) on the real clock; exits 1 when it differs from jobfake

  --vendor V               ${Object.keys(plans).join(', ')}
  --base-url URL           the service's base (https://api.airweave.ai, or a jobfake mount such as
                           http://127.0.0.1:4010/airweave): requests go below it and nowhere
                           else; redirects are not followed
  --allow-writes           send the requests marked "write" below (they start a job, cancel the
                           job verify started, delete what it created); without it only the
                           not-found probes are sent, and the other lifecycles are skipped
  --dry-run                print the requests and send nothing
  --lifecycle NAME         ${Object.keys(LIFECYCLES).join(', ')} (repeatable; default all)
  --poll-interval D        time between two polls (2s)
  --timeout D              time limit of each step, a poll until a state say (5m)
  --request-timeout D      time limit of one request (30s)
  --report FILE            the result as JUnit XML (.xml) or JSON
  --vendor-doc FILE        check bodies against the vendor's own OpenAPI document rather than
                           jobfake's specs/<vendor>.yaml
  --lenient                read such a document even with dangling $refs

Credentials and resources, by flag or else from the environment:
${Object.values(plans)
  .map((p) => `  ${p.vendor}\n      ${needsOf(p)}`)
  .join('\n')}

What it sends (read: changes nothing; probe: acts on a fresh id no job has; write: changes the
account). Every request carries the vendor's credential header and accept: application/json:
${Object.values(plans)
  .map(
    (p) =>
      `  ${p.vendor}: ${wrap(p.leaves, 4)}\n${listRequests(p)
        .map((l) => `  ${l}`)
        .join('\n')}`,
  )
  .join('\n')}`

const durationOf = (name: string, text: string | undefined, fallback: number) => {
  const ms = text === undefined ? fallback : parseDuration(text)
  if (ms === undefined || ms <= 0)
    throw new Error(`[jobfake] --${name} takes a duration such as 2s, 5m or PT30S (got "${text}").`)
  return ms
}

function baseUrlOf(text: string | undefined): string {
  if (!text) throw new Error('[jobfake] verify needs --base-url: the service it checks.')
  let url: URL | undefined
  try {
    url = new URL(text)
  } catch {}
  if (!url || !/^https?:$/.test(url.protocol) || url.search || url.hash || url.username)
    throw new Error(
      `[jobfake] --base-url takes an http(s) URL with no query, fragment or credentials (got "${text}").`,
    )
  return text.replace(/\/+$/, '')
}

const needFlags = Object.fromEntries(
  Object.values(plans).flatMap((p) =>
    Object.values(p.needs).map((n) => [n.flag, { type: 'string' as const }]),
  ),
)

/**
 * `jobfake verify`: replays a vendor's lifecycles against a base URL and reports each
 * difference. Returns the exit code: 0 none, 1 differences, 2 a usage mistake.
 *
 * @example
 * process.exit(await runVerify(['--vendor', 'airweave', '--base-url', url, '--dry-run']))
 */
export async function runVerify(args: string[]): Promise<number> {
  let setup: Awaited<ReturnType<typeof setUp>>
  try {
    setup = await setUp(args)
  } catch (error) {
    // A usage mistake: nothing was sent.
    console.error(
      `${(error as Error).message.replace(/^(?!\[jobfake\])/, '[jobfake] ')} See jobfake verify --help.`,
    )
    return 2
  }
  if (!setup) return 0
  const { plan, baseUrl, values, lifecycles, allowWrites, flags } = setup
  const vendor = vendors.find((v) => v.name === plan.vendor)!
  const doc = flags['vendor-doc']?.replace(new RegExp(`^${plan.vendor}=`), '')
  const spec = await specCheck(vendor, { vendorDoc: doc, lenient: flags.lenient })
  console.log(
    `[jobfake] verify ${plan.vendor} against ${baseUrl} (bodies checked against ${spec.file})`,
  )
  let current = ''
  const result = await verify({
    ...{ plan, vendor, baseUrl, values, spec, lifecycles, allowWrites, ...setup.times },
    onStep(lifecycle, step) {
      if (lifecycle !== current) console.log(`  ${(current = lifecycle)}`)
      console.log(stepLine(step))
    },
  })
  if (flags.report) {
    writeVerifyReport(flags.report, result)
    console.log(`[jobfake] report written to ${flags.report}`)
  }
  console.log(summaryLine(result))
  return result.differences === 0 ? 0 : 1
}

// Reads the flags; prints the requests and answers undefined for --dry-run.
async function setUp(args: string[]) {
  const { values: flags } = parseArgs({
    args,
    options: {
      vendor: { type: 'string' },
      'base-url': { type: 'string' },
      'allow-writes': { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      lifecycle: { type: 'string', multiple: true },
      'poll-interval': { type: 'string' },
      timeout: { type: 'string' },
      'request-timeout': { type: 'string' },
      report: { type: 'string' },
      'vendor-doc': { type: 'string' },
      lenient: { type: 'boolean', default: false },
      ...needFlags,
    },
  })
  const plan = planOf(flags.vendor)
  const baseUrl = baseUrlOf(flags['base-url'])
  const lifecycles = flags.lifecycle?.flatMap((l) => l.split(','))
  for (const name of lifecycles ?? [])
    if (!LIFECYCLES[name])
      throw new Error(
        `[jobfake] Unknown lifecycle "${name}": use ${Object.keys(LIFECYCLES).join(', ')}.`,
      )
  const pollMs = durationOf('poll-interval', flags['poll-interval'], 2000)
  const stepTimeoutMs = durationOf('timeout', flags.timeout, 300_000)
  const requestTimeoutMs = durationOf('request-timeout', flags['request-timeout'], 30_000)
  const allowWrites = flags['allow-writes']
  const given = flags as unknown as Record<string, string | undefined>
  const values: Values = {}
  for (const [key, need] of Object.entries(plan.needs)) {
    const value = given[need.flag] ?? (process.env[need.env] || undefined)
    if (value === '.' || value === '..')
      throw new Error(
        `[jobfake] --${need.flag} cannot be "${value}": it would lead out of the base URL.`,
      )
    if (value !== undefined) values[key] = value
    else if (!flags['dry-run'] && (allowWrites || !need.writesOnly))
      throw new Error(
        `[jobfake] verify ${plan.vendor} needs --${need.flag} (or ${need.env}): ${need.about}.`,
      )
  }
  const polling = `every ${flags['poll-interval'] ?? '2s'}, for at most ${flags.timeout ?? '5m'}, until`
  if (flags['dry-run']) {
    console.log(
      `[jobfake] verify ${plan.vendor} --dry-run: nothing is sent. It would send, below ${baseUrl}, with ${headerLine(plan, values)}:`,
    )
    for (const line of listRequests(plan, {
      ...{ base: baseUrl, values, lifecycles, allowWrites, polling },
    }))
      console.log(line)
    return undefined
  }
  const times = { pollMs, stepTimeoutMs, requestTimeoutMs }
  return { plan, baseUrl, values, lifecycles, allowWrites, flags, times }
}
