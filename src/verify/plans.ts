import { vendors } from '../vendors/index.js'
import type { Plan } from './plan.js'

/** The lifecycle plan of every vendor that declares one (`verify`, `import-har`), by vendor name. */
// By name, so that every list of them a user reads is in one order.
export const plans: Record<string, Plan> = Object.fromEntries(
  vendors
    .flatMap((vendor) => (vendor.verify ? [[vendor.name, vendor.verify] as const] : []))
    .sort(([a], [b]) => a.localeCompare(b)),
)

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
