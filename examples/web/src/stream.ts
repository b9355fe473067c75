/**
 * Subscriptions over Server-Sent Events with graphql-sse's client (docs/clients.md, "graphql-sse"):
 * plain HTTP, so it passes proxies that break WebSockets, and it reconnects by itself after a
 * dropped connection. Each reconnection asks `headers` again with the request it repeats; answering
 * with the cursor of the last event that request received, as `Last-Event-ID`, makes the gateway
 * send exactly the events missed meanwhile, none twice.
 */
import { createClient, type ExecutionResult } from 'graphql-sse';
import { STREAM_URL, type GraphqlError } from './gateway.js';

export type Connection = 'connecting' | 'connected' | 'reconnecting' | 'reconnected';

export interface StreamHandlers<T> {
  next(data: T): void;
  /** The gateway refused the subscription (NOT_FOUND, RATE_LIMITED…): it will not go on. */
  refused(error: GraphqlError): void;
  /** What the connection is doing, for the status line. */
  connection?(state: Connection, attempt: number): void;
  complete?(): void;
}

interface Request {
  query: string;
  variables: Record<string, unknown>;
}

const lastCursors = new WeakMap<Request, string>();

/** The HTTP status of the last try (0: no answer at all). */
let lastStatus = 0;

const fetchFn = async (input: RequestInfo | URL, init?: RequestInit) => {
  lastStatus = 0;
  const response = await fetch(input, init);
  lastStatus = response.status;
  return response;
};

/**
 * Backs off to at most 5 s between tries, for as long as the page is open; but a gateway that
 * refuses this page (401 without a key, 403 for its origin) will not change its mind by itself.
 */
const retry = async (retries: number) => {
  if (lastStatus === 401 || lastStatus === 403) {
    throw new Error(lastStatus === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN');
  }
  await new Promise<void>((resolve) => setTimeout(resolve, Math.min(5_000, 500 * 2 ** retries)));
};

const client = createClient({
  url: STREAM_URL,
  fetchFn,
  headers: (request): Record<string, string> => {
    const cursor = request && lastCursors.get(request as Request);
    return cursor ? { 'last-event-id': cursor } : {};
  },
  retryAttempts: Infinity,
  retry,
});

/**
 * Subscribes; `cursorOf` picks the event's cursor from what a push carries, which is the resume
 * point after a drop. Returns a function that stops the subscription.
 */
export function subscribe<T>(
  query: string,
  variables: Record<string, unknown>,
  handlers: StreamHandlers<T>,
  cursorOf?: (data: T) => string | undefined,
): () => void {
  const request: Request = { query, variables };
  let attempts = 0;
  return client.subscribe<T>(
    request,
    {
      next: (result: ExecutionResult<T, unknown>) => {
        const error = result.errors?.[0] as GraphqlError | undefined;
        if (!result.data) {
          handlers.refused(error ?? { message: 'empty answer' });
          return;
        }
        const cursor = cursorOf?.(result.data);
        if (cursor) lastCursors.set(request, cursor);
        handlers.next(result.data);
      },
      error: (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        const code = /^(UNAUTHENTICATED|FORBIDDEN)$/.test(message) ? message : 'INTERNAL_SERVER_ERROR';
        handlers.refused({ message, extensions: { code } });
      },
      complete: () => handlers.complete?.(),
    },
    {
      connecting: (reconnecting) => {
        if (reconnecting) attempts += 1;
        handlers.connection?.(reconnecting ? 'reconnecting' : 'connecting', attempts);
      },
      connected: (reconnected) => {
        handlers.connection?.(reconnected ? 'reconnected' : 'connected', attempts);
        attempts = 0;
      },
    },
  );
}
