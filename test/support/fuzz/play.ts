// Running and reporting: a run played, its failures and history described, in-process sending.
import type { Fake } from '../../../src/index.js'
import { sessionNameOf } from '../../../src/pipeline/handle-request.js'
import { knownBugOf } from './known-bugs.js'
import type { Exchange, FuzzAnswer, FuzzIo, Fuzzer, FuzzRequest, RunResult, Step } from './types.js'

/**
 * Plays one run: a reset, then each step in order. Stops at the first failing request unless
 * `keepGoing`.
 */
export async function play(
  fuzzer: Fuzzer,
  steps: Step[],
  io: FuzzIo,
  { keepGoing = false, sendKnownBugs = false } = {},
): Promise<RunResult> {
  await io.reset()
  const state = fuzzer.state()
  const result: RunResult = { requests: 0, skipped: [], failures: [], exchanges: [], timeline: [] }
  for (const step of steps) {
    if (step.kind === 'advance') {
      await io.advance(step.ms)
      result.timeline.push({ advance: step.ms })
      continue
    }
    const request = fuzzer.resolve(step, state)
    const bug = knownBugOf(request)
    if (bug && !sendKnownBugs) {
      result.skipped.push({ request, bug: bug.id })
      continue
    }
    const answer = await io.send(request)
    result.requests++
    const problems = fuzzer.check(request, answer)
    const exchange = { request, answer, problems }
    result.exchanges.push(exchange)
    result.timeline.push(exchange)
    if (problems.length > 0) {
      result.failures.push(exchange)
      if (!keepGoing) break
    }
    fuzzer.harvest(state, answer)
  }
  return result
}

const clip = (text: string, max = 600) =>
  text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text

/** A failure, readable: what is wrong, the request (as curl would send it) and the answer. */
export function describeExchange({ request, answer, problems }: Exchange): string {
  const headers = Object.entries(request.headers)
    .map(([k, v]) => `${k}: ${clip(v, 120)}`)
    .join(' | ')
  return [
    ...problems.map((p) => `  ✗ ${p}`),
    `  request: ${request.method} ${clip(request.path, 300)}   (${request.operation ?? 'no operation'})`,
    `    headers: ${headers || '(none)'}`,
    ...(request.body === undefined ? [] : [`    body: ${clip(JSON.stringify(request.body))}`]),
    answer.error !== undefined
      ? `  answer: none (${answer.error})`
      : `  answer: ${answer.status} ${clip(answer.text) || '(empty)'}`,
  ].join('\n')
}

/** One line per step: what the run did before (and including) a failure. */
export function describeHistory(result: RunResult, upTo: Exchange): string {
  const end = result.timeline.indexOf(upTo)
  return result.timeline
    .slice(0, end + 1)
    .map((item) => {
      if ('advance' in item) return `    (clock +${item.advance} ms)`
      const { request: r, answer: a } = item
      const body = r.body === undefined ? '' : ` ${clip(r.body, 160)}`
      const answer =
        a.error !== undefined ? `none (${a.error})` : `${a.status} ${clip(a.text, 100)}`
      return `    ${r.method} ${clip(r.path, 140)}${body} → ${answer}`
    })
    .join('\n')
}

/**
 * Sends a request to an in-process fake. A request that waits on the session clock (Akua's
 * `:wait`) would never answer while nothing moves the manual clock: when the fake has not answered
 * once every pending callback has run, the clock moves 1 s, up to two simulated minutes.
 */
export async function sendInProcess(fake: Fake, request: FuzzRequest): Promise<FuzzAnswer> {
  let settled = false
  const pending = fake
    .request(request.path, {
      method: request.method,
      headers: request.headers,
      body: request.body,
    })
    .finally(() => (settled = true))
  pending.catch(() => {})
  // The clock moves only while the request waits on it (a long poll, a latency fault): a mocked
  // answer comes from prism's worker in real time, and must not be mistaken for a stall.
  // (A malformed session name is answered at once, by no session.)
  const name = sessionNameOf(request.headers['x-jobfake-session']) ?? 'default'
  const { clock } = fake.session(name)
  for (let waited = 0; !settled;) {
    await new Promise((resolve) => setImmediate(resolve))
    if (settled || clock.waiting() === 0) continue
    if (waited++ >= 120) return noAnswer('no answer after 120 s of clock time')
    clock.advance(1000)
  }
  let response: Response
  try {
    response = await pending
  } catch (error) {
    return noAnswer(`threw ${(error as Error).name}: ${(error as Error).message}`)
  }
  const answer: FuzzAnswer = {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    text: await response.text(),
  }
  return answer
}

export const noAnswer = (error: string): FuzzAnswer => ({ status: 0, headers: {}, text: '', error })
