import { describe, expect, test } from 'vitest'
import { operationDocument } from '../../src/mock/extract.js'
import type { SpecDocument } from '../../src/spec/load.js'
import { operationsOf } from '../../src/spec/operations.js'

const doc = {
  openapi: '3.1.0',
  info: { title: 't', version: '1' },
  security: [{ key: [] }],
  paths: {
    '/jobs/{id}': {
      parameters: [{ $ref: '#/components/parameters/Id' }],
      get: { responses: { '200': { $ref: '#/components/responses/Job' } } },
      delete: { responses: { '204': { description: 'gone' } } },
    },
  },
  components: {
    securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'x-key' } },
    parameters: { Id: { name: 'id', in: 'path', required: true, schema: { type: 'string' } } },
    responses: {
      Job: {
        description: 'a job',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Job' } } },
      },
    },
    schemas: {
      Job: { type: 'object', properties: { step: { $ref: '#/components/schemas/Step' } } },
      Step: { type: 'object', properties: { next: { $ref: '#/components/schemas/Step' } } },
      Unused: { type: 'string' },
    },
  },
}

describe(operationDocument, () => {
  const spec = { file: 't.json', name: 't', version: '3.1', hash: 'h', doc } as SpecDocument
  const get = operationsOf(spec).find((op) => op.method === 'GET')!

  test('holds the one operation and, transitively, what it refers to (cycles too), at the same pointers', () => {
    const cut = operationDocument(spec, get) as typeof doc
    expect(Object.keys(cut.paths['/jobs/{id}'])).toEqual(['get', 'parameters'])
    expect(Object.keys(cut.components.schemas).sort()).toEqual(['Job', 'Step'])
    expect(cut.components.parameters.Id).toBe(doc.components.parameters.Id)
    expect(cut.components.responses.Job).toBe(doc.components.responses.Job)
    // The security the operation needs comes along: prism reads it from the document.
    expect(cut.security).toEqual(doc.security)
    expect(cut.components.securitySchemes).toBe(doc.components.securitySchemes)
  })
})
