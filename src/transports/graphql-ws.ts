import type { FastifyInstance } from 'fastify';
import { GraphQLError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Authenticate } from '../auth/authenticator.js';
import type { WebSocketConfig } from '../config.js';
import type { Principal } from '../auth/principal.js';
import type { Logger } from '../observability/logger.js';
import { credentialsFromConnectionParams } from './client-auth.js';
import { withCode, type SubscriptionGate } from './subscription-gate.js';
import type { OriginPolicy } from './origin-policy.js';
import { TOO_MANY_SOCKETS_CLOSE_CODE, WebSocketAdmission, type Ticket } from './ws-admission.js';
import { batchWrites, closeWhenCredentialsExpire, refuseUpgrade, watchIdleSockets } from './ws-sockets.js';
import { GRAPHQL_PATH } from './graphql-http.js';

export type WebSocketLimits = WebSocketConfig;

export interface GraphqlWsOptions {
  /** Rules, limits, error formatting and execution shared with the SSE transport. */
  gate: SubscriptionGate;
  limits: WebSocketLimits;
  /** Browser origins allowed to open a socket (checked before the upgrade). */
  origins: OriginPolicy;
  authenticate: Authenticate;
  logger: Logger;
}

export interface GraphqlWsServer {
  /** Open sockets, for operations and tests. */
  readonly clients: Set<WebSocket>;
  activeSubscriptions(): number;
  close(): Promise<void>;
}

const UPGRADE_RETRY_AFTER_SECONDS = 10;

/**
 * graphql-ws (the `graphql-transport-ws` protocol) on the same path as HTTP GraphQL. It does its own
 * parsing and validation, so everything HTTP enforces is wired in here again (the subscription gate,
 * shared with SSE): the same rules and token cap, the same error formatting, and subscriptions only.
 */
export function attachGraphqlWs(fastify: FastifyInstance, options: GraphqlWsOptions): GraphqlWsServer {
  const { limits, gate } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes });

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

  const server = useServer<Record<string, unknown>>(
    {
      connectionInitWaitTimeout: limits.connectionInitTimeoutMs,
      subscribe: gate.subscribe,
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
        // graphql-ws registers the subscription before this hook, so the count includes it.
        if (Object.keys(ctx.subscriptions).length > limits.maxSubscriptionsPerSocket) {
          return [
            new GraphQLError(
              `At most ${limits.maxSubscriptionsPerSocket} subscriptions per connection; complete one first`,
              { extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } },
            ),
          ];
        }
        return gate.admit(principal, payload, 'websocket');
      },
      onNext: (_ctx, _id, _payload, _args, result) => gate.formatResult(result),
      onError: (_ctx, _id, _payload, errors) => gate.formatAll(errors),
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
