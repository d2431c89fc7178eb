/** Whether a Content-Type names a multipart/form-data body. */
export const isMultipart = (type: string): boolean => /^\s*multipart\/form-data\s*(;|$)/i.test(type)

const BOUNDARY = /;\s*boundary\s*=\s*(?:"([^"]*)"|([^\s;]*))/i

/**
 * Reads a multipart/form-data body into its fields, the object a spec's form schema describes:
 * a field is its text, a repeated one the list of its texts, and a file part its content as
 * text; the first file's name is the field `filename`, unless the form has a field of that name.
 * undici (the platform's `Response.formData()`) does the parsing. It rejects with an Error that
 * says why the body cannot be read, for the pipeline's malformed-body answer.
 *
 * @example
 * await formFields('--b\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--b--\r\n',
 *   'multipart/form-data; boundary=b') // { a: '1' }
 */
export async function formFields(text: string, type: string): Promise<Record<string, unknown>> {
  const match = BOUNDARY.exec(type)
  const boundary = match?.[1] ?? match?.[2]
  if (!boundary)
    throw new Error(
      'multipart/form-data without a boundary: send Content-Type "multipart/form-data; ' +
        'boundary=<token>" (an HTTP client sets it when it is given a FormData body)',
    )
  let form: FormData
  try {
    form = await new Response(text, { headers: { 'content-type': type } }).formData()
  } catch {
    // undici says only "Failed to parse body as FormData": say what a readable body looks like.
    throw new Error(
      `the multipart/form-data body does not follow its boundary "${boundary}": each part ` +
        `starts with "--${boundary}" and a Content-Disposition: form-data; name="…" header, ` +
        `and the body ends with "--${boundary}--"`,
    )
  }
  // A Map, not an object, so that a field named __proto__ or constructor is only a field.
  const fields = new Map<string, string[]>()
  let filename: string | undefined
  for (const [name, value] of form) {
    const content = typeof value === 'string' ? value : await value.text()
    if (typeof value !== 'string' && value.name !== '') filename ??= value.name
    fields.set(name, [...(fields.get(name) ?? []), content])
  }
  if (filename !== undefined && !fields.has('filename')) fields.set('filename', [filename])
  return Object.fromEntries(
    [...fields].map(([name, texts]) => [name, texts.length === 1 ? texts[0] : texts]),
  )
}
