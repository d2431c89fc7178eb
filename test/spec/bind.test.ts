import { describe, expect, test } from 'vitest'
import { bindOperations, renameParams } from '../../src/spec/bind.js'
import { operationAt } from '../support/spec-fixtures.js'

const op = (id: string, method: string, path: string) => operationAt(method, path, id)

describe(bindOperations, () => {
  const own = [
    op('sourceConnections.run', 'POST', '/source-connections/{source_connection_id}/run'),
    op('sourceConnections.get', 'GET', '/source-connections/{source_connection_id}'),
    op('operations.cancel', 'POST', '/operations/{id}:cancel'),
  ]

  test('binds by method and path template, whatever each document calls the operation', () => {
    const served = [
      op('run_sc_post', 'POST', '/source-connections/{source_connection_id}/run'),
      op('get_sc', 'GET', '/source-connections/{source_connection_id}'),
      op('delete_sc', 'DELETE', '/source-connections/{source_connection_id}'),
    ]
    const { bound, unbound } = bindOperations(served, own)
    expect(bound.get('run_sc_post')?.name).toBe('sourceConnections.run')
    expect(bound.get('get_sc')?.name).toBe('sourceConnections.get')
    // Same path, another method: not modelled, so not bound (prism answers it).
    expect(bound.has('delete_sc')).toBe(false)
    expect(unbound).toEqual(['operations.cancel'])
  })

  test('an operationId that matches but a path that does not binds nothing', () => {
    const served = [op('sourceConnections.run', 'POST', '/source-connections/{id}/start')]
    expect(bindOperations(served, own).bound.size).toBe(0)
  })

  test('parameters are renamed by position when the documents name them apart', () => {
    const served = [op('x', 'POST', '/source-connections/{id}/run')]
    const binding = bindOperations(served, own).bound.get('x')!
    expect(binding.params).toEqual([['id', 'source_connection_id']])
    expect(renameParams(binding, { id: 'abc' })).toEqual({ source_connection_id: 'abc' })
  })

  test('a custom method (AIP-136) stays apart from the resource it acts on', () => {
    const served = [
      op('get', 'POST', '/operations/{name}'),
      op('c', 'POST', '/operations/{n}:cancel'),
    ]
    const { bound } = bindOperations(served, own)
    expect([...bound.keys()]).toEqual(['c'])
  })
})
