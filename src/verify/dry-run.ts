import { LIFECYCLES, type Plan, type Values } from './plan.js'
import { callsOf, stepsOf, writes } from './lifecycle.js'
import { requestOf } from './send.js'
import { redactHeaders } from '../record/redact.js'

export interface Listing {
  base?: string
  values?: Values
  lifecycles?: string[]
  allowWrites?: boolean
  /** How polls repeat, in words ("every 2s, at most 5m"). */
  polling?: string
}

/**
 * The requests a plan's lifecycles send, one line each with its effect (read, probe, write), in
 * the order they go: what `--dry-run` prints and what `verify --help` lists. Values not given show
 * as `{name}`; the job's id is always `{job}`-like until a real start answers.
 *
 * @example
 * listRequests(airweave, { base: 'https://api.airweave.ai' }).join('\n')
 */
export function listRequests(plan: Plan, listing: Listing = {}): string[] {
  const { base = '', allowWrites = true, polling = 'until' } = listing
  const values = { suffix: '<random>', ...listing.values }
  const lines: string[] = []
  for (const name of listing.lifecycles ?? Object.keys(LIFECYCLES)) {
    const steps = stepsOf(plan, name)
    const skipped = !allowWrites && steps.some((s) => writes(plan, s))
    lines.push(
      `  ${name}: ${LIFECYCLES[name]!.about}${skipped ? ' — skipped: needs --allow-writes' : ''}`,
    )
    for (const step of steps) {
      for (const call of callsOf(plan, step)) {
        const { method, url, body } = requestOf(plan, base, call, values)
        const sent = body === undefined ? '' : ` ${JSON.stringify(body)}`
        const note =
          step.kind === 'poll'
            ? ` (repeated ${polling} ${plan.states[step.until].join(' or ')})`
            : step.kind === 'missing'
              ? ` (${call.job}: a fresh id)`
              : step.kind === 'cancel'
                ? ` (the job it started; ${step.expect})`
                : step.kind === 'cleanup'
                  ? ' (what it created)'
                  : ''
        lines.push(`    ${call.effect.padEnd(5)} ${method} ${url}${sent}${note}`)
      }
    }
  }
  return lines
}

/** The headers every request carries, credentials redacted. */
export const headerLine = (plan: Plan, values: Values) =>
  Object.entries(redactHeaders(requestOf(plan, '', plan.poll, values).headers))
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ')
