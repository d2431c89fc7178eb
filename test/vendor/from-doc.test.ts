import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createFake } from '../../src/index.js'
import { stopMocks } from '../../src/mock/prism.js'
import { writeSpec } from '../support/spec-fixtures.js'

// A fifth service jobfake has no code for: a small document of the test's own.
const BILLING = `openapi: 3.1.0
info: { title: billing, version: '1' }
security: [{ key: [] }]
paths:
  /invoices:
    get:
      operationId: listInvoices
      parameters:
        - { name: limit, in: query, schema: { type: integer, minimum: 1, maximum: 50 } }
      responses:
        '200':
          description: invoices
          content:
            application/json:
              schema: { type: array, items: { $ref: '#/components/schemas/Invoice' } }
              examples:
                two: { value: [{ id: inv_1, total: 10 }, { id: inv_2, total: 25 }] }
                none: { value: [] }
    post:
      operationId: createInvoice
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [total]
              properties: { total: { type: integer } }
      responses:
        '201':
          description: created
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Invoice' }
              example: { id: inv_9, total: 99 }
        '402':
          description: payment required
          content:
            application/json:
              schema: { type: object, required: [reason], properties: { reason: { type: string } } }
              example: { reason: card declined }
  /health:
    get:
      operationId: health
      security: []
      responses:
        '200': { description: up, content: { text/plain: { schema: { type: string }, example: ok } } }
components:
  securitySchemes:
    key: { type: apiKey, in: header, name: x-billing-key }
  schemas:
    Invoice:
      type: object
      required: [id, total]
      properties: { id: { type: string }, total: { type: integer } }
`

async function billing() {
  const file = writeSpec('billing.yaml', BILLING)
  const fake = await createFake({ vendorDocs: { billing: { file, mount: '/billing/v1' } } })
  const call = async (
    method: string,
    path: string,
    headers: Record<string, string> = {},
    body?: unknown,
  ) => {
    const res = await fake.request(`/billing/v1${path}`, {
      method,
      headers: {
        'x-billing-key': 'any-key',
        ...headers,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      text,
      body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text,
    }
  }
  return { fake, call }
}

// The first mocked answer waits for prism to load in its worker (seconds on a busy machine).
beforeAll(async () => {
  const { call } = await billing()
  expect((await call('GET', '/invoices')).status).toBe(200)
}, 60_000)
afterAll(() => stopMocks())

describe('a vendor from its document alone (--vendor-doc name=path --mount /name)', () => {
  test('every operation is mocked from the examples, and validates', async () => {
    const { fake, call } = await billing()
    expect(await call('GET', '/invoices')).toMatchObject({
      status: 200,
      body: [
        { id: 'inv_1', total: 10 },
        { id: 'inv_2', total: 25 },
      ],
    })
    expect(await call('POST', '/invoices', {}, { total: 5 })).toMatchObject({
      status: 201,
      body: { id: 'inv_9', total: 99 },
    })
    // A text/plain answer goes out as text, with its own type.
    expect(await call('GET', '/health', { 'x-billing-key': '' })).toMatchObject({
      status: 200,
      type: 'text/plain',
      text: 'ok',
    })
    expect(fake.journal().map((e) => [e.operation, e.status, e.mocked, e.violations])).toEqual([
      ['listInvoices', 200, true, []],
      ['createInvoice', 201, true, []],
      ['health', 200, true, []],
    ])
    const coverage = fake.coverage().vendors.billing!
    expect(coverage.operations.listInvoices).toMatchObject({ calls: 1, mocked: true })
  })

  test('Prefer picks the example and the status; one the document lacks is refused in problem+json', async () => {
    const { call } = await billing()
    expect(await call('GET', '/invoices', { prefer: 'example=none' })).toMatchObject({
      status: 200,
      body: [],
    })
    expect(await call('POST', '/invoices?__code=402', {}, { total: 5 })).toMatchObject({
      status: 402,
      body: { reason: 'card declined' },
    })
    const refused = await call('POST', '/invoices', { prefer: 'code=418' }, { total: 5 })
    expect(refused.status).toBe(400)
    expect(refused.type).toBe('application/problem+json')
    expect(refused.body).toMatchObject({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      errors: [{ in: 'header', name: 'prefer' }],
    })
    expect(refused.body.detail).toContain('code=418 cannot be answered for createInvoice')
  })

  test('auth from its security schemes, validation from its schemas, errors as RFC 9457 problems', async () => {
    const { call } = await billing()
    const none = await call('GET', '/invoices', { 'x-billing-key': '' })
    expect(none).toMatchObject({
      status: 401,
      type: 'application/problem+json',
      body: { status: 401, title: 'Unauthorized' },
    })
    const bad = await call('GET', '/invoices?limit=500')
    expect(bad).toMatchObject({
      status: 400,
      body: { status: 400, errors: [{ in: 'query', name: 'limit' }] },
    })
    expect(await call('POST', '/invoices', {}, { total: 'lots' })).toMatchObject({
      status: 400,
      body: { errors: [{ in: 'body', name: 'total' }] },
    })
    expect((await call('GET', '/nothing')).body).toMatchObject({ status: 404, title: 'Not Found' })
  })

  test('dynamic answers are seeded: the same seed and requests give byte-identical answers', async () => {
    const one = await billing()
    const two = await billing()
    const dynamic = { prefer: 'dynamic=true' }
    const a = await one.call('GET', '/invoices', dynamic)
    const b = await two.call('GET', '/invoices', dynamic)
    expect(a.status).toBe(200)
    expect(a.text).toBe(b.text)
    expect(a.body).not.toEqual([
      { id: 'inv_1', total: 10 },
      { id: 'inv_2', total: 25 },
    ])
    const other = await one.call('GET', '/invoices', { prefer: 'dynamic=true, seed=another' })
    expect(other.text).not.toBe(a.text)
    expect(one.fake.journal().every((e) => e.violations.length === 0)).toBe(true)
  })
})
