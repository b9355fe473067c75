/**
 * Every `extensions.code` a GraphQL client can get, over HTTP, WebSocket and SSE alike; the README's
 * "Errors" table lists exactly these (test/docs checks). Keys are the values, so a search for a
 * code finds its definition and every use.
 */
export const ErrorCode = {
  // The operation or its request
  BAD_REQUEST: 'BAD_REQUEST',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  GRAPHQL_PARSE_FAILED: 'GRAPHQL_PARSE_FAILED',
  GRAPHQL_VALIDATION_FAILED: 'GRAPHQL_VALIDATION_FAILED',
  /** Set by Apollo (HTTP): the operation to run could not be chosen from the document. */
  OPERATION_RESOLUTION_FAILURE: 'OPERATION_RESOLUTION_FAILURE',
  /** Set by Apollo (HTTP): an automatic persisted query's hash it does not know (yet). */
  PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  NOT_ACCEPTABLE: 'NOT_ACCEPTABLE',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  // Who is calling, and how much
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  RATE_LIMITED: 'RATE_LIMITED',
  TOO_MANY_SUBSCRIPTIONS: 'TOO_MANY_SUBSCRIPTIONS',
  TOO_MANY_STREAMS: 'TOO_MANY_STREAMS',
  // The data
  NOT_FOUND: 'NOT_FOUND',
  CURSOR_EXPIRED: 'CURSOR_EXPIRED',
  CREATION_IN_PROGRESS: 'CREATION_IN_PROGRESS',
  OUTCOME_UNKNOWN: 'OUTCOME_UNKNOWN',
  UNAVAILABLE: 'UNAVAILABLE',
  // What Belvo or the institution said
  BELVO_LOGIN_ERROR: 'BELVO_LOGIN_ERROR',
  INSTITUTION_UNAVAILABLE: 'INSTITUTION_UNAVAILABLE',
  LINK_NOT_USABLE: 'LINK_NOT_USABLE',
  LINK_RECENTLY_REFRESHED: 'LINK_RECENTLY_REFRESHED',
  TOKEN_REQUIRED: 'TOKEN_REQUIRED',
  UPSTREAM_AUTH: 'UPSTREAM_AUTH',
  UPSTREAM_BAD_RESPONSE: 'UPSTREAM_BAD_RESPONSE',
  UPSTREAM_TIMEOUT: 'UPSTREAM_TIMEOUT',
  UPSTREAM_UNAVAILABLE: 'UPSTREAM_UNAVAILABLE',
  // Anything unexpected, masked
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * The webhook route's refusals (`{ "error": { "code", "message" } }`, not GraphQL); the README's
 * "Webhook route" table lists exactly these.
 */
export const WebhookErrorCode = {
  FORBIDDEN: 'FORBIDDEN',
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  UNAUTHORIZED: 'UNAUTHORIZED',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  INVALID_JSON: 'INVALID_JSON',
  INVALID_ENVELOPE: 'INVALID_ENVELOPE',
  UNAVAILABLE: 'UNAVAILABLE',
} as const;

export type WebhookErrorCode = (typeof WebhookErrorCode)[keyof typeof WebhookErrorCode];
