/**
 * GraphQL over HTTP to the gateway that served this page (same origin: no CORS, and nothing leaves
 * for another host). Failures come out as one of two errors the views can put in words.
 */

export const GRAPHQL_URL = '/graphql';
export const STREAM_URL = '/graphql/stream';

export interface GraphqlError {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: { code?: string; retryAfterSeconds?: number; [key: string]: unknown };
}

/** The gateway answered with an error: `code` is its stable `extensions.code` (docs/api.md#errors). */
export class GatewayError extends Error {
  readonly code: string;
  readonly retryAfterSeconds: number | undefined;

  constructor(error: GraphqlError) {
    super(error.message);
    this.code = error.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
    const retryAfter = error.extensions?.retryAfterSeconds;
    this.retryAfterSeconds = typeof retryAfter === 'number' ? retryAfter : undefined;
  }
}

/** No answer at all: the gateway is down, or the network between here and it. */
export class GatewayUnreachable extends Error {}

/**
 * Runs an operation. Partial answers (data with errors on some paths, e.g. one record Belvo sent
 * malformed) are data: the view shows what came and says what is missing.
 */
export async function graphql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  let response: Response;
  try {
    response = await fetch(GRAPHQL_URL, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
      },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new GatewayUnreachable('no answer from the gateway');
  }
  let body: { data?: T | null; errors?: GraphqlError[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    // Not the gateway's JSON: a proxy's error page, or a connection cut mid-answer.
    throw new GatewayUnreachable(`an answer that is not GraphQL (HTTP ${response.status})`);
  }
  const first = body.errors?.[0];
  if (body.data == null || (first && !first.path)) {
    throw new GatewayError(first ?? { message: `HTTP ${response.status}` });
  }
  return body.data;
}
