/**
 * A job's pending clock timers by key (the machine's delayed-event ids, `timeline:<n>`), kept as
 * a Map keeps its entries — in the order first set — but with the first one inline: a job waits
 * on one timer at a time, mostly, and a Map per job would cost more than the job.
 *
 * @example
 * const slots = new TimerSlots()
 * slots.set('xstate.after.pending.job', 7)
 * slots.take('xstate.after.pending.job') // 7
 */
export class TimerSlots<H = number> {
  private key: string | undefined = undefined
  private id: H | undefined = undefined
  /** The timers after the first: key, timer, key, timer… */
  private more: Array<string | H> | undefined = undefined

  /** Sets the timer of `key`: in its place if it has one, else after the others. */
  set(key: string, id: H): void {
    // The first slot is empty only when all are (take moves the next one up).
    if (this.key !== undefined && this.key !== key) return this.setMore(key, id)
    this.key = key
    this.id = id
  }

  /** Forgets the timer of `key`; answers it. */
  take(key: string): H | undefined {
    if (this.key === key) {
      const id = this.id
      const more = this.more
      this.key = more?.[0] as string | undefined
      this.id = more?.[1] as H | undefined
      if (more) this.more = more.length > 2 ? more.slice(2) : undefined
      return id
    }
    const more = this.more
    if (!more) return undefined
    for (let i = 0; i < more.length; i += 2) {
      if (more[i] !== key) continue
      const id = more[i + 1] as H
      more.splice(i, 2)
      if (more.length === 0) this.more = undefined
      return id
    }
    return undefined
  }

  /** Every timer, in order. */
  entries(): Array<[string, H]> {
    const out: Array<[string, H]> = []
    if (this.key !== undefined) out.push([this.key, this.id as H])
    const more = this.more ?? []
    for (let i = 0; i < more.length; i += 2) out.push([more[i] as string, more[i + 1] as H])
    return out
  }

  /** Forgets every timer; answers them. */
  clear(): H[] {
    if (this.key === undefined) return []
    const ids = [this.id as H]
    const more = this.more
    if (more) for (let i = 1; i < more.length; i += 2) ids.push(more[i] as H)
    this.key = undefined
    this.id = undefined
    this.more = undefined
    return ids
  }

  private setMore(key: string, id: H) {
    const more = (this.more ??= [])
    for (let i = 0; i < more.length; i += 2) if (more[i] === key) return void (more[i + 1] = id)
    more.push(key, id)
  }
}
