/**
 * An Apollo Client link for the gateway's GraphQL over Server-Sent Events (/graphql/stream), for
 * frontends behind proxies that break WebSockets. Copy it into your app; it needs `@apollo/client`
 * 4, `graphql-sse` 2 and `rxjs` 7.
 *
 * It resumes without gaps: when the connection drops, graphql-sse's client reconnects, and this link
 * sends the `cursor` of the last event it received as `Last-Event-ID`, so the gateway replays exactly
 * the events missed meanwhile. Select `cursor` on the subscription field for that (graphql-sse's
 * client does not read the SSE `id:` lines the gateway also sends).
 */
import { ApolloLink } from '@apollo/client';
import { print } from 'graphql';
import { createClient, type Client, type ClientOptions, type RequestParams } from 'graphql-sse';
import { Observable } from 'rxjs';

export class SseLink extends ApolloLink {
  readonly client: Client;
  /** The last cursor each open operation received, keyed by graphql-sse's request object. */
  private readonly lastCursors = new WeakMap<RequestParams, string>();

  /** `options.headers` (e.g. the API key) may be an object or a function, as in graphql-sse. */
  constructor(options: ClientOptions<false>) {
    super();
    const headers = options.headers;
    this.client = createClient({
      ...options,
      singleConnection: false,
      headers: async (request: RequestParams) => {
        const base = typeof headers === 'function' ? await headers(request) : (headers ?? {});
        const cursor = this.lastCursors.get(request);
        return cursor === undefined ? base : { ...base, 'last-event-id': cursor };
      },
    });
  }

  override request(operation: ApolloLink.Operation): Observable<ApolloLink.Result> {
    return new Observable((observer) => {
      const { variables, operationName, extensions } = operation;
      const request: RequestParams = { query: print(operation.query), variables, operationName, extensions };
      return this.client.subscribe(request, {
        next: (result) => {
          const cursor = cursorIn(result.data);
          if (cursor !== undefined) this.lastCursors.set(request, cursor);
          observer.next(result as ApolloLink.Result);
        },
        complete: () => observer.complete(),
        error: (error) => observer.error(error instanceof Error ? error : new Error(JSON.stringify(error))),
      });
    });
  }
}

/** `{ linkEvents: { cursor } }` → the cursor of the event just pushed. */
function cursorIn(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  for (const field of Object.values(data)) {
    const cursor = (field as { cursor?: unknown } | null)?.cursor;
    if (typeof cursor === 'string') return cursor;
  }
  return undefined;
}
