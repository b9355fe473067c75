import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  onRequestHookHandler,
} from 'fastify';
import type { ExecutionArgs, ExecutionResult } from 'graphql';
import {
  createHandler,
  type ExecutionResult as SseResult,
  type OperationArgs,
  type OperationResult,
} from 'graphql-sse';
import type { SseConfig } from '../config.js';
import type { GatewayContext } from '../resources/context.js';
import type { Logger } from '../observability/logger.js';
import { principalOf } from './client-auth.js';
import { refuseGraphql } from './graphql-refusal.js';
import { requireJsonBody } from './require-json.js';
import type { SubscriptionGate } from './subscription-gate.js';
import { WebSocketAdmission, type Ticket } from './ws-admission.js';
import { ErrorCode } from '../graphql-kit/error-codes.js';

/** GraphQL over Server-Sent Events (graphql-sse's protocol, distinct connections mode). */
export const GRAPHQL_STREAM_PATH = '/graphql/stream';

export type SseLimits = SseConfig;

export interface GraphqlSseOptions {
  /** Rules, limits, error formatting and execution shared with the WebSocket transport. */
  gate: SubscriptionGate;
  limits: SseLimits;
  /** An onRequest hook that answers CORS and refuses foreign browser origins (see origin-policy.ts). */
  cors: onRequestHookHandler;
  /** An onRequest hook that authenticates, without taking the rate budget (the gate takes it). */
  authenticate: onRequestHookHandler;
  bodyLimitBytes: number;
  logger: Logger;
}

export interface GraphqlSseServer {
  /** Streams open now (one per subscription), for metrics and tests. */
  openStreams(): number;
  /** Ends every open stream: an open response would otherwise keep the server from closing. */
  close(): Promise<void>;
}

/** What the handler carries per request between graphql-sse's hooks and the writer below. */
interface StreamState {
  /** Cursors of the `next` messages, in the order graphql-sse will hand them to the writer. */
  cursors: Array<string | undefined>;
  lastEventId: string | undefined;
  principalId: string;
}

const STREAM_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  // Proxies and CDNs must neither cache, compress nor hold back a stream whose every event counts.
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
  connection: 'keep-alive',
};
const RETRY_AFTER_SECONDS = 10;
/** Unsent bytes a stream may hold for a client that does not read them. */
const MAX_BUFFERED_BYTES = 1024 * 1024;
/** setTimeout's longest delay; longer waits are chained. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Subscriptions over SSE at /graphql/stream, for clients behind proxies that break WebSockets. Each
 * subscription is one POST (or GET) answered with `text/event-stream`; graphql-sse's "single
 * connection mode" is not offered, since its streams live in one instance's memory and the gateway
 * runs behind a load balancer without sticky sessions.
 *
 * Every `next` event carries its link event's cursor as the SSE `id:` (graphql-sse does not write
 * ids; the writer below adds them), so a client reconnecting with `Last-Event-ID` resumes exactly
 * after the last event it received. graphql-sse pings every 12 s, within common proxies' idle limits.
 */
