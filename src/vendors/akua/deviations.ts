import type { Deviation } from '../../vendor/types.js'
import { STARTERS } from './starters/index.js'
import { reads } from './reads.js'

const BAD_REQUEST =
  "Akua's answer to a request that breaks the document's own parameter or body schema, or names a " +
  'region it does not have: 400 with the field in `path` (BEHAVIOUR.md §4 documents it on GET ' +
  '/operations; the document declares no other status such a request could get)'

const NOT_FOUND =
  "Akua's documented answer for an id the workspace does not have: 404, code 7002 Resource not " +
  'found (BEHAVIOUR.md §4); the document leaves 404 out of this operation'

const KEY_REUSED =
  'An idempotency-key reused for a different request (or a stale if-match on :cancel) is 409, as ' +
  'Akua documents on its other endpoints (BEHAVIOUR.md §4); the document leaves 409 out here'

/** Where jobfake knowingly answers otherwise than Akua's own OpenAPI document declares. */
export const deviations: Deviation[] = [
  // Every operation but GET /operations, which declares its 400.
  ...[
    ...Object.keys(STARTERS),
    ...Object.keys(reads),
    'operations.get',
    'operations.wait',
    'operations.cancel',
  ].map((operation) => ({ operation, status: 400, why: BAD_REQUEST })),
  ...[
    'installs.create',
    'installs.delete',
    'previewHostnames.list',
    'previewHostnames.bindPinned',
    'previewHostnames.bindFloating',
    'previewHostnames.delete',
    'customDomains.create',
    'customDomains.update',
    'customDomains.delete',
  ].map((operation) => ({ operation, status: 404, why: NOT_FOUND })),
  ...[
    'operations.cancel',
    'clusters.create',
    'installs.create',
    'packages.create',
    'previewHostnames.bindPinned',
    'customDomains.create',
  ].map((operation) => ({ operation, status: 409, why: KEY_REUSED })),
  {
    operation: 'previewHostnames.bindFloating',
    status: 409,
    why:
      'Rebinding a track whose hostname is still being bound, or with a reused idempotency-key, is ' +
      "refused with 409 as Akua's other writes refuse a resource that is busy; the document " +
      'declares no 409 here',
  },
  {
    // Every operation, the mocked ones too: `machines.list` and `organizations.create` among
    // those that declare only 200 and 401.
    operation: '*',
    status: 403,
    why:
      'A token that may not act in the workspace (a broad token without akua-context, another ' +
      "workspace's) is refused with 403 on every operation of Akua's; some declare no 403",
  },
]
