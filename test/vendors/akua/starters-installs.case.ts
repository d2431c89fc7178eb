import { expect } from 'vitest'
import { newest, type Akua } from './akua.case.js'
import type { Case, F } from './starters.case.js'

const install = (f: F) => `/installs/${f.installId}`
const hostnames = (a: Akua) => newest(a, `${install(a.f)}/preview_hostnames`)

/** The starters that act on a package, an install, or one of its preview hostnames. */
export const INSTALL_CASES: Case[] = [
  {
    id: 'packages.create',
    type: 'package.create',
    method: 'POST',
    path: () => '/packages',
    body: () => ({
      name: 'api',
      sources: [
        {
          kind: 'helm',
          repo_url: 'oci://registry.example.com/charts',
          chart: 'api',
          target_revision: '2.0.0',
        },
      ],
    }),
    resource: (_, op) => `/packages/${op.owner_id}`,
    during: {
      name: 'api',
      source: { kind: 'oci', oci_ref: 'oci://registry.example.com/charts/api' },
    },
    after: { name: 'api' },
    cancelled: 'gone',
  },
  {
    id: 'installs.create',
    type: 'install.create',
    method: 'POST',
    path: () => '/installs',
    body: (f) => ({
      package_id: f.packageId,
      package_version_pin: { kind: 'pinned', version: '1.1.0' },
      region_id: f.regionIds[0],
      cluster_id: f.workClusterId,
    }),
    resource: (_, op) => `/installs/${op.owner_id}`,
    during: { state: 'rendering', reconciling: true, urls: [] },
    after: { state: 'healthy', package_version_id: 'pkgv_demo01v110', urls: [expect.anything()] },
    cancelled: { state: 'failed', reconciling: false },
  },
  {
    id: 'installs.delete',
    type: 'install.delete',
    method: 'DELETE',
    path: install,
    resource: (a) => install(a.f),
    ifMatch: install,
    during: { state: 'healthy', reconciling: true },
    after: { state: 'deleted', urls: [] },
    cancelled: { state: 'healthy' },
    busy: true,
  },
  {
    id: 'installs.updateVersion',
    type: 'install.render',
    method: 'POST',
    path: (f) => `${install(f)}:update`,
    body: (f) => ({ package_version_id: f.packageVersionIds[1] }),
    resource: (a) => install(a.f),
    ifMatch: install,
    key: true,
    during: { state: 'rendering', package_version_id: 'pkgv_demo01v100' },
    after: { state: 'healthy', package_version_id: 'pkgv_demo01v110' },
    cancelled: { state: 'healthy', package_version_id: 'pkgv_demo01v100' },
    busy: true,
  },
  {
    id: 'installs.restore',
    type: 'install.render',
    method: 'POST',
    path: (f) => `${install(f)}:restore`,
    body: (f) => ({ render_id: f.renderId }),
    prepare: async (a) => {
      const headers = { 'if-match': await a.etag(install(a.f)), 'idempotency-key': 'to-1.1.0' }
      const body = { package_version_id: a.f.packageVersionIds[1] }
      expect((await a.call('POST', `${install(a.f)}:update`, { headers, body })).status).toBe(202)
      a.advance('10m')
    },
    resource: (a) => install(a.f),
    ifMatch: install,
    key: true,
    after: { state: 'healthy', package_version_id: 'pkgv_demo01v100' },
    cancelled: { state: 'healthy', package_version_id: 'pkgv_demo01v110' },
    busy: true,
  },
  {
    id: 'previewHostnames.bindPinned',
    type: 'preview_hostname.bind_pinned',
    method: 'POST',
    path: (f) => `${install(f)}/preview_hostnames:bindPinned`,
    body: (f) => ({ render_id: f.renderId }),
    key: true,
    resource: hostnames,
    during: { status: 'provisioning', binding: { kind: 'pinned' } },
    after: { status: 'active', protocol: 'http' },
    cancelled: 'gone',
  },
  {
    id: 'previewHostnames.bindFloating',
    type: 'preview_hostname.bind_floating',
    method: 'POST',
    path: (f) => `${install(f)}/preview_hostnames:bindFloating`,
    body: (f) => ({ track: 'main', render_id: f.renderId, protocol: 'websocket' }),
    key: true,
    resource: hostnames,
    during: { status: 'provisioning' },
    after: {
      status: 'active',
      protocol: 'websocket',
      binding: { kind: 'floating', track: 'main' },
    },
    cancelled: 'gone',
    busy: true,
  },
  {
    id: 'previewHostnames.delete',
    type: 'preview_hostname.delete',
    method: 'DELETE',
    path: (f) => `${install(f)}/preview_hostnames/${f.previewHostnameId}`,
    resource: (a) => `${install(a.f)}/preview_hostnames/${a.f.previewHostnameId}`,
    ifMatch: (f) => `${install(f)}/preview_hostnames/${f.previewHostnameId}`,
    key: true,
    during: { status: 'releasing' },
    after: 'gone',
    cancelled: { status: 'active' },
    busy: true,
  },
]
