import type { FastifyInstance } from 'fastify';
import { authenticateRequests } from '../requests/client-auth.js';
import { attachGraphqlWs, type GraphqlWsServer } from '../push/ws/graphql-ws.js';
import { registerGraphqlSse, type GraphqlSseServer } from '../push/sse/graphql-sse.js';
import { corsFor } from '../requests/origin-policy.js';
import { createSubscriptionGate } from '../push/execution/subscription-gate.js';
import type { RouteParts } from './routes.js';

export interface PushTransports {
  ws: GraphqlWsServer;
  sse: GraphqlSseServer;
}

/**
 * Subscriptions over WebSocket and Server-Sent Events. Both parse, validate and execute on their
 * own: one gate gives both the rules, limits and error formatting HTTP has.
 */
export async function attachPushTransports(
  fastify: FastifyInstance,
  parts: RouteParts,
): Promise<PushTransports> {
  const { config, logger, rules, infrastructure } = parts;
  const gate = createSubscriptionGate({
    schema: rules.schema,
    validationRules: rules.validationRules,
    maxTokens: config.limits.maxTokens,
    checkVariables: rules.checkVariables,
    limiter: parts.limiter,
    contextFor: parts.contextFor,
    formatError: rules.formatError,
    onOperation: (transport, type, deprecated) => {
      infrastructure.metrics.countOperation(transport, type);
      for (const field of deprecated) infrastructure.metrics.countDeprecatedUse(field);
    },
    onPush: (event) => parts.traces.pushed(event),
  });
  const ws = attachGraphqlWs(fastify, {
    gate,
    limits: config.ws,
    origins: parts.origins,
    authenticate: parts.authenticate,
    logger,
  });
  const sse = await registerGraphqlSse(fastify, {
    gate,
    limits: config.sse,
    cors: corsFor(parts.origins),
    authenticate: authenticateRequests(parts.authenticate),
    bodyLimitBytes: config.bodyLimitBytes,
    logger,
  });
  infrastructure.metrics.observeSse(sse);
  infrastructure.metrics.observeWebSockets(ws);
  return { ws, sse };
}
