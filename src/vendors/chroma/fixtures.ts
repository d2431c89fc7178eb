/** The demo tokens, databases and sources every session starts with. */
export const fixtures = {
  token: 'ck-jobfake-all-7d41c09e2b5a',
  scopedToken: 'ck-jobfake-docs-3e8a6f1d904c',
  databases: ['docs-prod', 'docs-staging'],
  /** The database the scoped token may use. */
  scopedDatabase: 'docs-prod',
  createdAt: '2025-10-20T08:00:00.000Z',
  sources: [
    {
      id: '4b0c8e7a-2f61-4d3b-9c5e-81a7d2f0b6c4',
      database_name: 'docs-prod',
      github: { repository: 'acme/handbook', app_id: null, include_globs: ['docs/**/*.md'] },
    },
    {
      id: 'a3d95f12-6c48-4e07-b1f9-5e2c7a840d3b',
      database_name: 'docs-prod',
      s3: {
        bucket_name: 'acme-knowledge',
        region: 'eu-west-1',
        collection_name: 'kb-articles',
        path_prefix: 'articles/',
        auto_sync: 'none',
        aws_credential_id: null,
      },
    },
    {
      id: 'e7f2a6c9-0b3d-4a85-8e61-d94c1b7f2a05',
      database_name: 'docs-staging',
      web_scrape: {
        starting_url: 'https://docs.example.com/',
        max_depth: 3,
        page_limit: 500,
        include_path_regexes: null,
        exclude_path_regexes: null,
      },
    },
  ],
} as const

/** Which databases a token reaches: every one, or just one. */
export interface ChromaPrincipal {
  database?: string
}

/** The demo tokens and who presents them. */
export const principals = new Map<string, ChromaPrincipal>([
  [fixtures.token, {}],
  [fixtures.scopedToken, { database: fixtures.scopedDatabase }],
])
