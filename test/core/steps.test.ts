import { describe, expect, test } from 'vitest'
import { after, settle, type Steps } from '../../src/core/steps.js'

/** Adds what each step yields (a number, or a promise of one), noting what ran. */
function* sum(values: Array<number | Promise<number>>, log: string[]): Steps<number> {
  let total = 0
  try {
    for (const value of values) total += (yield value) as number
    return total
  } catch (error) {
    log.push(`caught ${(error as Error).message}`)
    return -1
  } finally {
    log.push('finally')
  }
}

describe(settle, () => {
  test('steps that yield no promise end at once, with their value', () => {
    const log: string[] = []
    expect(settle(sum([1, 2, 3], log))).toBe(6)
    expect(log).toEqual(['finally'])
  })

  test('a promise is waited for where it was yielded, and the steps go on with its value', async () => {
    const log: string[] = []
    const result = settle(sum([1, Promise.resolve(2), 3, Promise.resolve(4)], log))
    expect(result).toBeInstanceOf(Promise)
    expect(log).toEqual([])
    await expect(result).resolves.toBe(10)
    expect(log).toEqual(['finally'])
  })

  test('a rejection is thrown into the steps at the yield, so their catch and finally run', async () => {
    const log: string[] = []
    const result = settle(sum([1, Promise.reject(new Error('gone'))], log))
    await expect(result).resolves.toBe(-1)
    expect(log).toEqual(['caught gone', 'finally'])
  })

  test('an error the steps do not catch is thrown at once, or rejects when it came later', async () => {
    function* failing(later: boolean): Steps<never> {
      if (later) yield Promise.resolve()
      throw new Error('broken')
    }
    expect(() => settle(failing(false))).toThrow('broken')
    await expect(settle(failing(true))).rejects.toThrow('broken')
  })

  test('a thenable that is not a native promise is waited for too', async () => {
    const thenable = { then: (resolve: (value: number) => void) => resolve(5) }
    await expect(settle(sum([thenable as unknown as Promise<number>], []))).resolves.toBe(5)
  })
})

describe(after, () => {
  test('goes on at once with a value at hand, and after the promise with one to come', async () => {
    expect(after(2, (n) => n * 10)).toBe(20)
    const later = after(Promise.resolve(2), (n) => n * 10)
    expect(later).toBeInstanceOf(Promise)
    await expect(later).resolves.toBe(20)
  })
})
