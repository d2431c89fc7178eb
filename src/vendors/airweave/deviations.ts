import type { Deviation } from '../../vendor/types.js'

const at = (operations: string[], status: number, why: string): Deviation[] =>
  operations.map((operation) => ({ operation, status, why }))

// Every operation: the mocked ones too, which check the key as the modelled ones do.
const everywhere = (status: number, why: string): Deviation[] => [{ operation: '*', status, why }]

/**
 * Where jobfake answers as Airweave really does, not as its published OpenAPI document declares
 * (served with `--vendor-doc airweave=...`, such answers are journaled as deviations).
 */
export const deviations: Deviation[] = [
  ...at(
    ['sourceConnections.run', 'sourceConnections.cancelJob'],
    400,
    'A job already syncing, or one that cannot be cancelled, answers 400 {detail}; the document declares 409 (BEHAVIOUR.md §2: the seed document and the service code).',
  ),
  // Every operation's: where the document's 422 is HTTPValidationError, whose fields are all
  // optional, the wire shape happens to validate; ValidationErrorResponse requires `detail`.
  ...everywhere(
    422,
    'Request validation answers 422 {"errors":[{"<location>.<name>":"<message>"}]}, not the document\'s {"detail":[{loc,msg,type}]} (BEHAVIOUR.md §2: the service code; the wire shape wins). A webhook secret Svix would refuse is 422 {"detail":"Failed to create subscription: …"} (backend/airweave/adapters/webhooks/svix.py).',
  ),
  ...everywhere(
    401,
    'A missing x-api-key answers 401 {"detail":"No valid authentication provided"}; the document declares no 401 (BEHAVIOUR.md §2: the service code).',
  ),
  ...everywhere(
    403,
    'An unknown x-api-key answers 403 {"detail":"Invalid or expired API key"}; the document declares no 403 (BEHAVIOUR.md §2: the service code).',
  ),
  // A GET carries no body, so only these can be too large.
  ...at(
    [
      'sourceConnections.run',
      'sourceConnections.cancelJob',
      'sourceConnections.create',
      'sourceConnections.update',
      'sourceConnections.delete',
      'collections.create',
      'collections.delete',
    ],
    413,
    "A request body over 1 MiB answers 413 {detail}: jobfake's own limit, which the document does not declare (inferred; the project spec's info).",
  ),
  ...at(
    ['sourceConnections.create'],
    400,
    'sync_immediately with an OAuth browser flow, or a sub-hourly schedule for a source without continuous syncs, answers 400 {detail}; the document declares no 400 (Airweave backend, domains/source_connections create.py and schedule.py).',
  ),
  ...at(
    ['sourceConnections.update'],
    400,
    'A sub-hourly schedule for a source without continuous syncs answers 400 {detail}; the document declares no 400 (Airweave backend, domains/source_connections/schedule.py).',
  ),
  ...at(
    ['sourceConnections.create'],
    404,
    'An unknown source short_name or collection answers 404 {detail}; the document declares no 404 for a creation (Airweave backend, domains/source_connections/create.py).',
  ),
  ...at(
    ['collections.create'],
    409,
    "A readable_id already taken answers 409 {detail}; the document declares no 409 for a creation (inferred: readable ids are unique; the service's CollectionAlreadyExistsError).",
  ),
]

/**
 * The same for the webhooks API, kept apart from `deviations`, whose test covers the sync-job,
 * connection and collection operations one request each; test/vendors/airweave/webhooks covers
 * these. (401, 403 and 422 are `everywhere` above, for these operations too.)
 */
export const webhookDeviations: Deviation[] = [
  ...at(
    [
      'webhooks.createSubscription',
      'webhooks.updateSubscription',
      'webhooks.deleteSubscription',
      'webhooks.recoverMessages',
    ],
    413,
    "A request body over 1 MiB answers 413 {detail}: jobfake's own limit, which the document does not declare (inferred; the project spec's info).",
  ),
]
