import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { createAuthenticator } from '../auth/authenticator.js';
import type { BelvoClient } from '../belvo/client.js';
import type { UpstreamCache } from '../cache/cache.js';
import type { Config } from '../config.js';
import { createEventEngine, type EventEngine } from '../push/events/event-engine.js';
import { LinkTraces } from '../push/events/link-traces.js';
import { logExportFailures } from '../observability/export-failures.js';
import { createLogger, type Logger } from '../observability/logger.js';
import type { DependencyCheck } from '../operations/dependency-status.js';
import type { GatewayMetrics } from '../operations/metrics.js';
import type { Principal } from '../auth/principal.js';
import { createContext, type ContextDependencies } from '../resources/context.js';
import { CreationLedger } from '../resources/links/link.creation-ledger.js';
import type { BelvoSandbox } from '../sandbox/server.js';
import type { ReadScheduler } from '../upstream/read-scheduler.js';
import { RateLimiter } from '../security/rate-limiter.js';
import { startRetention } from '../store/retention.js';
import { openStore, type Store } from '../store/store.js';
import type { GraphqlSseServer } from '../push/sse/graphql-sse.js';
import { GRAPHQL_PATH, GRAPHQL_STREAM_PATH, WEBHOOK_PATH } from '../requests/paths.js';
import type { GraphqlWsServer } from '../push/ws/graphql-ws.js';
import { OriginPolicy } from '../requests/origin-policy.js';
import { dependencyChecks } from './dependency-checks.js';
import { pointWebhooksAt, startEmbeddedSandbox } from './embedded-sandbox.js';
import { createGraphqlRules, startApollo } from './graphql-server.js';
import { createHttpServer } from './http-server.js';
import {
  connectInfrastructure,
  createBelvoClient,
  createUpstreamReads,
  type Infrastructure,
} from './infrastructure.js';
import { attachPushTransports, type PushTransports } from './push-transports.js';
import { registerHttpRoutes, type RouteParts } from './routes.js';

export interface AppDependencies {
  config: Config;
  logger?: Logger;
  cache?: UpstreamCache;
  events?: EventEngine;
  /** A ready client; by default one is built from config (pointing at the embedded simulator in embedded mode). */
  belvo?: BelvoClient;
  /** An open system of record, left open on stop; by default one is opened from config and closed on stop. */
  store?: Store;
}

