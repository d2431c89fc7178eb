import type { Starter } from '../starter.js'
import { apps } from './apps.js'
import { clusters } from './clusters.js'
import { machines } from './machines.js'
import { hostnames } from './routing.js'
import { workspaces } from './workspaces.js'

/**
 * Every Akua endpoint that answers with a new Operation, by operationId: the one description the
 * routes, the start and the settling of operations read.
 *
 * @example
 * STARTERS['clusters.suspend'].after // { state: 'suspended' }
 */
export const STARTERS: Record<string, Starter<unknown>> = {
  ...clusters,
  ...machines,
  ...apps,
  ...hostnames,
  ...workspaces,
}
