/** The demo tokens, workspaces, regions and cluster every session starts with. */
export const fixtures = {
  /** A workspace token: implies `workspaceId`. */
  token: 'sk_akua_jobfake_ws_5c1f9a2e7b',
  /** A broad token: names its workspace with `akua-context`. */
  broadToken: 'sk_akua_jobfake_org_8d3b6e0f41',
  workspaceId: 'ws_j572abc123def456',
  otherWorkspaceId: 'ws_k9x2pq7mn4rt',
  organizationId: 'org_jf01demo',
  regionIds: ['reg_eu_central_1', 'reg_us_east_1'],
  /** A cluster that exists in the workspace, for DELETE /clusters/{id}. */
  clusterId: 'clu_demo01prod',
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
