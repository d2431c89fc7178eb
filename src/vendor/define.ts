import type { Vendor, VendorAuth } from './types.js'

/**
 * A vendor as its folder writes it, less its name and mount: `auth` is typed by the principal its credentials stand for,
 * and `spec` defaults to `<name>.yaml`.
 */
export type VendorDeclaration<P> = Omit<Vendor, 'auth' | 'spec' | 'name' | 'mount'> & {
  auth: VendorAuth<P>
  spec?: string
}

/**
 * Declares a vendor: what it is called and where it is mounted (the vendor's own paths follow), its spec, error shape, auth,
 * job kinds, record kinds, fixtures, periodic tasks and routes. The engine reads this; it is
 * built once and serves every session.
 *
 * @example
 * export const airweave = defineVendor('airweave', '/airweave', { auth, jobs, routes, ... })
 */
export function defineVendor<P>(
  name: string,
  mount: string,
  declaration: VendorDeclaration<P>,
): Vendor {
  const { jobs, records } = declaration
  if (!/^[a-z][a-z0-9-]*$/.test(name))
    throw new Error(`[jobfake] Vendor name "${name}" must be lowercase letters, digits and dashes.`)
  if (!/^\/[\w/-]*[\w-]$/.test(mount))
    throw new Error(
      `[jobfake] Vendor ${name}: mount "${mount}" must start with "/" and not end with one.`,
    )
  const clash = Object.keys(jobs).find((kind) => records.includes(kind))
  if (clash)
    throw new Error(`[jobfake] Vendor ${name}: "${clash}" is both a job kind and a record kind.`)
  return {
    name,
    mount,
    ...declaration,
    spec: declaration.spec ?? `${name}.yaml`,
  } as unknown as Vendor
}
