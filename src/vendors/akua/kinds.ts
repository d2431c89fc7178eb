import type { Resource } from './resources.js'

/** The kinds of resource Akua's operations act on, as record kinds of the session. */
export type Kind =
  | 'workspace'
  | 'subscription'
  | 'subdomain'
  | 'cluster'
  | 'workerBootstrap'
  | 'machine'
  | 'package'
  | 'packageVersion'
  | 'install'
  | 'render'
  | 'previewHostname'
  | 'customDomain'

export type OwnerType = 'cluster' | 'machine' | 'install' | 'package' | 'workspace'

/** How a kind is named, found and sent. */
export interface KindInfo {
  prefix: string
  /** The field holding its lifecycle state, where it has one. */
  state?: 'state' | 'status'
  /** The path parameter naming it, and its parent's kind and parameter. */
  param: string
  parent?: { kind: Kind; param: string }
  /** One per workspace, found by the workspace the path names. */
  single?: true
  /** The wire name of the parent's id. */
  parentField?: string
  /** Who an operation on it belongs to (owner_type, owner_id). */
  owner?: (r: Resource) => [OwnerType, string]
  /** The dashboard path, for kinds that carry `html_url`. */
  html?: string
  /** Which of the common fields its wire shape has. */
  wire: Array<'workspace_id' | 'updated_at' | 'etag' | 'reconciling'>
}

const all: KindInfo['wire'] = ['workspace_id', 'updated_at', 'etag', 'reconciling']
const ws = (r: Resource): [OwnerType, string] => ['workspace', r.workspaceId]
const inWorkspace = { parent: { kind: 'workspace', param: 'id' }, owner: ws } as const

/** Each kind: how it is named, found and sent. */
export const KINDS: Record<Kind, KindInfo> = {
  workspace: { prefix: 'ws', param: 'id', owner: ws, wire: ['updated_at', 'etag'] },
  subscription: {
    prefix: 'sub',
    param: 'id',
    ...inWorkspace,
    single: true,
    wire: ['workspace_id'],
  },
  subdomain: {
    prefix: 'wsd',
    state: 'status',
    param: 'id',
    ...inWorkspace,
    single: true,
    wire: ['workspace_id', 'updated_at', 'etag'],
  },
  cluster: {
    prefix: 'clu',
    state: 'state',
    param: 'id',
    owner: (r) => ['cluster', r.id],
    html: 'clusters',
    wire: all,
  },
  workerBootstrap: {
    prefix: 'wbs',
    state: 'status',
    param: 'wbs_id',
    parent: { kind: 'cluster', param: 'id' },
    parentField: 'cluster_id',
    owner: (r) => ['cluster', r.parentId!],
    wire: ['updated_at', 'etag', 'reconciling'],
  },
  machine: {
    prefix: 'mch',
    state: 'state',
    param: 'id',
    owner: (r) => ['machine', r.id],
    wire: all,
  },
  package: {
    prefix: 'pkg',
    param: 'id',
    owner: (r) => ['package', r.id],
    html: 'packages',
    wire: ['workspace_id', 'etag'],
  },
  packageVersion: { prefix: 'pkgv', param: 'version_id', wire: [] },
  install: {
    prefix: 'inst',
    state: 'state',
    param: 'id',
    owner: (r) => ['install', r.id],
    html: 'installs',
    wire: all,
  },
  render: {
    prefix: 'rnd',
    state: 'state',
    param: 'render_id',
    parentField: 'install_id',
    wire: ['workspace_id', 'updated_at'],
  },
  previewHostname: {
    prefix: 'phn',
    state: 'status',
    param: 'preview_hostname_id',
    parent: { kind: 'install', param: 'id' },
    parentField: 'install_id',
    owner: (r) => ['install', r.parentId!],
    wire: ['workspace_id', 'updated_at', 'etag'],
  },
  customDomain: {
    prefix: 'cdm',
    state: 'status',
    param: 'custom_domain_id',
    ...inWorkspace,
    wire: ['workspace_id', 'updated_at', 'etag'],
  },
}
