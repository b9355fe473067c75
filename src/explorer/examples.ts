/** The ready-made tabs a first-time user clicks through in the explorer, in order. */
export const EXAMPLE_TABS = [
  {
    query: `# Welcome! Click through the tabs in order.
# Queries and mutations go over HTTP at
# /graphql; here, subscriptions go over
# Server-Sent Events at /graphql/stream
# (WebSocket at /graphql works too).
#
# 1. Create a link for a cédula: 6-10 digits
#    (with the simulator, 999… fails to
#    log in). Run it (▶), copy link's "id".
#    A cédula to correct comes back in
#    userErrors, on its field.
mutation CreateLink {
  createLink(
    input: {
      cedula: "1020304050"
      externalId: "explorer_demo"
    }
  ) {
    link {
      id
      status
      createdAt
    }
    userErrors {
      field
      code
      message
    }
  }
}
`,
  },
  {
    query: `# 2. Wait for Belvo: paste the id into
#    Variables below and run. linkReady
#    pushes once, when every resource is
#    extracted (about 15 s with the
#    simulator), data included, then
#    completes. Already extracted? It
#    answers at once. The Subscription
#    events panel lists the push, with a
#    button that opens a query for its link.
subscription WaitForData($linkId: UUID!) {
  linkReady(linkId: $linkId) {
    outcome
    errorReason
    link {
      status
      owners { displayName }
      employments {
        employerData { name tenureMonths }
      }
    }
  }
}
`,
    variables: '{\n  "linkId": "paste-the-link-id-here"\n}',
  },
  {
    query: `# 3. Read everything about the link
#    (from the cache after the first read),
#    with its income over the last 12 months.
query LinkData($linkId: UUID!) {
  link(id: $linkId) {
    id
    status
    owners {
      displayName
      documentId { documentType documentNumber }
    }
    employments {
      employerData { name idNumber tenureMonths }
      salaryAndBenefitDetails {
        month
        gross { amount currency }
        net { amount }
      }
    }
    incomeProfile(months: 12) {
      asOfMonth
      averageMonthlyGross { amount currency }
      monthsWithIncome
      gaps { from to }
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
  {
    query: `# 5. Each extraction as it lands (a
#    refresh, a recurrent link's updates),
#    data included. Subscribed late? Events
#    already received are replayed first.
subscription EachExtraction($linkId: UUID!) {
  historicalUpdate(linkId: $linkId) {
    __typename
    ... on EmploymentsHistoricalUpdate {
      total
      employments {
        employerData { name tenureMonths }
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
];
