import { describe, expect, test } from 'vitest'
import { formFields, isMultipart } from '../../src/pipeline/multipart.js'

// A form as an HTTP client encodes it: the platform's own FormData, sent through a Request.
async function encoded(build: (form: FormData) => void) {
  const form = new FormData()
  build(form)
  const request = new Request('http://x', { method: 'POST', body: form })
  return [await request.text(), request.headers.get('content-type')!] as const
}

describe(isMultipart, () => {
  test('names multipart/form-data with or without parameters, in any case', () => {
    expect(isMultipart('multipart/form-data; boundary=x')).toBe(true)
    expect(isMultipart('Multipart/Form-Data')).toBe(true)
    expect(isMultipart('multipart/form-datax')).toBe(false)
    expect(isMultipart('multipart/mixed; boundary=x')).toBe(false)
    expect(isMultipart('application/json')).toBe(false)
  })
})

describe(formFields, () => {
  test('fields as text, repeated ones as lists, a file as its content and its name', async () => {
    const [text, type] = await encoded((form) => {
      form.append('database_name', 'docs-prod')
      form.append('tag', 'a')
      form.append('tag', 'b')
      form.append('file', new Blob(['# Notes']), 'notes.md')
    })
    expect(await formFields(text, type)).toEqual({
      database_name: 'docs-prod',
      tag: ['a', 'b'],
      file: '# Notes',
      filename: 'notes.md',
    })
  })

  test("a form's own filename field wins; a file without a name gives none", async () => {
    const [named, namedType] = await encoded((form) => {
      form.append('filename', 'chosen.md')
      form.append('file', new Blob(['x']), 'part.md')
    })
    expect(await formFields(named, namedType)).toEqual({ filename: 'chosen.md', file: 'x' })
    const [bare, bareType] = await encoded((form) => form.append('file', new Blob(['x']), ''))
    expect(await formFields(bare, bareType)).toEqual({ file: 'x' })
  })

  test('__proto__ and constructor are fields like any other', async () => {
    const [text, type] = await encoded((form) => {
      form.append('__proto__', 'p')
      form.append('constructor', 'c')
    })
    const fields = await formFields(text, type)
    expect(Object.getPrototypeOf(fields)).toBe(Object.prototype)
    expect(Object.keys(fields)).toEqual(['__proto__', 'constructor'])
    expect(Object.getOwnPropertyDescriptor(fields, '__proto__')?.value).toBe('p')
  })

  test('a form without a boundary, or one its body does not follow, says so', async () => {
    const [text, type] = await encoded((form) => form.append('a', '1'))
    await expect(formFields(text, 'multipart/form-data')).rejects.toThrow(/without a boundary/)
    await expect(formFields(text, 'multipart/form-data; boundary=""')).rejects.toThrow(
      /without a boundary/,
    )
    await expect(formFields(text.slice(0, -10), type)).rejects.toThrow(
      /does not follow its boundary/,
    )
    await expect(formFields(text, 'multipart/form-data; boundary="other"')).rejects.toThrow(
      /boundary "other"/,
    )
  })
})
