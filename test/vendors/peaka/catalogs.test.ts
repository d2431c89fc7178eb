import { describe, expect, test } from 'vitest'
import { peaka } from './peaka.case.js'

describe('peaka isCached', () => {
  test('true from a cache’s creation until its deletion, with what the table supports', async () => {
    const p = await peaka()
    const isCached = async (table: string) =>
      (await p.get(`${p.data}/catalogs/pg_sales/schemas/public/tables/${table}/isCached`)).body
    const supports = { isCacheable: true, supportedCacheTypes: ['FULL_REFRESH', 'INCREMENTAL'] }
    expect(await isCached('orders')).toEqual({ isCached: false, ...supports })
    const { id } = (await p.create()).body
    expect(await isCached('orders')).toEqual({ isCached: true, ...supports })
    expect((await isCached('customers')).isCached).toBe(false)
    await p.call('DELETE', `${p.base}/${id}`, { headers: p.auth })
    expect((await isCached('orders')).isCached).toBe(false)
  })

  test('a table that cannot be cached supports no type; one jobfake does not know gets only isCached', async () => {
    const p = await peaka()
    const path = (schema: string, table: string) =>
      `${p.data}/catalogs/pg_sales/schemas/${schema}/tables/${table}/isCached`
    expect((await p.get(path('public', 'order_totals_view'))).body).toEqual({
      isCached: false,
      isCacheable: false,
      supportedCacheTypes: [],
    })
    expect((await p.get(path('public', 'nope'))).body).toEqual({ isCached: false })
  })
})
