import type { Vendor, VendorAuth } from './types.js'

/**
 * A vendor as its folder writes it: `auth` is typed by the principal its credentials stand for,
 * and `spec` defaults to `<name>.yaml`.
 */
export type VendorDeclaration<P> = Omit<Vendor, 'auth' | 'spec'> & {
  auth: VendorAuth<P>
  spec?: string
}

/**
 * Declares a vendor: what it is called and where it is mounted, its spec, error shape, auth,
 * job kinds, record kinds, fixtures, periodic tasks and routes. The engine reads this; it is
 * built once and serves every session.
 *
 * @example
 * export const airweave = defineVendor({ name: 'airweave', mount: '/airweave', auth, routes, ... })
 */
export function defineVendor<P>(declaration: VendorDeclaration<P>): Vendor {
  const { name, mount, jobs, records } = declaration
  if (!/^[a-z][a-z0-9-]*$/.test(name))
    throw new Error(`[jobfake] Vendor name "${name}" must be lowercase letters, digits and dashes.`)
  if (!/^\/[\w/-]*[\w-]$/.test(mount))
    throw new Error(
      `[jobfake] Vendor ${name}: mount "${mount}" must start with "/" and not end with one.`,
    )
  const clash = Object.keys(jobs).find((kind) => records.includes(kind))
  if (clash)
    throw new Error(`[jobfake] Vendor ${name}: "${clash}" is both a job kind and a record kind.`)
  return { ...declaration, spec: declaration.spec ?? `${name}.yaml` } as unknown as Vendor
}
