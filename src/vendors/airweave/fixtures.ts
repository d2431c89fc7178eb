/** The demo API key and source connections every session starts with. */
export const fixtures = {
  apiKey: 'jf_airweave_demo_3f9c2a7d51e84b06',
  organizationId: '5b1e3c9a-7d2f-4e8b-9a61-0c4d8f2e7b13',
  sourceConnections: [
    { id: 'ddb72179-d26d-47db-8b9d-a83123515af7', name: 'Team Notion', shortName: 'notion' },
    { id: 'fa9222e4-8f2d-4f70-bac4-800bf2cb437b', name: 'Product GitHub', shortName: 'github' },
    { id: '9155eb23-1a22-409c-af33-6e7327d097f9', name: 'Support Slack', shortName: 'slack' },
  ],
  /** Fixed so that responses do not depend on when the fake started. */
  createdAt: '2025-11-03T09:30:00.000Z',
} as const

export type SourceConnectionFixture = (typeof fixtures.sourceConnections)[number]

/** The demo API key and the organization it acts for. */
export const principals = new Map([[fixtures.apiKey, { organizationId: fixtures.organizationId }]])
