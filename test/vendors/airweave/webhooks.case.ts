import { expect } from 'vitest'
import type { FakeOptions } from '../../../src/index.js'
import { deviations, webhookDeviations } from '../../../src/vendors/airweave/deviations.js'
import { airweaveFake, type DocumentCheck } from './airweave.case.js'

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

// Only the webhooks API is held to the document here; its own deviations are the ones noted.
const webhooksOnly: DocumentCheck = {
  listed: [...deviations, ...webhookDeviations],
  only: (operation) => operation.startsWith('webhooks.'),
  note(deviation, operation, status) {
    if (webhookDeviations.includes(deviation)) seenWebhookDeviations.add(`${operation} ${status}`)
  },
}

/**
 * An Airweave-only fake for the webhook tests: every answer is checked against the project's
 * spec and, for the webhooks API, against the vendor's document; `advance` moves the clock
 * through the admin API, which answers once the deliveries it started have been made.
 */
export async function webhookFake(options: FakeOptions = {}) {
  const { fake, call, api, fixtures } = await airweaveFake(options, webhooksOnly)
  const { apiKey, sourceConnectionIds } = fixtures
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
