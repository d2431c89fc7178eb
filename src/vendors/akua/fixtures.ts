/** The demo tokens, workspaces, regions and resources every session starts with. */
export const fixtures = {
  /** A workspace token: implies `workspaceId`. */
  token: 'sk_akua_jobfake_ws_5c1f9a2e7b',
  /** A broad token: names its workspace with `akua-context`. */
  broadToken: 'sk_akua_jobfake_org_8d3b6e0f41',
  workspaceId: 'ws_j572abc123def456',
  otherWorkspaceId: 'ws_k9x2pq7mn4rt',
  organizationId: 'org_jf01demo',
  regionIds: ['reg_eu_central_1', 'reg_us_east_1'],
  /** An active cluster with nothing on it: free to delete or suspend. */
  clusterId: 'clu_demo01prod',
  /** An active cluster with a machine, an install and a worker bootstrap on it. */
  workClusterId: 'clu_demo02work',
  /** A suspended cluster, to resume. */
  suspendedClusterId: 'clu_demo03idle',
  machineId: 'mch_demo01web',
  suspendedMachineId: 'mch_demo02batch',
  workerBootstrapId: 'wbs_demo01join',
  packageId: 'pkg_demo01web',
  /** The package's versions, oldest first: 1.0.0 (installed), 1.1.0 (latest). */
  packageVersionIds: ['pkgv_demo01v100', 'pkgv_demo01v110'],
  /** A product whose installs use the package. */
  productId: 'prod_j572abc123def456',
  installId: 'inst_demo01web',
  /** The install's deployed render (of 1.0.0). */
  renderId: 'rnd_demo01first',
  previewHostnameId: 'phn_demo01pin',
  customDomainId: 'cdm_demo01app',
} as const

/** A token: a workspace token implies its workspace; a broad one reaches several. */
export interface Token {
  workspace?: string
  workspaces: string[]
}

/** The demo tokens and what they reach. */
export const principals = new Map<string, Token>([
  [fixtures.token, { workspace: fixtures.workspaceId, workspaces: [fixtures.workspaceId] }],
  [fixtures.broadToken, { workspaces: [fixtures.workspaceId, fixtures.otherWorkspaceId] }],
])
