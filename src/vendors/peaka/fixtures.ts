/** The demo keys, projects, tables and saved queries every session starts with. */
export const fixtures = {
  partnerKey: 'pk_jobfake_partner_61c0d8e2a94f',
  /** The public prefix of each key, as exports name their initiator (`apiKeyPrefix`). */
  partnerPrefix: 'jfP61c0d',
  projects: [
    { id: 'mtKDhe1U', key: 'pk_jobfake_project_mtKDhe1U_7b3e', prefix: 'jfmt7b3e' },
    { id: 'Qw7nZp2R', key: 'pk_jobfake_project_Qw7nZp2R_c41a', prefix: 'jfQwc41a' },
  ],
  tables: [
    {
      projectId: 'mtKDhe1U',
      catalogId: 'pg_sales',
      schemaName: 'public',
      tableName: 'orders',
      cacheable: true,
      rows: 48_210,
      columns: ['id', 'customer_id', 'created', 'amount', 'status'],
    },
    {
      projectId: 'mtKDhe1U',
      catalogId: 'pg_sales',
      schemaName: 'public',
      tableName: 'customers',
      cacheable: true,
      rows: 3_412,
      columns: ['id', 'name', 'email', 'created'],
    },
    {
      projectId: 'mtKDhe1U',
      catalogId: 'pg_sales',
      schemaName: 'analytics',
      tableName: 'events',
      cacheable: true,
      rows: 2_500_000,
      columns: ['id', 'type', 'occurred', 'payload'],
    },
    {
      projectId: 'mtKDhe1U',
      catalogId: 'pg_sales',
      schemaName: 'public',
      tableName: 'order_totals_view',
      cacheable: false,
      rows: 1_204,
      columns: ['customer_id', 'total'],
    },
    {
      projectId: 'Qw7nZp2R',
      catalogId: 'hubspot_crm',
      schemaName: 'crm',
      tableName: 'contacts',
      cacheable: true,
      rows: 9_870,
      columns: ['id', 'email', 'owner', 'created'],
    },
    {
      projectId: 'Qw7nZp2R',
      catalogId: 'hubspot_crm',
      schemaName: 'crm',
      tableName: 'deals',
      cacheable: true,
      rows: 1_530,
      columns: ['id', 'stage', 'amount', 'closed'],
    },
    {
      projectId: 'mtKDhe1U',
      catalogId: 'stripe',
      schemaName: 'payment',
      tableName: 'charges',
      cacheable: true,
      rows: 12_840,
      columns: ['id', 'created', 'amount', 'currency', 'customer'],
    },
  ],
  queries: [
    {
      projectId: 'mtKDhe1U',
      id: '709922802836177297',
      name: 'charges_view',
      queryType: 'PLAIN',
      rows: 993,
      columns: ['id', 'created', 'amount'],
    },
    {
      projectId: 'mtKDhe1U',
      id: '709922802836177298',
      name: 'every_event',
      queryType: 'PLAIN',
      rows: 2_500_000,
      columns: ['id', 'type', 'occurred'],
    },
    {
      projectId: 'mtKDhe1U',
      id: '709922802836177299',
      name: 'daily_revenue',
      queryType: 'MATERIALIZED',
      schedule: { type: 'interval', repeatDuration: 'PT6H' },
      rows: 365,
      columns: ['day', 'revenue'],
    },
    {
      projectId: 'mtKDhe1U',
      id: '709922802836177300',
      name: 'customer_ltv',
      queryType: 'MATERIALIZED',
      schedule: { type: 'none' },
      rows: 3_412,
      columns: ['customer_id', 'ltv'],
    },
    {
      projectId: 'Qw7nZp2R',
      id: '815502233445566771',
      name: 'open_deals',
      queryType: 'MATERIALIZED',
      schedule: { type: 'cron', cronExpression: '0 0 * * *', timezone: 'UTC' },
      rows: 212,
      columns: ['id', 'stage', 'amount'],
    },
  ],
} as const

export type TableFixture = (typeof fixtures.tables)[number]
export type QueryFixture = (typeof fixtures.queries)[number]

/** A partner key reaches every project; a project key only its own. */
export interface PeakaPrincipal {
  project?: string
  /** The key's public prefix. */
  prefix: string
}

/** The demo keys and who presents them. */
export const principals = new Map<string, PeakaPrincipal>([
  [fixtures.partnerKey, { prefix: fixtures.partnerPrefix }],
  ...fixtures.projects.map((p): [string, PeakaPrincipal] => [
    p.key,
    { project: p.id, prefix: p.prefix },
  ]),
])

/** The catalogs of a project: those its tables live in. */
export const catalogsOf = (projectId: string): string[] => [
  ...new Set(fixtures.tables.filter((t) => t.projectId === projectId).map((t) => t.catalogId)),
]
