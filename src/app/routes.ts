import type { ApolloServer } from '@apollo/server';
import type { FastifyInstance } from 'fastify';
import type { Authenticate } from '../auth/authenticator.js';
import type { Principal } from '../auth/principal.js';
import type { BelvoClient } from '../belvo/client.js';
import type { Config } from '../config.js';
import type { LinkTraces } from '../push/events/link-traces.js';
import type { EventEngine } from '../push/events/event-engine.js';
import type { Logger } from '../observability/logger.js';
import type { DependencyCheck } from '../operations/dependency-status.js';
import type { GatewayContext } from '../resources/context.js';
import { addressMatcher } from '../security/address-ranges.js';
import { RateLimiter } from '../security/rate-limiter.js';
import type { Store } from '../store/store.js';
import { authenticateRequests } from '../requests/client-auth.js';
import { APP_PATH, referenceAppPresent, registerReferenceApp } from '../routes/app-http.js';
import { registerExplorer } from '../routes/explorer-http.js';
import { registerGraphqlRoute } from '../routes/graphql-http.js';
import { GRAPHQL_PATH, GRAPHQL_STREAM_PATH, WEBHOOK_PATH } from '../requests/paths.js';
import { registerIndexRoute } from '../routes/index-http.js';
import { registerOperationsRoutes } from '../routes/operations-http.js';
import { corsFor, type OriginPolicy } from '../requests/origin-policy.js';
import { registerWebhookRoute } from '../routes/webhook-http.js';
import { belvoHasLink, receiveWebhook } from '../webhooks/receive-webhook.js';
import type { BelvoReads } from '../upstream/belvo-reads.js';
import type { GraphqlRules } from './graphql-server.js';
import type { Infrastructure } from './infrastructure.js';

/** What the HTTP routes are wired to. */
export interface RouteParts {
  config: Config;
  logger: Logger;
  infrastructure: Infrastructure;
  belvo: BelvoClient;
  /** Batched reads of Belvo, through the instance's read scheduler. */
  upstream: BelvoReads;
  store: Store;
  events: EventEngine;
  traces: LinkTraces;
  apollo: ApolloServer<GatewayContext>;
  rules: GraphqlRules;
  origins: OriginPolicy;
  authenticate: Authenticate;
  /** Operations per principal per minute, shared with the push transports. */
  limiter: RateLimiter;
  contextFor: (principal: Principal) => GatewayContext;
  checks: DependencyCheck[];
}

/** The HTTP routes: `/graphql`, the webhook route, the explorer, operations and the index page. */
export async function registerHttpRoutes(fastify: FastifyInstance, parts: RouteParts): Promise<void> {
  const { config, logger, infrastructure } = parts;
  if (config.explorer) await registerExplorer(fastify, GRAPHQL_PATH);
  const referenceApp = config.referenceApp && referenceAppPresent();
  if (referenceApp) registerReferenceApp(fastify, { logger });
  await registerGraphqlRoute(fastify, parts.apollo, {
    cors: corsFor(parts.origins),
    authenticate: authenticateRequests(parts.authenticate, parts.limiter),
    contextFor: parts.contextFor,
    responseCache: infrastructure.responseCache,
    checkVariables: parts.rules.checkVariables,
    bodyLimitBytes: config.bodyLimitBytes,
    logger,
  });
  await registerWebhookRoute(fastify, {
    authorizations: config.webhookAuthorizations,
    allowedSenders:
      config.webhookSenders.allowedCidrs.length > 0
        ? addressMatcher(config.webhookSenders.allowedCidrs)
        : undefined,
    trustedProxies: config.webhookSenders.trustedProxies,
    authFailures: new RateLimiter(config.http.webhookAuthFailuresPerMinute),
    receive: (body) =>
      receiveWebhook(body, {
        store: parts.store,
        bus: parts.events.bus,
        cache: infrastructure.cache,
        linkExists: belvoHasLink(parts.upstream),
        logger,
        traces: parts.traces,
      }),
    onOutcome: (kind, outcome) => infrastructure.metrics.countWebhook(kind, outcome),
    logger,
  });
  await registerOperationsRoutes(fastify, {
    metrics: infrastructure.metrics,
    checks: parts.checks,
    readinessCacheMs: config.readinessCacheMs,
  });
  registerIndexRoute(fastify, {
    explorer: config.explorer,
    appPath: referenceApp ? APP_PATH : undefined,
    graphqlPath: GRAPHQL_PATH,
    streamPath: GRAPHQL_STREAM_PATH,
    webhookPath: WEBHOOK_PATH,
  });
}
