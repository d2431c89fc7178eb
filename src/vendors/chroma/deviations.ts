import type { Deviation } from '../../vendor/types.js'

// No value satisfies the document's IndexJobMetadata for a web_scrape invocation: it is an allOf of
// an object (database_name, collection_name) and of a oneOf whose web_scrape branch is the string
// "web_scrape". The service flattens a unit variant into the object, which serde writes as a key
// holding null.
const WEB_SCRAPE =
  "BEHAVIOUR.md §3: an invocation's metadata carries the source kind (web_scrape among them) beside " +
  "database_name and collection_name; the document's IndexJobMetadata allows no web_scrape " +
  'invocation at all, and jobfake sends {"web_scrape": null, database_name, collection_name}, as ' +
  "serde writes the service's flattened unit variant"

/** Where jobfake answers as Chroma Sync does, and the vendor's own document declares otherwise. */
export const deviations: Deviation[] = [
  { operation: 'get_job', status: 200, why: WEB_SCRAPE },
  { operation: 'list_jobs', status: 200, why: WEB_SCRAPE },
  {
    operation: 'list_sources',
    status: 200,
    why:
      'BEHAVIOUR.md §3: GET /api/v1/sources answers Source[]; the document declares `Vec`, the ' +
      'one name its generator gave both lists, which holds invocations (Job) and no source fits',
  },
]
