import { describe, expect, test } from 'vitest'
import { chroma, encoded, formParts, UPLOADS, type Part } from './files.case.js'

describe('chroma: POST /api/v1/add-file as multipart/form-data (as the service takes it)', () => {
  test("201: the file part's content and name make the invocation, as a JSON upload's do", async () => {
    const c = await chroma()
    const more: Part[] = [
      ['custom_id', 'n1'],
      ['metadata', '{"team":"docs"}'],
    ]
    const created = await c.uploadForm(formParts(more))
    expect(created.status).toBe(201)
    const id = created.body.invocation_id
    expect((await c.get(id)).body).toMatchObject({
      status: 'pending',
      metadata: {
        s3: { bucket_name: UPLOADS, object_key: 'notes.md', custom_id: 'n1' },
        database_name: 'docs-prod',
        collection_name: 'notes',
      },
    })
    expect((await c.get(id)).body.metadata.s3.additional_metadata).toEqual({ team: 'docs' })
    expect(Object.keys((await c.latest(await c.sourceOf(id), ['notes.md'])).body)).toEqual([
      'notes.md',
    ])
    const json = await c.get(
      (await c.upload(c.form({ custom_id: 'n1', metadata: '{"team":"docs"}' }))).body.invocation_id,
    )
    expect(json.body.metadata).toEqual((await c.get(id)).body.metadata)
    c.fake.clock.advance('10m')
    expect((await c.get(id)).body.status).toHaveProperty('complete')
  })

  test('a file part without a name is "upload"; a text field named file is a file too', async () => {
    const c = await chroma()
    const unnamed = await c.uploadForm(formParts([], '# Notes\n', ''))
    expect((await c.get(unnamed.body.invocation_id)).body.metadata.s3.object_key).toBe('upload')
    const field = await c.uploadForm([...formParts().slice(0, 2), ['file', '# Notes']])
    expect((await c.get(field.body.invocation_id)).body.metadata.s3.object_key).toBe('upload')
  })

  test.each([
    ['no file part', formParts().slice(0, 2), /file/],
    [
      'a file before collection_name',
      [...formParts().slice(0, 1), ...formParts().slice(2), ['collection_name', 'notes']] as Part[],
      /file: must come after collection_name/,
    ],
    [
      'a file before database_name',
      [...formParts().slice(1), ['database_name', 'docs-prod']] as Part[],
      /file: must come after database_name/,
    ],
    ['a file larger than declared', formParts([], 'x'.repeat(9)), /larger than x-upload/],
    ['a custom_id over 120 characters', formParts([['custom_id', 'x'.repeat(121)]]), /custom_id/],
    [
      'metadata that is not a JSON object',
      formParts([['metadata', '[1]']]),
      /metadata: must be a JSON/,
    ],
  ])('400 for %s, checked as the JSON body is', async (_, parts, message) => {
    const c = await chroma()
    const refused = await c.uploadForm(parts)
    expect(refused).toMatchObject({ status: 400, body: { error: 'bad_request' } })
    expect(refused.body.message).toMatch(message)
  })

  test.each([
    ['no boundary', 'multipart/form-data', /without a boundary/],
    [
      'another boundary than the body uses',
      'multipart/form-data; boundary=other',
      /does not follow its boundary "other"/,
    ],
    ['a body cut short', 'cut', /does not follow its boundary/],
  ])(
    "400 in Chroma's shape for a form with %s, never a 500; nothing uploaded",
    async (_, type, message) => {
      const c = await chroma()
      const { raw, type: sent } = await encoded(formParts())
      const refused = await c.call('POST', '/chroma/api/v1/add-file', {
        headers: {
          ...c.auth,
          'x-upload-content-length': '8',
          'content-type': type === 'cut' ? sent : type,
        },
        raw: type === 'cut' ? raw.slice(0, raw.length - 20) : raw,
      })
      expect(refused).toMatchObject({ status: 400, body: { error: 'bad_request' } })
      expect(refused.body.message).toMatch(/^The request body cannot be read: /)
      expect(refused.body.message).toMatch(message)
      const jobs = await c.call('GET', '/chroma/api/v1/invocations?database_name=docs-prod', {
        headers: c.auth,
      })
      expect(jobs.body).toEqual([])
    },
  )

  test("a form over 1 MiB is 413, as any body is (jobfake's limit; the service takes 200 MiB)", async () => {
    const c = await chroma()
    const { raw, type } = await encoded(formParts([], 'x'.repeat(1024 * 1024)))
    // The vendor's document declares no 413: served from it, this is journaled as jobfake's own.
    const refused = await c.fake.request('/chroma/api/v1/add-file', {
      method: 'POST',
      headers: { ...c.auth, 'x-upload-content-length': '1048576', 'content-type': type },
      body: raw,
    })
    expect(refused.status).toBe(413)
    expect(await refused.json()).toMatchObject({ error: 'payload_too_large' })
    expect(c.fake.journal().at(-1)).toMatchObject({ status: 413, violations: [] })
  })
})
