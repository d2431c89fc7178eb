import { cpSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import { DEFAULT_SCENARIOS_DIR, DEFAULT_SPECS_DIR, type FakeOptions } from '../../../src/index.js'
import { compileSpec } from '../../../src/spec/compile.js'
import { deviations, webhookDeviations } from '../../../src/vendors/airweave/deviations.js'
import { airweave } from '../../../src/vendors/airweave/index.js'
import { conformingFake, type Answer, type CallOptions } from '../../support/conformance.js'
import { againstVendorDoc } from '../../support/vendor-doc.js'

const own = compileSpec(join(DEFAULT_SPECS_DIR, airweave.spec))
const listed = [...deviations, ...webhookDeviations]

/** The webhook deviations the answers of a test file showed, as `<operation> <status>`. */
export const seenWebhookDeviations = new Set<string>()

/** The sync event types, in the order a completed job goes through them. */
export const SYNC_EVENTS = [
  'sync.pending',
  'sync.running',
  'sync.completed',
  'sync.failed',
  'sync.cancelled',
]

// An answer validates against Airweave's own document, or is a listed deviation that breaks it.
async function againstTheDocument(method: string, path: string, answer: Answer) {
  const match = (await own).route(method, new URL(path, 'http://x').pathname)
  if (match.kind !== 'operation' || !match.operation.id.startsWith('webhooks.')) return
  const { id } = match.operation
  const violations = await againstVendorDoc('airweave', method, path, answer)
  const deviation = listed.find(
    (d) =>
      (d.operation === id || d.operation === '*') &&
      (d.status === undefined || d.status === answer.status),
  )
  const what = `${method} ${path} → ${answer.status} ${JSON.stringify(answer.body)}`
  if (!deviation) return void expect(violations, what).toEqual([])
  expect(violations, `${what} is listed as a deviation, yet validates`).not.toEqual([])
  if (webhookDeviations.includes(deviation)) seenWebhookDeviations.add(`${id} ${answer.status}`)
}

/**
 * An Airweave-only fake for the webhook tests: every answer is checked against the project's
 * spec and, for the webhooks API, against the vendor's document; `advance` moves the clock
 * through the admin API, which answers once the deliveries it started have been made.
 */
export async function webhookFake(options: FakeOptions = {}) {
  const scenariosDir = mkdtempSync(join(tmpdir(), 'jobfake-airweave-webhooks-'))
  cpSync(join(DEFAULT_SCENARIOS_DIR, 'airweave'), join(scenariosDir, 'airweave'), {
    recursive: true,
  })
  const {
    fake,
    call: conforming,
    fixtures,
  } = await conformingFake({
    ...options,
    vendors: [airweave],
    scenariosDir,
  })
  const { apiKey, sourceConnectionIds } = fixtures.airweave as {
    apiKey: string
    sourceConnectionIds: string[]
  }
  async function call(method: string, path: string, init: CallOptions = {}) {
    const answer = await conforming(method, path, init)
    if (path.startsWith('/airweave/'))
      await againstTheDocument(method, path.slice('/airweave'.length), answer)
    return answer
  }
  const api = (method: string, path: string, init: CallOptions = {}) =>
    call(method, `/airweave${path}`, { ...init, headers: { 'x-api-key': apiKey, ...init.headers } })
  const advance = async (by: string) => {
    const res = await fake.request('/__admin/clock/advance', {
      method: 'POST',
      body: JSON.stringify({ by }),
    })
    expect(res.status).toBe(200)
    return (await res.json()).now as string
  }
  const subscribe = async (url: string, event_types = SYNC_EVENTS, more = {}) =>
    (await api('POST', '/webhooks/subscriptions', { body: { url, event_types, ...more } })).body
  const secretOf = async (id: string) =>
    (await api('GET', `/webhooks/subscriptions/${id}?include_secret=true`)).body.secret as string
  const run = async (sc = sourceConnectionIds[0]!, scenario?: string) =>
    (
      await api('POST', `/source-connections/${sc}/run`, {
        headers: scenario ? { 'x-jobfake-scenario': scenario } : {},
      })
    ).body
  const messages = async (query = '') => (await api('GET', `/webhooks/messages${query}`)).body
  const attemptsOf = async (messageId: string) =>
    (await api('GET', `/webhooks/messages/${messageId}?include_attempts=true`)).body
      .delivery_attempts
  return {
    fake,
    call,
    api,
    advance,
    subscribe,
    secretOf,
    run,
    messages,
    attemptsOf,
    apiKey,
    sc: sourceConnectionIds,
  }
}
