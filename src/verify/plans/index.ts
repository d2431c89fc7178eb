import type { Plan } from '../plan.js'
import { airweave } from './airweave.js'
import { akua } from './akua.js'
import { chroma } from './chroma.js'
import { peaka } from './peaka.js'

/** The lifecycle plan of every vendor `verify` and `import-har` know, by vendor name. */
export const plans: Record<string, Plan> = { airweave, akua, chroma, peaka }

/**
 * The plan of a vendor, or a one-line reason.
 *
 * @example
 * planOf('airweave').start.path // '/source-connections/{source_connection_id}/run'
 */
export function planOf(vendor: string | undefined): Plan {
  const plan = vendor === undefined ? undefined : plans[vendor]
  if (!plan)
    throw new Error(
      `[jobfake] ${vendor === undefined ? 'Name a vendor with --vendor' : `No lifecycle plan for "${vendor}"`}: use one of ${Object.keys(plans).join(', ')}.`,
    )
  return plan
}
