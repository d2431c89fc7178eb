// The add-file harness shared by files.test.ts, multipart.test.ts and latest-by-keys.test.ts.
import { chromaWith } from './chroma.case.js'

/** The bucket an uploaded file is recorded in. */
export const UPLOADS = 'chroma-sync-uploads'

/** A form field, or a file part with its name. */
export type Part = [name: string, value: string] | [name: string, file: Blob, filename: string]

/** A form encoded as the platform's FormData does: the raw body and its content-type. */
export async function encoded(parts: Part[]) {
  const form = new FormData()
  for (const [name, value, filename] of parts)
    if (typeof value === 'string') form.append(name, value)
    else form.append(name, value, filename)
  const request = new Request('http://x', { method: 'POST', body: form })
  return { raw: await request.text(), type: request.headers.get('content-type')! }
}

/** add-file's fields in the order the service asks for: database and collection first. */
export const formParts = (more: Part[] = [], file = '# Notes\n', filename = 'notes.md'): Part[] => [
  ['database_name', 'docs-prod'],
  ['collection_name', 'notes'],
  ...more,
  ['file', new Blob([file], { type: 'text/markdown' }), filename],
]

/** chromaWith, with helpers to upload a file (as JSON or as a form) and read what it made. */
export async function chroma(options = {}) {
  const c = await chromaWith(options)
  const { call, auth } = c
  const form = (fields: Record<string, unknown> = {}) => ({
    database_name: 'docs-prod',
    collection_name: 'notes',
    file: '# Notes\n',
    filename: 'notes.md',
    ...fields,
  })
  const upload = (body: unknown = form(), headers: Record<string, string> = {}) =>
    call('POST', '/chroma/api/v1/add-file', {
      headers: { ...auth, 'x-upload-content-length': '8', ...headers },
      body,
    })
  // A form as an HTTP client sends it: the platform's own FormData encoding.
  const uploadForm = async (parts: Part[] = formParts(), headers: Record<string, string> = {}) => {
    const { raw, type } = await encoded(parts)
    return call('POST', '/chroma/api/v1/add-file', {
      headers: { ...auth, 'x-upload-content-length': '8', 'content-type': type, ...headers },
      raw,
    })
  }
  const get = (id: string) => call('GET', `/chroma/api/v1/invocations/${id}`, { headers: auth })
  const sourceOf = async (id: string) => (await get(id)).body.source_id as string
  const latest = (source: string, keys: unknown, headers = auth) =>
    call('POST', `/chroma/api/v1/sources/${source}/invocations/latest-by-keys`, {
      headers,
      body: { object_keys: keys },
    })
  const invoke = (source: string, body: unknown = {}) =>
    call('POST', `/chroma/api/v1/sources/${source}/invocations`, { headers: auth, body })
  return { ...c, form, upload, uploadForm, get, sourceOf, latest, invoke }
}
