/** The gateway's public paths, in one place: routes, push transports and the banner all name them. */

/** GraphQL over HTTP: POST for everything, GET for queries; WebSocket upgrades arrive here too. */
export const GRAPHQL_PATH = '/graphql';
/** GraphQL over Server-Sent Events (graphql-sse's protocol, distinct connections mode). */
export const GRAPHQL_STREAM_PATH = '/graphql/stream';
/** Where Belvo posts its webhooks. */
export const WEBHOOK_PATH = '/webhooks/belvo';
