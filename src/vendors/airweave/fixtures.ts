/** The demo API key, collections and source connections every session starts with. */
export const fixtures = {
  apiKey: 'jf_airweave_demo_3f9c2a7d51e84b06',
  organizationId: '5b1e3c9a-7d2f-4e8b-9a61-0c4d8f2e7b13',
  /** Who created and last changed what the demo key creates (the key's user). */
  userEmail: 'demo@jobfake.dev',
  collections: [
    {
      id: '3c0f6a52-94d1-4b7e-8f25-1d9e6b3a7c40',
      name: 'Notion Pages',
      readableId: 'notion-collection-jf01',
    },
    {
      id: '7a4e2d18-5c3b-4f96-a1e0-6b8d9c2f5e71',
      name: 'GitHub Code',
      readableId: 'github-collection-jf01',
    },
    {
      id: 'c81b5e93-2f6a-4d07-9b4c-e3a7f1d6082b',
      name: 'Slack Messages',
      readableId: 'slack-collection-jf01',
    },
  ],
  sourceConnections: [
    {
      id: 'ddb72179-d26d-47db-8b9d-a83123515af7',
      name: 'Team Notion',
      shortName: 'notion',
      collection: 'notion-collection-jf01',
      syncId: '0e5d8c21-6b4f-4a93-8d17-f2c9a6e4b350',
    },
    {
      id: 'fa9222e4-8f2d-4f70-bac4-800bf2cb437b',
      name: 'Product GitHub',
      shortName: 'github',
      collection: 'github-collection-jf01',
      syncId: '5f2a9e64-1c8d-4b35-a7e0-9d3b6c1f8e42',
    },
    {
      id: '9155eb23-1a22-409c-af33-6e7327d097f9',
      name: 'Support Slack',
      shortName: 'slack',
      collection: 'slack-collection-jf01',
      syncId: 'a93c7e10-4d2b-4f68-b5a1-7e0d2c9f6b84',
    },
  ],
  /** Fixed so that responses do not depend on when the fake started. */
  createdAt: '2025-11-03T09:30:00.000Z',
} as const

/**
 * The sources a connection may be made from, by short name, with the name the service gives a
 * connection that has none (`<name> Connection`). jobfake's choice: none supports continuous
 * (sub-hourly) syncs.
 */
export const sources: Record<string, string> = {
  asana: 'Asana',
  confluence: 'Confluence',
  github: 'GitHub',
  gmail: 'Gmail',
  google_drive: 'Google Drive',
  hubspot: 'HubSpot',
  jira: 'Jira',
  linear: 'Linear',
  notion: 'Notion',
  salesforce: 'Salesforce',
  slack: 'Slack',
  stripe: 'Stripe',
}

/** The demo API key and the organization it acts for. */
export const principals = new Map([[fixtures.apiKey, { organizationId: fixtures.organizationId }]])
