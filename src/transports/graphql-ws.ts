import type { FastifyInstance } from 'fastify';
import {
  getOperationAST,
  getVariableValues,
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { LRUCache } from 'lru-cache';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Authenticate } from '../auth/authenticator.js';
import type { Principal } from '../auth/principal.js';
import type { RateLimiter } from '../auth/rate-limiter.js';
import type { GatewayContext } from '../graphql/context.js';
import type { Logger } from '../logger.js';
import { credentialsFromConnectionParams } from './client-auth.js';
import { createSharedSubscribe } from './shared-execution.js';
import type { OriginPolicy } from './origin-policy.js';
import { TOO_MANY_SOCKETS_CLOSE_CODE, WebSocketAdmission, type Ticket } from './ws-admission.js';
import { batchWrites, closeWhenCredentialsExpire, refuseUpgrade, watchIdleSockets } from './ws-sockets.js';
import { GRAPHQL_PATH } from './graphql-http.js';

export interface WebSocketLimits {
  /** A client must send `connection_init` within this time. */
  connectionInitTimeoutMs: number;
  /** A socket with no subscription for this long is closed. */
  idleTimeoutMs: number;
  /** Interval of ping frames; a socket that misses the pong is dropped. */
  keepAliveMs: number;
  maxSubscriptionsPerSocket: number;
  maxMessageBytes: number;
  maxSocketsPerPrincipal: number;
  maxSocketsPerAddress: number;
  maxUnauthenticatedPerAddress: number;
}

export interface GraphqlWsOptions {
  schema: GraphQLSchema;
  validationRules: ValidationRule[];
  maxTokens: number;
  limits: WebSocketLimits;
  /** Browser origins allowed to open a socket (checked before the upgrade). */
  origins: OriginPolicy;
  /** Checks variables before graphql-js walks them (recursively). */
  checkVariables: (variables: unknown) => string | undefined;
  authenticate: Authenticate;
  limiter: RateLimiter;
  contextFor: (principal: Principal) => GatewayContext;
  formatError: (formatted: GraphQLFormattedError, thrown: unknown) => GraphQLFormattedError;
  /** Told each operation that passed validation (for metrics). */
  onOperation?: (type: string) => void;
  /** Each event pushed to a subscriber (for traces and the first-push metric). */
  onPush?: (event: unknown) => void;
  logger: Logger;
}

export interface GraphqlWsServer {
  /** Open sockets, for operations and tests. */
  readonly clients: Set<WebSocket>;
  activeSubscriptions(): number;
  close(): Promise<void>;
}

const MAX_CACHED_DOCUMENTS = 500;
const UPGRADE_RETRY_AFTER_SECONDS = 10;

/**
 * graphql-ws (the `graphql-transport-ws` protocol) on the same path as HTTP GraphQL. It does its own
 * parsing and validation, so everything HTTP enforces is wired in here again: the same rules and
 * token cap, the same error formatting, and subscriptions only.
 */
