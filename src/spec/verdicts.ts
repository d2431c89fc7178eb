import type { Violation } from './validator.js'

// Bounds: a poll answers the same few bodies over and over; a body unique per request (a fresh id,
// a timestamp) would otherwise fill memory. A long text costs more to keep than to check again.
const MAX_ENTRIES = 64
const MAX_TEXT = 16 * 1024

/**
 * The verdicts one response check gave, by the exact JSON text of the body it checked: a check is
 * a pure function of the body, and the text is what the client receives, so the same text gets the
 * same verdict without running the check again. A polled job's answer is the same text until the
 * job changes (issue 18: response validation of bodies that cannot have changed was a quarter of
 * an Akua poll's CPU). The verdicts it hands out are frozen: callers share them.
 *
 * @example
 * const verdicts = new Verdicts()
 * verdicts.get(text) ?? verdicts.set(text, check(body))
 */
export class Verdicts {
  private known = new Map<string, readonly Violation[]>()
  // A poll sends the text it sent last time: comparing it costs less than hashing it for the Map.
  private lastText: string | undefined
  private lastVerdict: readonly Violation[] | undefined

  get(text: string): readonly Violation[] | undefined {
    if (text === this.lastText) return this.lastVerdict
    const verdict = this.known.get(text)
    if (verdict) {
      this.lastText = text
      this.lastVerdict = verdict
    }
    return verdict
  }

  set(text: string, violations: Violation[]): readonly Violation[] {
    Object.freeze(violations)
    if (text.length > MAX_TEXT) return violations
    // The oldest goes first: Maps keep insertion order.
    if (this.known.size >= MAX_ENTRIES) this.known.delete(this.known.keys().next().value!)
    this.known.set(text, violations)
    return violations
  }
}
