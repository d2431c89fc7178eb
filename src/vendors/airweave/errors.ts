import { problemReplies } from '../../vendor/errors.js'
import type { Reply } from '../../vendor/types.js'

/** Every Airweave error is `{detail}`, except request validation (BEHAVIOUR.md §2). */
const detail = (status: number, text: string): Reply => ({ status, body: { detail: text } })

/** The catalogue of Airweave's errors, as the service words them. */
export const errors = {
  unauthenticated: () => detail(401, 'No valid authentication provided'),
  invalidKey: () => detail(403, 'Invalid or expired API key'),
  sourceConnectionNotFound: () => detail(404, 'Source connection not found'),
  syncJobNotFound: () => detail(404, 'Sync job not found'),
  alreadySyncing: (state: string) =>
    detail(400, `Cannot start new sync: a sync job is already ${state}`),
  cannotCancel: (state: string) => detail(400, `Cannot cancel job in ${state} state`),
  collectionNotFound: () => detail(404, 'Collection not found'),
  collectionExists: (readableId: string) =>
    detail(409, `Collection with readable_id '${readableId}' already exists`),
  sourceNotFound: (shortName: string) => detail(404, `Source '${shortName}' not found`),
  oauthSyncImmediately: () =>
    detail(400, 'OAuth connections cannot use sync_immediately. Sync starts after OAuth callback.'),
  noSync: (id: string) => detail(400, `Source connection ${id} has no associated sync`),
  // The service words what Svix answered: the step that failed, then Svix's own detail.
  webhookNotFound: (step: string) => detail(404, `Failed to ${step}: Entity not found`),
  badSecret: () =>
    detail(
      422,
      'Failed to create subscription: secret must be base64, optionally prefixed with whsec_',
    ),
  subHourly: (shortName: string) =>
    detail(
      400,
      `Source '${shortName}' does not support continuous syncs. Minimum schedule interval is 1 hour (e.g., '0 * * * *' for hourly).`,
    ),
}

/** How Airweave (FastAPI) words the failures the pipeline finds before a route runs. */
export const problem = problemReplies({
  body: (_, message) => ({ detail: message }),
  messages: {
    'route-not-found': () => 'Not Found',
    'method-not-allowed': () => 'Method Not Allowed',
  },
  replies: {
    'invalid-request': (p) => ({
      status: 422,
      body: {
        errors: p.violations.map((v) => ({ [v.name ? `${v.in}.${v.name}` : v.in]: v.message })),
      },
    }),
    'malformed-body': (p) => ({
      status: 422,
      body: { errors: [{ body: `JSON decode error: ${p.reason}` }] },
    }),
    'rate-limited': (p) => ({
      ...detail(429, 'Rate limit exceeded. Please try again later.'),
      headers: {
        'retry-after': String(p.retryAfterSeconds),
        'ratelimit-limit': String(p.limit),
        'ratelimit-remaining': String(p.remaining),
        'ratelimit-reset': String(p.retryAfterSeconds),
      },
    }),
  },
})

/** A body the service's own validators refuse beyond the spec: its 422, located as the pipeline's. */
export const invalidBody = (name: string, message: string) =>
  problem({ kind: 'invalid-request', violations: [{ in: 'body', name, message }] })