export async function registerGraphqlSse(
  fastify: FastifyInstance,
  options: GraphqlSseOptions,
): Promise<GraphqlSseServer> {
  const { gate, limits, logger } = options;
  const admission = new WebSocketAdmission({
    maxSocketsPerPrincipal: limits.maxStreamsPerPrincipal,
    maxSocketsPerAddress: limits.maxStreamsPerAddress,
    // A stream is authenticated before it is counted, so it is never "unauthenticated" for long.
    maxUnauthenticatedPerAddress: limits.maxStreamsPerAddress,
  });
  /** Each open stream's way to end it, and when it has ended. */
  const open = new Map<() => void, Promise<void>>();

  // Its context type parameter wants an index signature; the gateway's context is set by the gate.
  const handler = createHandler<FastifyRequest, StreamState>({
    // Distinct connections only: no token means graphql-sse never registers in-memory streams.
    authenticate: () => null,
    // The gate validated the document already (with the gateway's rules, cached per text).
    validate: () => [],
    subscribe: (args) => gate.subscribe(args as ExecutionArgs) as OperationResult,
    onSubscribe(req, params) {
      const admitted = gate.admit(principalOf(req.raw), params, 'sse');
      // An error result rather than an HTTP error status: graphql-sse's client retries any non-2xx
      // answer as a network failure, where a streamed error reaches the subscriber at once.
      // (graphql-sse tells a result from arguments by its `data` key.)
      if (Array.isArray(admitted)) return { data: null, errors: admitted } as SseResult;
      const context = admitted.contextValue as GatewayContext;
      context.lastEventId = req.context.lastEventId;
      return { ...admitted, contextValue: context } as unknown as OperationArgs;
    },
    onNext(_ctx, req, result) {
      const event = gate.subscribe.eventOf(result);
      req.context.cursors.push(cursorOf(event));
      return (gate.formatResult(result as ExecutionResult) ?? result) as SseResult;
    },
  });

  async function stream(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (!acceptsEventStream(request.headers.accept)) {
      return refuseGraphql(
        reply.header('vary', 'Accept'),
        406,
        `This endpoint streams subscriptions as text/event-stream (GraphQL over SSE); send queries and mutations to /graphql`,
        { code: ErrorCode.NOT_ACCEPTABLE },
      );
    }
    const principal = principalOf(request);
    const address = request.socket.remoteAddress ?? 'unknown';
    const refusal = admission.refusalFor(address);
    const ticket: Ticket | undefined = refusal ? undefined : admission.admit(address);
    if (!ticket || !ticket.authenticated(principal.id)) {
      ticket?.release();
      logger.warn('SSE stream refused: too many open streams');
      return refuseGraphql(
        reply.header('retry-after', String(RETRY_AFTER_SECONDS)),
        429,
        `Too many open event streams; at most ${limits.maxStreamsPerPrincipal} per client`,
        { code: ErrorCode.TOO_MANY_STREAMS, retryable: true, retryAfterSeconds: RETRY_AFTER_SECONDS },
      );
    }

    const lastEventId = request.headers['last-event-id'];
    const state: StreamState = {
      cursors: [],
      lastEventId: typeof lastEventId === 'string' && lastEventId !== '' ? lastEventId : undefined,
      principalId: principal.id,
    };
    let answer;
    try {
      answer = await handler({
        method: request.method,
        url: request.url,
        headers: {
          // graphql-sse compares Accept exactly; the check above already accepted a list that names it.
          get: (key) => (key === 'accept' ? 'text/event-stream' : headerText(request.headers[key])),
        },
        body: request.method === 'POST' ? ((request.body as Record<string, unknown> | null) ?? null) : null,
        raw: request,
        context: state,
      });
    } catch (error) {
      ticket.release();
      logger.error({ err: (error as Error).message }, 'unexpected error opening an SSE stream');
      return refuseGraphql(reply, 500, 'Internal server error', { code: ErrorCode.INTERNAL_SERVER_ERROR });
    }
    const [body, init] = answer;
    if (body === null || typeof body === 'string') {
      // Request-level problems graphql-sse found (unparsable URL, missing query): its JSON as it is.
      ticket.release();
      return reply
        .code(init.status)
        .headers(init.headers ?? {})
        .send(body ?? undefined);
    }

    // From here on the response is a stream written directly: Fastify's reply is done with.
    reply.hijack();
    const raw = reply.raw;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
    }
    raw.writeHead(200, { ...headers, ...STREAM_HEADERS });
    raw.flushHeaders();

    const end = () => void body.return(undefined);
    let ended = () => {};
    open.set(end, new Promise<void>((resolve) => (ended = resolve)));
    raw.once('close', end);
    const expiry = principal.expiresAtMs === undefined ? undefined : endAt(principal.expiresAtMs, end);
    try {
      for await (const message of body) {
        if (raw.destroyed || raw.writableEnded) break;
        raw.write(withId(message, state));
        // A client that stops reading would make the gateway hold every event for it; it is
        // dropped instead, and loses nothing: it reconnects with Last-Event-ID.
        if (raw.writableLength > MAX_BUFFERED_BYTES) {
          logger.warn('SSE stream dropped: its client stopped reading');
          raw.destroy();
          break;
        }
      }
    } catch (error) {
      logger.warn({ err: (error as Error).message }, 'SSE stream ended by an error');
    } finally {
      raw.off('close', end);
      if (expiry) clearTimeout(expiry.timer);
      ticket.release();
      if (!raw.writableEnded && !raw.destroyed) raw.end();
      await body.return(undefined);
      open.delete(end);
      ended();
    }
  }

  await fastify.register(async (scope) => {
    scope.addHook('onRequest', options.cors);
    scope.addHook('onRequest', options.authenticate);
    scope.addHook('onRequest', requireJsonBody);
    scope.setErrorHandler((error: FastifyError, _request, reply) => {
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        return refuseGraphql(reply, 413, `Request bodies are limited to ${options.bodyLimitBytes} bytes`, {
          code: ErrorCode.PAYLOAD_TOO_LARGE,
        });
      }
      if (error.statusCode !== undefined && error.statusCode < 500) {
        return refuseGraphql(reply, error.statusCode, 'The request could not be read', {
          code: ErrorCode.BAD_REQUEST,
        });
      }
      logger.error({ err: error.message }, `unexpected error on ${GRAPHQL_STREAM_PATH}`);
      return refuseGraphql(reply, 500, 'Internal server error', { code: ErrorCode.INTERNAL_SERVER_ERROR });
    });
    scope.route({ url: GRAPHQL_STREAM_PATH, method: ['GET', 'POST'], handler: stream });
    // Preflights are answered by the CORS hook; one without Origin is not a browser's.
    scope.route({
      url: GRAPHQL_STREAM_PATH,
      method: 'OPTIONS',
      handler: async (_request, reply) => reply.code(204).header('allow', 'GET, POST, OPTIONS').send(),
    });
  });

  return {
    openStreams: () => open.size,
    async close() {
      const closing = [...open.values()];
      for (const end of open.keys()) end();
      await Promise.all(closing);
    },
  };
}

/** Adds `id: <cursor>` to a `next` message, so EventSource-style clients resume with Last-Event-ID. */
function withId(message: string, state: StreamState): string {
  if (!message.startsWith('event: next')) return message; // pings and `complete`
  const cursor = state.cursors.shift();
  return cursor === undefined ? message : `id: ${cursor}\n${message}`;
}

function cursorOf(event: unknown): string | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const cursor = (event as { cursor?: unknown }).cursor;
  // A cursor is digits only, so it can never break the `id:` line.
  return typeof cursor === 'string' && /^\d+$/.test(cursor) ? cursor : undefined;
}

/** `Accept: text/event-stream`, alone or in a list (browsers and proxies may add others). */
function acceptsEventStream(accept: string | undefined): boolean {
  return (
    accept !== undefined &&
    accept.split(',').some((part) => part.split(';')[0]!.trim().toLowerCase() === 'text/event-stream')
  );
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Ends a stream when its credentials expire, as the WebSocket path closes its socket (4401). */
function endAt(expiresAtMs: number, end: () => void): { timer: NodeJS.Timeout } {
  const holder = { timer: undefined as unknown as NodeJS.Timeout };
  const wait = () => {
    const remaining = expiresAtMs - Date.now();
    if (remaining <= 0) return end();
    holder.timer = setTimeout(wait, Math.min(remaining, MAX_TIMER_MS));
  };
  wait();
  return holder;
}