export function attachGraphqlWs(fastify: FastifyInstance, options: GraphqlWsOptions): GraphqlWsServer {
  const { limits } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes });
  const rules = [...specifiedRules, ...options.validationRules];

  const admission = new WebSocketAdmission(limits);
  const tickets = new WeakMap<WebSocket, Ticket>();
  fastify.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(request.url ?? '/', 'http://localhost').pathname !== GRAPHQL_PATH) {
      socket.destroy();
      return;
    }
    // Cross-site WebSocket hijacking: browsers let any page open a socket anywhere, with the
    // user's cookies and network position; only the Origin header tells whose page it is.
    if (!options.origins.allows(request.headers.origin)) {
      options.logger.warn('WebSocket upgrade refused: origin not allowed');
      refuseUpgrade(socket, 403, 'Forbidden');
      return;
    }
    const address = request.socket.remoteAddress ?? 'unknown';
    const refusal = admission.refusalFor(address);
    if (refusal) {
      options.logger.warn({ reason: refusal }, 'WebSocket upgrade refused');
      refuseUpgrade(socket, 429, 'Too Many Requests', UPGRADE_RETRY_AFTER_SECONDS);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      // Counted only once upgraded: a failed handshake never reaches here, and would never release.
      const ticket = admission.admit(address);
      tickets.set(ws, ticket);
      ws.once('close', () => ticket.release());
      wss.emit('connection', ws, request);
    });
  });

  const idle = watchIdleSockets(wss, limits.idleTimeoutMs);
  const expiry = closeWhenCredentialsExpire();
  const principals = new WeakMap<WebSocket, Principal>();

  // Thousands of clients send the same few subscriptions: parse and validate each text once (as
  // Apollo's document store does over HTTP), sharing one AST among them.
  const checkedDocuments = new LRUCache<string, DocumentNode | GraphQLError[]>({ max: MAX_CACHED_DOCUMENTS });
  const checkDocument = (query: string): DocumentNode | GraphQLError[] => {
    const known = checkedDocuments.get(query);
    if (known) return known;
    let checked: DocumentNode | GraphQLError[];
    try {
      const document = parse(query, { maxTokens: options.maxTokens });
      const errors = validate(options.schema, document, rules);
      checked =
        errors.length > 0 ? errors.map((error) => withCode(error, 'GRAPHQL_VALIDATION_FAILED')) : document;
    } catch (error) {
      checked = [withCode(error as GraphQLError, 'GRAPHQL_PARSE_FAILED')];
    }
    checkedDocuments.set(query, checked);
    return checked;
  };

  const formatAll = (errors: readonly GraphQLError[]) =>
    errors.map((error) => options.formatError(error.toJSON(), error));

  const server = useServer<Record<string, unknown>>(
    {
      connectionInitWaitTimeout: limits.connectionInitTimeoutMs,
      subscribe: createSharedSubscribe(options.onPush),
      async onConnect(ctx) {
        const socket = ctx.extra.socket;
        idle.track(socket, ctx);
        let principal: Principal;
        try {
          principal = await options.authenticate(credentialsFromConnectionParams(ctx.connectionParams));
        } catch {
          return false; // graphql-ws closes with 4403 Forbidden
        }
        if (!tickets.get(socket)?.authenticated(principal.id)) {
          options.logger.warn('WebSocket refused: too many open sockets for its principal');
          // graphql-ws's own close (4403) that follows is ignored by a socket already closing.
          socket.close(
            TOO_MANY_SOCKETS_CLOSE_CODE,
            `At most ${limits.maxSocketsPerPrincipal} open WebSockets per client`,
          );
          return false;
        }
        principals.set(socket, principal);
        if (principal.expiresAtMs !== undefined) expiry.closeAt(socket, principal.expiresAtMs);
        return true;
      },
      onSubscribe(ctx, _id, payload) {
        const principal = principals.get(ctx.extra.socket);
        if (!principal) return [withCode(new GraphQLError('Not authenticated'), 'UNAUTHENTICATED')];
        const verdict = options.limiter.take(principal.id);
        if (!verdict.allowed) {
          return [
            new GraphQLError('Too many operations; slow down', {
              extensions: {
                code: 'RATE_LIMITED',
                retryable: true,
                retryAfterSeconds: verdict.retryAfterSeconds,
              },
            }),
          ];
        }
        // graphql-ws registers the subscription before this hook, so the count includes it.
        if (Object.keys(ctx.subscriptions).length > limits.maxSubscriptionsPerSocket) {
          return [
            new GraphQLError(
              `At most ${limits.maxSubscriptionsPerSocket} subscriptions per connection; complete one first`,
              { extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } },
            ),
          ];
        }
        // Before anything walks them: graphql-js coerces variables recursively, and a value nested
        // tens of thousands of levels deep would overflow the stack.
        const badVariables = options.checkVariables(payload.variables);
        if (badVariables) return [withCode(new GraphQLError(badVariables), 'BAD_USER_INPUT')];
        const checked = checkDocument(payload.query);
        if (Array.isArray(checked)) return checked;
        const document = checked as DocumentNode;
        const operation = getOperationAST(document, payload.operationName);
        if (!operation) {
          return [withCode(new GraphQLError('Name the operation to run'), 'BAD_REQUEST')];
        }
        if (operation.operation !== 'subscription') {
          return [
            withCode(
              new GraphQLError(
                'Only subscriptions are served over WebSocket; send queries and mutations over HTTP',
              ),
              'BAD_REQUEST',
            ),
          ];
        }
        // Variables are checked here, as Apollo does over HTTP: a bad one is the client's error
        // (BAD_USER_INPUT), not an execution failure.
        const variables = getVariableValues(
          options.schema,
          operation.variableDefinitions ?? [],
          payload.variables ?? {},
          { maxErrors: 10 },
        );
        if (variables.errors) return variables.errors.map((error) => withCode(error, 'BAD_USER_INPUT'));
        options.onOperation?.(operation.operation);
        return {
          schema: options.schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: options.contextFor(principal),
        };
      },
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: formatAll(result.errors) } : undefined,
      onError: (_ctx, _id, _payload, errors) => formatAll(errors),
    },
    wss,
    limits.keepAliveMs,
  );

  // graphql-ws logs socket errors (an oversized message, a broken frame) with console.error; they
  // are the client's fault and ws already closed the socket with the right code, so they become
  // warnings in the structured log instead.
  wss.on('connection', (socket: WebSocket) => {
    batchWrites(socket);
    socket.removeAllListeners('error');
    socket.on('error', (error) => options.logger.warn({ err: error.message }, 'WebSocket client error'));
  });

  return {
    clients: wss.clients,
    activeSubscriptions: () => idle.activeSubscriptions(),
    async close() {
      idle.stop();
      expiry.stop();
      await server.dispose();
    },
  };
}

function withCode(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    extensions: { ...error.extensions, code },
  });
}
