import type { Scenario } from '../scenarios/scenario.js'
import type { RouteRequest } from '../vendor/types.js'
import type { Incoming } from './incoming.js'

/**
 * What a route is given. A class, so that `signal` is a getter on its prototype: a literal with a
 * getter kept each request's objects alive past the young generation (issue 18).
 */
export class Routed implements RouteRequest {
  constructor(
    readonly operationId: string,
    readonly path: Record<string, unknown>,
    readonly query: Record<string, unknown>,
    readonly header: (name: string) => string | undefined,
    readonly body: unknown,
    readonly principal: unknown,
    readonly scenario: Scenario,
    private readonly request: Incoming,
  ) {}

  get signal(): AbortSignal {
    return this.request.signal
  }
}
