import type { FaultState } from '../scenarios/faults.js'

/**
 * A session's fault memory (see FaultState) whose Maps are made when a fault first counts: most
 * sessions run scenarios without faults, and never need them.
 *
 * @example
 * const faults = new LazyFaults()
 * faults.calls.set('happy#0', 1) // the Map is made here
 */
export class LazyFaults implements FaultState {
  private callMap: Map<string, number> | undefined
  private bucketMap: Map<string, { tokens: number; at: number }> | undefined

  constructor(state?: FaultState) {
    this.callMap = state?.calls
    this.bucketMap = state?.buckets
  }

  /** The state as data, making nothing. */
  static snapshot(state: FaultState | undefined) {
    const lazy = state instanceof LazyFaults ? state : undefined
    const calls = lazy ? lazy.callMap : state?.calls
    const buckets = lazy ? lazy.bucketMap : state?.buckets
    return { calls: [...(calls ?? [])], buckets: structuredClone([...(buckets ?? [])]) }
  }

  get calls(): Map<string, number> {
    return (this.callMap ??= new Map())
  }
  set calls(calls: Map<string, number>) {
    this.callMap = calls
  }
  get buckets(): Map<string, { tokens: number; at: number }> {
    return (this.bucketMap ??= new Map())
  }
  set buckets(buckets: Map<string, { tokens: number; at: number }>) {
    this.bucketMap = buckets
  }
}
