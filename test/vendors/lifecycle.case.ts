import { describe, expect, test } from 'vitest'

/** A job's state in the vocabulary every vendor shares; vendors map their own wire states to it. */
export type CommonState =
  'PENDING' | 'RUNNING' | 'CANCELLING' | 'CANCELLED' | 'COMPLETED' | 'FAILED'

export interface LifecycleHarness {
  /** Starts a job and returns its id. */
  start(): Promise<string>
  poll(id: string): Promise<CommonState>
  /** Asks to cancel; returns the HTTP status. */
  cancel(id: string): Promise<number>
  advance(by: string): void
}

export interface LifecycleCase {
  vendor: string
  /** A fresh fake per test, with a harness over it. */
  setup(): Promise<LifecycleHarness>
  /** What a cancel answers when accepted, and when refused. */
  accepted: number
  refusal: number
  /** Long enough for any job to finish under the default scenario. */
  longEnough: string
  /** Tests that do not apply to this vendor, each with the reason. */
  skip?: Partial<Record<'pending-cancel' | 'cancelling' | 'refuse-after-complete', string>>
}

/**
 * One lifecycle suite, run by every vendor: start, progress, finish; cancel and its refusal.
 *
 * @example
 * runLifecycle({ vendor: 'airweave', setup, accepted: 200, refusal: 400, longEnough: '10m' })
 */
export function runLifecycle({
  vendor,
  setup,
  accepted,
  refusal,
  longEnough,
  skip = {},
}: LifecycleCase) {
  describe(`${vendor}: the common job lifecycle`, () => {
    test('a job runs and completes as the clock moves', async () => {
      const h = await setup()
      const id = await h.start()
      expect(['PENDING', 'RUNNING']).toContain(await h.poll(id))
      h.advance(longEnough)
      expect(await h.poll(id)).toBe('COMPLETED')
    })

    test.skipIf(skip.cancelling)(
      'a running job cancels through CANCELLING to CANCELLED',
      async () => {
        const h = await setup()
        const id = await h.start()
        h.advance('30s')
        expect(await h.poll(id)).toBe('RUNNING')
        expect(await h.cancel(id)).toBe(accepted)
        expect(await h.poll(id)).toBe('CANCELLING')
        h.advance(longEnough)
        expect(await h.poll(id)).toBe('CANCELLED')
      },
    )

    test('a second cancel is refused', async () => {
      const h = await setup()
      const id = await h.start()
      if (!skip['pending-cancel']) expect(await h.cancel(id)).toBe(accepted)
      h.advance(longEnough)
      if (skip['pending-cancel']) await h.cancel(id)
      expect(await h.cancel(id)).toBe(refusal)
    })

    test.skipIf(skip['refuse-after-complete'])('a finished job refuses a cancel', async () => {
      const h = await setup()
      const id = await h.start()
      h.advance(longEnough)
      expect(await h.poll(id)).toBe('COMPLETED')
      expect(await h.cancel(id)).toBe(refusal)
      expect(await h.poll(id)).toBe('COMPLETED')
    })
  })
}
