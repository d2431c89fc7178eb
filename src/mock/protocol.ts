/** What the main thread asks prism for: one answer to one request of one operation. */
export interface MockAsk {
  id: number
  /** The operation, as "<document hash>:<METHOD> <path template>". */
  key: string
  /** The operation's own small document, sent the first time the worker meets the key. */
  doc?: object
  request: {
    method: string
    url: { path: string; query: Record<string, string | string[]> }
    headers: Record<string, string>
    body?: unknown
  }
  config: { dynamic: boolean; code?: number; exampleKey?: string; seed?: string }
}

/** Prism's answer, or why it could not give one (an undeclared `code=`, an unknown example). */
export type MockAnswer =
  | { id: number; status: number; headers: Record<string, string>; body?: unknown }
  | { id: number; refused: string }
  /** The worker does not hold this operation's document (it was started again): send it. */
  | { id: number; unknown: true }
