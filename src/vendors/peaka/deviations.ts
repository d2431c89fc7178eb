import type { Deviation } from '../../vendor/types.js'

const each = (operations: string[], status: number, why: string): Deviation[] =>
  operations.map((operation) => ({ operation, status, why }))

const AUTH =
  'BEHAVIOUR.md §1: a missing or unknown key is 401 and a project key on another project 403, ' +
  "in Peaka's error body; the document declares neither status for any operation"

const NOT_FOUND =
  "BEHAVIOUR.md §1: errors are {errorCode, message}. An unknown project (jobfake's choice), " +
  'cache, execution workflow, query, table, export or catalog is such a 404, which the document ' +
  'declares with no body, with a body whose values must all be objects, or not at all'

/** Where jobfake answers as Peaka does, or as jobfake must, and the vendor's document says otherwise. */
export const deviations: Deviation[] = [
  // Every operation: the mocked ones too, which check the key as the modelled ones do.
  { operation: '*', status: 401, why: AUTH },
  { operation: '*', status: 403, why: AUTH },
  {
    operation: '*',
    status: 400,
    why: "BEHAVIOUR.md §1: errors are {errorCode, message}; a request that breaks the document is Peaka's 400 in that body, where some operations declare a 400 whose body is a string",
  },
  // Every operation's, the mocked ones too (their project is checked as the modelled ones' is).
  { operation: '*', status: 404, why: NOT_FOUND },
  {
    operation: 'deleteCache',
    status: 200,
    why: 'BEHAVIOUR.md §1: DELETE /cache/{cacheId} answers 200 with the Cache; the document declares no body',
  },
  {
    operation: 'getCacheExecutionHistory',
    status: 400,
    why: "jobfake's spec bounds limit to 1–100 and offset to 0 or more (a 400 in Peaka's error body); the document declares no 400",
  },
  ...each(
    ['exportQuery', 'exportTable'],
    400,
    "The document's own description of `columns`: an unknown column name yields 400 (in Peaka's error body), as does a body its schema refuses; it declares only 202",
  ),
  ...each(
    ['refreshMetadata', 'registerMetadataRefreshCallback'],
    400,
    "jobfake can only call an absolute http(s) callbackURL: another is a 400 in Peaka's error body (jobfake's choice); the document declares only 200",
  ),
]
