import type { Delivery, Outbox } from './types.js'

/** Ends a pending delivery: its armed attempt is dropped; a failure says why it stopped. */
export function end(
  box: Outbox,
  delivery: Delivery,
  status: 'success' | 'failed',
  reason?: Delivery['reason'],
): void {
  if (delivery.timer !== null) box.clock.clearTimeout(delivery.timer)
  Object.assign(delivery, { status, timer: null, due: null })
  if (reason) delivery.reason = reason
  else delete delivery.reason
}

/** Ends every pending delivery to a subscription (deleted, or disabled): no attempt is made. */
export function endDeliveriesTo(box: Outbox, endpointId: string, reason: Delivery['reason']) {
  for (const message of box.messages.all()) {
    const delivery = message.deliveries.find((d) => d.endpoint === endpointId)
    if (delivery?.status !== 'pending') continue
    end(box, delivery, 'failed', reason)
    box.messages.put(message.id, message)
  }
}
