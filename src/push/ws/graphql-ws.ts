import type { FastifyInstance } from 'fastify';
import { GraphQLError } from 'graphql';
import { handleProtocols, makeServer, type ServerOptions } from 'graphql-ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Authenticate } from '../../auth/authenticator.js';
import type { WebSocketConfig } from '../../config.js';
import type { Principal } from '../../auth/principal.js';
import { ErrorCode } from '../../errors/error-codes.js';
import type { Logger } from '../../observability/logger.js';
import { credentialsFromConnectionParams } from '../../requests/client-auth.js';
import type { OriginPolicy } from '../../requests/origin-policy.js';
import { isSharedStream } from '../execution/shared-execution.js';
import { withCode, type SubscriptionGate } from '../execution/subscription-gate.js';
import {
  TOO_MANY_SOCKETS_CLOSE_CODE,
  WebSocketAdmission,
  type Ticket,
} from '../execution/connection-admission.js';
import { serveConnection, type ConnectionExtra } from './connection.js';
import { pushOverSocket } from './frames.js';
import { closeWhenCredentialsExpire, watchIdleSockets } from './sockets.js';
import { acceptUpgrades } from './upgrade.js';

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

type Hooks = ServerOptions<Record<string, unknown>, ConnectionExtra>;
/** Per-socket state the hooks share: its admission ticket, then its principal. */
interface Sockets {
  tickets: WeakMap<WebSocket, Ticket>;
  principals: WeakMap<WebSocket, Principal>;
}

/**
 * graphql-ws (the `graphql-transport-ws` protocol) on the same path as HTTP GraphQL. graphql-ws's
 * server (`makeServer`) runs the protocol; pushed results bypass its per-message `next` path and are
 * written by the gateway, one serialized payload per distinct result (see frames.ts). It does its
 * own parsing and validation, so everything HTTP enforces is wired in here again (the subscription
 * gate, shared with SSE): the same rules and token cap, the same error formatting, subscriptions only.
 */
export function attachGraphqlWs(fastify: FastifyInstance, options: GraphqlWsOptions): GraphqlWsServer {
  const { limits } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes, handleProtocols });
  const sockets: Sockets = { tickets: new WeakMap(), principals: new WeakMap() };
  const idle = watchIdleSockets(wss, limits.idleTimeoutMs);
  const expiry = closeWhenCredentialsExpire();
  const server = makeServer<Record<string, unknown>, ConnectionExtra>({
    connectionInitWaitTimeout: limits.connectionInitTimeoutMs,
    subscribe: options.gate.subscribe,
    onConnect: async (ctx) => {
      idle.track(ctx.extra.socket, ctx);
      const principal = await admitConnection(ctx.extra.socket, ctx.connectionParams, sockets, options);
      if (principal?.expiresAtMs !== undefined) expiry.closeAt(ctx.extra.socket, principal.expiresAtMs);
      return principal !== undefined; // false: graphql-ws closes with 4403 Forbidden
    },
    onSubscribe: admitSubscription(sockets, options),
    onOperation: (ctx, id, _payload, _args, result) =>
      isSharedStream(result) ? pushOverSocket(ctx.extra.writer, id, result, options.gate.payloadOf) : result,
    // Only what is not pushed comes here: a subscription refused as it starts (its link unknown, the
    // budget spent) answers one result, formatted like every other so its error keeps its code.
    onNext: (_ctx, _id, _payload, _args, result) => options.gate.formatResult(result),
    onError: (_ctx, _id, _payload, errors) => options.gate.formatAll(errors),
  });
  acceptUpgrades(fastify, {
    wss,
    origins: options.origins,
    admission: new WebSocketAdmission(limits),
    logger: options.logger,
    onSocket: (socket, request, tcp, ticket) => {
      sockets.tickets.set(socket, ticket);
      serveConnection(server, socket, request, tcp, {
        keepAliveMs: limits.keepAliveMs,
        maxBufferedBytes: limits.maxBufferedBytes,
        logger: options.logger,
      });
    },
  });
  return {
    clients: wss.clients,
    activeSubscriptions: () => idle.activeSubscriptions(),
    async close() {
      idle.stop();
      expiry.stop();
      for (const client of wss.clients) client.close(1001, 'Going away');
      await new Promise<void>((resolve, reject) => wss.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/** `connection_init`: authenticates, then takes the principal's place; undefined when refused. */
async function admitConnection(
  socket: WebSocket,
  connectionParams: Readonly<Record<string, unknown>> | undefined,
  sockets: Sockets,
  options: GraphqlWsOptions,
): Promise<Principal | undefined> {
  let principal: Principal;
  try {
    principal = await options.authenticate(credentialsFromConnectionParams(connectionParams));
  } catch {
    return undefined;
  }
  if (!sockets.tickets.get(socket)?.authenticated(principal.id)) {
    options.logger.warn('WebSocket refused: too many open sockets for its principal');
    // graphql-ws's own close (4403) that follows is ignored by a socket already closing.
    socket.close(
      TOO_MANY_SOCKETS_CLOSE_CODE,
      `At most ${options.limits.maxSocketsPerPrincipal} open WebSockets per client`,
    );
    return undefined;
  }
  sockets.principals.set(socket, principal);
  return principal;
}

/** `subscribe`: the per-socket cap, then the gate (rules, limits, subscriptions only). */
function admitSubscription(sockets: Sockets, options: GraphqlWsOptions): NonNullable<Hooks['onSubscribe']> {
  const max = options.limits.maxSubscriptionsPerSocket;
  return (ctx, _id, payload) => {
    const principal = sockets.principals.get(ctx.extra.socket);
    if (!principal) return [withCode(new GraphQLError('Not authenticated'), ErrorCode.UNAUTHENTICATED)];
    // graphql-ws registers the subscription before this hook, so the count includes it.
    if (Object.keys(ctx.subscriptions).length > max) {
      return [
        withCode(
          new GraphQLError(`At most ${max} subscriptions per connection; complete one first`),
          ErrorCode.TOO_MANY_SUBSCRIPTIONS,
        ),
      ];
    }
    return options.gate.admit(principal, payload, 'websocket');
  };
}
