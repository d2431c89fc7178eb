/** The demo keys, projects and tables every session starts with. */
export const fixtures = {
  partnerKey: 'pk_jobfake_partner_61c0d8e2a94f',
  projects: [
    { id: 'mtKDhe1U', key: 'pk_jobfake_project_mtKDhe1U_7b3e' },
    { id: 'Qw7nZp2R', key: 'pk_jobfake_project_Qw7nZp2R_c41a' },
  ],
  tables: [
    {
      projectId: 'mtKDhe1U',
      catalogId: 'pg_sales',
      schemaName: 'public',
      tableName: 'orders',
      cacheable: true,
    },
    {
      projectId: 'mtKDhe1U',
      catalogId: 'pg_sales',
      schemaName: 'public',
      tableName: 'customers',
      cacheable: true,
    },
    {
      projectId: 'mtKDhe1U',
      catalogId: 'pg_sales',
      schemaName: 'analytics',
      tableName: 'events',
      cacheable: true,
    },
    {
      projectId: 'mtKDhe1U',
      catalogId: 'pg_sales',
      schemaName: 'public',
      tableName: 'order_totals_view',
      cacheable: false,
    },
    {
      projectId: 'Qw7nZp2R',
      catalogId: 'hubspot_crm',
      schemaName: 'crm',
      tableName: 'contacts',
      cacheable: true,
    },
    {
      projectId: 'Qw7nZp2R',
      catalogId: 'hubspot_crm',
      schemaName: 'crm',
      tableName: 'deals',
      cacheable: true,
    },
  ],
} as const

export type TableFixture = (typeof fixtures.tables)[number]

/** A partner key reaches every project; a project key only its own. */
export interface PeakaPrincipal {
  project?: string
}

/** The demo keys and who presents them. */
export const principals = new Map<string, PeakaPrincipal>([
  [fixtures.partnerKey, {}],
  ...fixtures.projects.map((p): [string, PeakaPrincipal] => [p.key, { project: p.id }]),
])
