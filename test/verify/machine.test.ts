import { describe, expect, test } from 'vitest'
import { syncJobMachine } from '../../src/vendors/airweave/machine.js'
import { operationMachine } from '../../src/vendors/akua/machine.js'
import { invocationMachine } from '../../src/vendors/chroma/machine.js'
import { executionMachine } from '../../src/vendors/peaka/machine.js'
import { trackJob } from '../../src/verify/machine.js'

describe(trackJob, () => {
  test('states passed unseen between polls are allowed; a state the machine never leads to is not', () => {
    const job = trackJob(syncJobMachine, ['cancel'])
    expect(job.observe('pending')).toBeUndefined()
    expect(job.observe('completed')).toBeUndefined() // running was passed between two polls
    const other = trackJob(syncJobMachine, ['cancel'])
    expect(other.observe('running')).toBeUndefined()
    expect(other.observe('cancelling')).toBe(
      'the machine does not lead from running to cancelling by itself or by what the client sent',
    )
    expect(trackJob(syncJobMachine, []).observe('created')).toMatch(
      /^"created" is not a state of airweave\.syncJob \(pending, running, cancelling, completed, failed, cancelled\)$/,
    )
  })

  test('a cancel leads where the machine says, and nowhere else', () => {
    const job = trackJob(syncJobMachine, ['cancel'])
    job.observe('running')
    expect(job.accept('cancel', 'cancelled')).toBe(
      'the machine takes cancel from running to cancelling, not to cancelled',
    )
    const ok = trackJob(syncJobMachine, ['cancel'])
    ok.observe('running')
    expect(ok.accept('cancel', 'cancelling')).toBeUndefined()
    expect(ok.observe('cancelled')).toBeUndefined()
    expect(ok.accept('cancel')).toBe(
      'the machine takes no cancel in cancelled: it should be refused',
    )
  })

  test('a compound state is followed below what the wire shows (Peaka: RUNNING.working / stopping)', () => {
    const left = trackJob(executionMachine, ['cancel'])
    expect(left.observe('RUNNING')).toBeUndefined()
    expect(left.observe('CANCELLED')).toMatch(/does not lead from RUNNING to CANCELLED/)
    const cancelled = trackJob(executionMachine, ['cancel'])
    cancelled.observe('RUNNING')
    expect(cancelled.accept('cancel')).toBeUndefined()
    expect(cancelled.possible().sort()).toEqual(['CANCELLED', 'COMPLETED', 'FAILED', 'RUNNING'])
    expect(cancelled.observe('CANCELLED')).toBeUndefined()
    expect(cancelled.final('CANCELLED')).toBe(true)
  })

  test('a cancel with no target keeps the state (Akua), and a guarded one counts (Chroma)', () => {
    const op = trackJob(operationMachine, ['cancel'])
    expect(op.accept('cancel', 'RUNNING')).toBeUndefined()
    expect(op.observe('CANCELLED')).toBeUndefined()
    const invocation = trackJob(invocationMachine, ['cancel'])
    invocation.observe('processing')
    expect(invocation.observe('cancelled')).toMatch(/does not lead from processing to cancelled/)
    const cancelable = trackJob(invocationMachine, ['cancel'])
    cancelable.observe('processing')
    expect(cancelable.accept('cancel', 'cancelled')).toBeUndefined()
  })
})
