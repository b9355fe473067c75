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
import type { SseConfig } from '../../config.js';
import type { GatewayContext } from '../../resources/context.js';
import type { Logger } from '../../observability/logger.js';
import { principalOf } from '../../requests/client-auth.js';
import { refuseGraphql } from '../../requests/graphql-refusal.js';
import { requireJsonBody } from '../../requests/require-json.js';
import { isSharedStream } from '../execution/shared-execution.js';
import type { SubscriptionGate } from '../execution/subscription-gate.js';
import { WebSocketAdmission, type Ticket } from '../execution/connection-admission.js';
import { nextMessages, pushOverStream } from './push.js';
import { cursorOf, OpenStreams, writeStream, type StreamState } from './stream.js';
import { ErrorCode } from '../../errors/error-codes.js';
import { GRAPHQL_STREAM_PATH } from '../../requests/paths.js';

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

const RETRY_AFTER_SECONDS = 10;

/**
 * Subscriptions over SSE at /graphql/stream, for clients behind proxies that break WebSockets. Each
 * subscription is one POST (or GET) answered with `text/event-stream`; graphql-sse's "single
 * connection mode" is not offered, since its streams live in one instance's memory and the gateway
 * runs behind a load balancer without sticky sessions.
 *
 * Every `next` event carries its link event's cursor as the SSE `id:` (graphql-sse does not write
 * ids; stream.ts adds them), so a client reconnecting with `Last-Event-ID` resumes exactly
 * after the last event it received. graphql-sse pings every 12 s, within common proxies' idle limits.
 */
export async function registerGraphqlSse(
  fastify: FastifyInstance,
  options: GraphqlSseOptions,
): Promise<GraphqlSseServer> {
  const streams = new OpenStreams();
  const admission = new WebSocketAdmission({
    maxSocketsPerPrincipal: options.limits.maxStreamsPerPrincipal,
    maxSocketsPerAddress: options.limits.maxStreamsPerAddress,
    // A stream is authenticated before it is counted, so it is never "unauthenticated" for long.
    maxUnauthenticatedPerAddress: options.limits.maxStreamsPerAddress,
  });
  const stream = streamHandler(sseHandler(options.gate), { streams, admission }, options);
  await fastify.register(async (scope) => {
    scope.addHook('onRequest', options.cors);
    scope.addHook('onRequest', options.authenticate);
    scope.addHook('onRequest', requireJsonBody);
    scope.setErrorHandler(refuseUnreadable(options));
    scope.route({ url: GRAPHQL_STREAM_PATH, method: ['GET', 'POST'], handler: stream });
    // Preflights are answered by the CORS hook; one without Origin is not a browser's.
    scope.route({
      url: GRAPHQL_STREAM_PATH,
      method: 'OPTIONS',
      handler: async (_request, reply) => reply.code(204).header('allow', 'GET, POST, OPTIONS').send(),
    });
  });
  return { openStreams: () => streams.size, close: () => streams.endAll() };
}

type SseHandler = ReturnType<typeof createHandler<FastifyRequest, StreamState>>;

/**
 * graphql-sse's handler with the gate's checks and execution. A subscription's results are pushed
 * (push.ts), each written as soon as it is ready with its payload serialised once for every
 * subscriber over either transport; only a single result (a subscription refused as it starts)
 * goes through graphql-sse's own loop, formatted like every other and its cursor noted.
 */
function sseHandler(gate: SubscriptionGate): SseHandler {
  const messages = nextMessages(gate.payloadOf, (result) => cursorOf(gate.subscribe.eventOf(result)));
  // Its context type parameter wants an index signature; the gateway's context is set by the gate.
  return createHandler<FastifyRequest, StreamState>({
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
    onOperation(_ctx, req, _args, result) {
      if (!isSharedStream(result)) return undefined;
      req.context.pushed = pushOverStream(result, messages);
      return req.context.pushed as unknown as OperationResult;
    },
    onNext(_ctx, req, result) {
      req.context.cursors.push(cursorOf(gate.subscribe.eventOf(result)));
      return (gate.formatResult(result as ExecutionResult) ?? result) as SseResult;
    },
  });
}

/** The route: Accept and the stream caps, then graphql-sse's answer, then the stream written. */
function streamHandler(
  handler: SseHandler,
  { streams, admission }: { streams: OpenStreams; admission: WebSocketAdmission },
  options: GraphqlSseOptions,
) {
  return async function stream(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (!acceptsEventStream(request.headers.accept)) return refuseNotAcceptable(reply);
    const principal = principalOf(request);
    const ticket = streamTicket(admission, request, principal.id, options.logger);
    if (!ticket) return refuseTooMany(reply, options);
    const lastEventId = request.headers['last-event-id'];
    const state: StreamState = {
      cursors: [],
      lastEventId: typeof lastEventId === 'string' && lastEventId !== '' ? lastEventId : undefined,
      principalId: principal.id,
    };
    const answer = await answerOf(handler, request, state, options.logger);
    if (!answer) {
      ticket.release();
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
    await writeStream(reply, body, {
      state,
      ticket,
      expiresAtMs: principal.expiresAtMs,
      streams,
      maxBufferedBytes: options.limits.maxBufferedBytes,
      logger: options.logger,
    });
  };
}

/** The stream's place in the per-address and per-principal counts; undefined when full. */
function streamTicket(
  admission: WebSocketAdmission,
  request: FastifyRequest,
  principalId: string,
  logger: Logger,
): Ticket | undefined {
  const address = request.socket.remoteAddress ?? 'unknown';
  const ticket = admission.refusalFor(address) ? undefined : admission.admit(address);
  if (ticket?.authenticated(principalId)) return ticket;
  ticket?.release();
  logger.warn('SSE stream refused: too many open streams');
  return undefined;
}

async function answerOf(handler: SseHandler, request: FastifyRequest, state: StreamState, logger: Logger) {
  try {
    return await handler({
      method: request.method,
      url: request.url,
      headers: {
        // graphql-sse compares Accept exactly; the check before already accepted a list that names it.
        get: (key) => (key === 'accept' ? 'text/event-stream' : headerText(request.headers[key])),
      },
      body: request.method === 'POST' ? ((request.body as Record<string, unknown> | null) ?? null) : null,
      raw: request,
      context: state,
    });
  } catch (error) {
    logger.error({ err: (error as Error).message }, 'unexpected error opening an SSE stream');
    return undefined;
  }
}

function refuseNotAcceptable(reply: FastifyReply) {
  return refuseGraphql(
    reply.header('vary', 'Accept'),
    406,
    `This endpoint streams subscriptions as text/event-stream (GraphQL over SSE); send queries and mutations to /graphql`,
    { code: ErrorCode.NOT_ACCEPTABLE },
  );
}

function refuseTooMany(reply: FastifyReply, options: GraphqlSseOptions) {
  return refuseGraphql(
    reply.header('retry-after', String(RETRY_AFTER_SECONDS)),
    429,
    `Too many open event streams; at most ${options.limits.maxStreamsPerPrincipal} per client`,
    { code: ErrorCode.TOO_MANY_STREAMS, retryable: true, retryAfterSeconds: RETRY_AFTER_SECONDS },
  );
}

/** Bodies too large or unreadable, as HTTP GraphQL answers them; anything else masked. */
function refuseUnreadable(options: GraphqlSseOptions) {
  return (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
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
    options.logger.error({ err: error.message }, `unexpected error on ${GRAPHQL_STREAM_PATH}`);
    return refuseGraphql(reply, 500, 'Internal server error', { code: ErrorCode.INTERNAL_SERVER_ERROR });
  };
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
