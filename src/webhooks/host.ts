import type { EngineClock } from '../core/clock.js'
import type { SessionEvents } from '../core/events.js'

// Keyed by the session's clock, the one object of its session that vendor code sees (ctx.clock).
const hosts = new WeakMap<EngineClock, SessionEvents>()

/** Lets the outboxes timed on this clock tell their deliveries to the session's subscribers. */
export function tellDeliveriesTo(clock: EngineClock, events: SessionEvents): void {
  hosts.set(clock, events)
}

/** Where deliveries timed on this clock are told, if a session listens (see `attachWebhooks`). */
export const eventsOf = (clock: EngineClock): SessionEvents | undefined => hosts.get(clock)
