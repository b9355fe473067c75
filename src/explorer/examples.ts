/** The ready-made tabs a first-time user clicks through in the explorer, in order. */
export const EXAMPLE_TABS = [
  {
    query: `# Welcome! Click through the tabs in order.
# Queries and mutations go over HTTP at /graphql;
# here, subscriptions go over Server-Sent Events
# at /graphql/stream (WebSocket at /graphql works too).
#
# 1. Create a link for a cédula: 6-10 digits
#    (with the simulator, 999… fails to log in).
#    Run it (▶), then copy the "id".
mutation CreateLink {
  createLink(input: { cedula: "1020304050", externalId: "explorer_demo" }) {
    id
    status
    createdAt
  }
}
`,
  },
  {
    query: `# 2. Wait for Belvo: paste the id into Variables
#    below and run. Each extraction is pushed here
#    when Belvo's webhook arrives (about 15 s with
#    the simulator), data included. Subscribed late?
#    Events that already arrived are replayed.
#    The Subscription events panel lists each one,
#    with a button that opens a query for its link.
subscription WaitForData($linkId: UUID!) {
  historicalUpdate(linkId: $linkId) {
    __typename
    ... on EmploymentsHistoricalUpdate {
      total
      employments {
        employerData { name tenure }
      }
    }
    ... on OwnersHistoricalUpdate {
      owners { displayName }
    }
  }
}
`,
    variables: '{\n  "linkId": "paste-the-link-id-here"\n}',
  },
  {
    query: `# 3. Read everything about the link
#    (from the cache after the first read).
query LinkData($linkId: UUID!) {
  link(id: $linkId) {
    id
    status
    owners { displayName documentId { documentType documentNumber } }
    employments {
      employerData { name idNumber tenure }
      salaryAndBenefitDetails { month grossAmount netAmount }
    }
  }
}
`,
    variables: '{\n  "linkId": "paste-the-link-id-here"\n}',
  },
  {
    query: `# 4. Every event of a link: extractions,
#    new employments (recurrent links),
#    link errors and deletion.
subscription AllEvents($linkId: UUID!) {
  linkEvents(linkId: $linkId) {
    __typename
    id
    receivedAt
    ... on LinkError { reason errorMessage }
  }
}
`,
    variables: '{\n  "linkId": "paste-the-link-id-here"\n}',
  },
];
