import { Readable } from 'node:stream'
import { describe, expect, test } from 'vitest'
import { BodyTooLarge, readLimited } from '../../src/pipeline/limited.js'

describe(readLimited, () => {
  test('reads a body within its limit, across chunks', async () => {
    expect(await readLimited(Readable.from([Buffer.from('{"a":'), Buffer.from('1}')]), 7)).toBe(
      '{"a":1}',
    )
  })

  test('stops reading as soon as the bytes pass the limit, leaving the rest unread', async () => {
    let pulled = 0
    const endless = new Readable({
      read() {
        pulled++
        this.push(Buffer.alloc(64 * 1024))
      },
    })
    await expect(readLimited(endless, 1024 * 1024)).rejects.toBeInstanceOf(BodyTooLarge)
    // 1 MiB is 16 chunks of 64 KiB: it stopped right after the 17th, not at the end of an endless body.
    expect(pulled).toBeLessThan(40)
    endless.destroy()
  })

  test('a stream that closes before its end is an error', async () => {
    const cut = new Readable({ read() {} })
    const reading = readLimited(cut, 10)
    cut.push('{')
    cut.destroy()
    await expect(reading).rejects.toThrow(/closed the connection/)
  })
})