export interface App {
  config: Config;
  logger: Logger;
  belvo: BelvoClient;
  cache: UpstreamCache;
  events: EventEngine;
  store: Store;
  metrics: GatewayMetrics;
  fastify: FastifyInstance;
  ws: GraphqlWsServer;
  sse: GraphqlSseServer;
  /** The embedded Belvo simulator, in embedded mode. */
  sandbox: BelvoSandbox | undefined;
  /** What `/readyz` checks; main.ts runs them once at start for the banner. */
  checks: DependencyCheck[];
  /** Listens and answers the gateway's base URL. */
  start(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Wires the gateway in phases: the simulator and the system of record (together: both take
 * seconds), the infrastructure (caches, Redis, metrics, budget), the Belvo client, the link events
 * and the request context, GraphQL, the HTTP routes, the push transports.
 */
export async function buildApp(deps: AppDependencies): Promise<App> {
  const config = deps.config;
  const logger = deps.logger ?? createLogger(config.logLevel, undefined, config.logFormat);
  // With tracing on, a collector that does not answer is said in the logs, not only in lost traces.
  const stopLoggingExportFailures = config.telemetry.enabled
    ? logExportFailures(logger, config.logRepeatSummaryMs)
    : undefined;
  const [sandbox, store] = await Promise.all([
    config.mode === 'embedded' && !deps.belvo ? startEmbeddedSandbox(config) : undefined,
    deps.store ??
      openStore(config.state.database, {
        foldWindowMs: config.state.eventFoldWindowMs,
        maxPerLinkPerMinute: config.state.maxEventsPerLinkPerMinute,
      }),
  ]);
  const infrastructure = connectInfrastructure(config, logger, { cache: deps.cache, store });
  const belvo =
    deps.belvo ?? createBelvoClient(config, infrastructure, logger, sandbox?.url ?? config.belvo.baseUrl);
  const core = startCore(config, deps, { logger, store, infrastructure, belvo });
  const fastify = createHttpServer(config);
  const rules = await createGraphqlRules(config, infrastructure.metrics, logger);
  const parts: RouteParts = {
    ...core,
    rules,
    apollo: await startApollo(config, rules, fastify, infrastructure.metrics),
    origins: new OriginPolicy(config.http.allowedOrigins),
    authenticate: createAuthenticator(config.clientAuth),
    limiter: new RateLimiter(config.limits.ratePerMinute),
    checks: dependencyChecks(config, belvo, store, infrastructure.redis),
  };
  await registerHttpRoutes(fastify, parts);
  const push = await attachPushTransports(fastify, parts);
  const closeOwnStore = deps.store ? undefined : store;
  return assembleApp({
    ...parts,
    ...push,
    retention: core.retention,
    scheduler: core.scheduler,
    fastify,
    sandbox,
    closeOwnStore,
    stopLoggingExportFailures,
  });
}

/** Link events, retention, traces and the request context: what resolvers and webhooks share. */
function startCore(
  config: Config,
  deps: AppDependencies,
  given: { logger: Logger; store: Store; infrastructure: Infrastructure; belvo: BelvoClient },
) {
  const { logger, store, infrastructure, belvo } = given;
  const { cache, cipher, redis, metrics } = infrastructure;
  const events = deps.events ?? createEventEngine(store.events, redis, { cipher, logger });
  const traces = new LinkTraces(metrics.observeFirstPush);
  const { scheduler, upstream } = createUpstreamReads(config, belvo, store, logger, metrics);
  const shared: ContextDependencies = {
    belvo,
    upstream,
    readDeadlines: { interactiveMs: config.belvo.timeoutMs, pushMs: config.belvo.budget.pushReadDeadlineMs },
    cache,
    events,
    store,
    logger,
    traces,
    // A creation left unanswered longer than Belvo's deadline (and a margin) may be taken over.
    creations: new CreationLedger(store, config.belvo.secretPassword, config.belvo.timeoutMs + 5_000),
  };
  return {
    ...given,
    config,
    events,
    traces,
    scheduler,
    upstream,
    retention: startRetention(store, config.state, logger),
    contextFor: (principal: Principal) => createContext(shared, principal),
  };
}

/** The running gateway: its parts, and how it starts listening and stops, in order. */
function assembleApp(
  parts: RouteParts &
    PushTransports & {
      fastify: FastifyInstance;
      sandbox: BelvoSandbox | undefined;
      retention: ReturnType<typeof startRetention>;
      scheduler: ReadScheduler;
      closeOwnStore: Store | undefined;
      stopLoggingExportFailures: (() => void) | undefined;
    },
): App {
  const { config, fastify, ws, sse, sandbox, infrastructure } = parts;
  return {
    config,
    logger: parts.logger,
    belvo: parts.belvo,
    cache: infrastructure.cache,
    events: parts.events,
    store: parts.store,
    metrics: infrastructure.metrics,
    fastify,
    ws,
    sse,
    sandbox,
    checks: parts.checks,
    async start() {
      await fastify.listen({ host: config.host, port: config.port });
      const { port } = fastify.server.address() as AddressInfo;
      parts.origins.listening(port, config.publicUrl);
      if (sandbox) pointWebhooksAt(sandbox, config, port, WEBHOOK_PATH);
      return config.publicUrl ?? `http://${config.host}:${port}`;
    },
    async stop() {
      await ws.close(); // ends subscriptions, closes sockets
      await sse.close(); // an open stream would hold fastify's close forever
      await parts.apollo.stop(); // its drain plugin closes fastify, waiting for in-flight requests
      await fastify.close();
      await sandbox?.stop(); // after the drain: in-flight requests may still need it
      parts.scheduler.close();
      await parts.belvo.close();
      await infrastructure.close();
      await parts.retention.stop();
      await parts.closeOwnStore?.close();
      parts.stopLoggingExportFailures?.();
    },
  };
}

export { GRAPHQL_PATH, GRAPHQL_STREAM_PATH, WEBHOOK_PATH };
