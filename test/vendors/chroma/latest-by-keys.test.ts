import { describe, expect, test } from 'vitest'
import { chroma } from './files.case.js'

describe('chroma: POST /api/v1/sources/{source_id}/invocations/latest-by-keys', () => {
  test('the newest invocation of each key; unknown keys left out; the status moves on', async () => {
    const c = await chroma()
    const a1 = (await c.invoke(c.s3, { object_key: 'articles/a.md' })).body.invocation_id
    c.fake.clock.advance('1s')
    const b = (await c.invoke(c.s3, { object_key: 'articles/b.md' })).body.invocation_id
    const a2 = (await c.invoke(c.s3, { object_key: 'articles/a.md', custom_id: 'a' })).body
      .invocation_id
    const found = await c.latest(c.s3, ['articles/a.md', 'articles/b.md', 'articles/c.md'])
    expect(found.status).toBe(200)
    expect(Object.keys(found.body).sort()).toEqual(['articles/a.md', 'articles/b.md'])
    expect(found.body['articles/a.md']).toMatchObject({ id: a2, status: 'pending' })
    expect(found.body['articles/b.md'].id).toBe(b)
    expect(a1).not.toBe(a2)
    c.fake.clock.advance('10m')
    const later = await c.latest(c.s3, ['articles/a.md'])
    expect(later.body['articles/a.md'].status).toHaveProperty('complete')
    expect((await c.latest(c.s3, [])).body).toEqual({})
  })

  test("an upload's key is its file name; other sources' invocations do not count", async () => {
    const c = await chroma()
    const upload = (await c.upload()).body.invocation_id
    const source = await c.sourceOf(upload)
    await c.invoke(c.s3, { object_key: 'notes.md' })
    const found = await c.latest(source, ['notes.md'])
    expect(found.body).toEqual({ 'notes.md': (await c.get(upload)).body })
  })

  test('a GitHub or web_scrape source has no keyed invocations: {}', async () => {
    const c = await chroma()
    await c.invoke(c.github)
    await c.invoke(c.web)
    expect((await c.latest(c.github, ['main'])).body).toEqual({})
    expect((await c.latest(c.web, ['https://docs.example.com/'])).body).toEqual({})
  })

  test('404 for an unknown source, 403 for another database, 401 without a token, 400 for a bad body', async () => {
    const c = await chroma()
    expect(await c.latest('00000000-0000-4000-8000-000000000000', ['a'])).toMatchObject({
      status: 404,
      body: { error: 'not_found', message: 'Source not found' },
    })
    const scoped = { 'x-chroma-token': c.f.scopedToken as string }
    expect((await c.latest(c.web, ['a'], scoped)).status).toBe(403)
    expect((await c.latest(c.s3, ['a'], {} as typeof c.auth)).status).toBe(401)
    for (const keys of ['a', [1], undefined]) {
      const refused = await c.latest(c.s3, keys)
      expect(refused).toMatchObject({ status: 400, body: { error: 'bad_request' } })
    }
  })
})
