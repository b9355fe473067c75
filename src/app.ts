import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import Fastify, { type FastifyInstance } from 'fastify';
import type { GraphQLFormattedError } from 'graphql';
import type { AddressInfo } from 'node:net';
import { createAuthenticator } from './auth/authenticator.js';
import type { Principal } from './auth/principal.js';
import { RateLimiter } from './security/rate-limiter.js';
import { BelvoClient } from './belvo/client.js';
import { createCache, type UpstreamCache } from './cache/cache.js';
import { ValueCipher } from './security/cipher.js';
import { ResponseCache } from './cache/response-cache.js';
import type { Config } from './config.js';
import {
  explainBelvoFailure,
  explainConnectionFailure,
  type DependencyCheck,
} from './operations/dependency-status.js';
import { createEventEngine, type EventEngine } from './link-events/event-engine.js';
import { createContext, type ContextDependencies, type GatewayContext } from './resources/context.js';
import {
  operationMetrics,
  responseCacheability,
  staleFlag,
  subscriptionsOverWebSocketOnly,
} from './graphql/apollo-plugins.js';
import { formatError, maskedErrorForLog } from './graphql-kit/errors.js';
import { buildGatewaySchema } from './graphql/schema.js';
import { extraValidationRules } from './graphql/validation-rules.js';
import { checkVariables as checkVariablesWithin } from './graphql/variables-limit.js';
import { createLogger, type Logger } from './observability/logger.js';
import { GatewayMetrics } from './operations/metrics.js';
import { BelvoSandbox } from './sandbox/server.js';
import { GRAPHQL_PATH, registerGraphqlRoute } from './transports/graphql-http.js';
import { RepeatedErrors } from './observability/repeated-errors.js';
import { createRedisClients, type RedisClients } from './redis/clients.js';
import { UpstreamBudget } from './belvo/budget.js';
import { MemoryTokenStore } from './belvo/token-store.js';
import { RedisTokenStore } from './belvo/budget-redis.js';
import { authenticateRequests } from './transports/client-auth.js';
import { registerExplorer } from './transports/explorer-http.js';
import { attachGraphqlWs, type GraphqlWsServer } from './transports/graphql-ws.js';
import { GRAPHQL_STREAM_PATH, registerGraphqlSse, type GraphqlSseServer } from './transports/graphql-sse.js';
import { createSubscriptionGate } from './transports/subscription-gate.js';
import { registerIndexRoute } from './transports/index-http.js';
import { registerOperationsRoutes } from './transports/operations-http.js';
import { corsFor, OriginPolicy } from './transports/origin-policy.js';
import { closeUnreadRequests } from './transports/slow-clients.js';
import { registerWebhookRoute, WEBHOOK_PATH } from './transports/webhook-http.js';
import { openStore, type Store } from './store/store.js';
import { startRetention } from './store/retention.js';
import { CreationLedger } from './resources/links/link.creations.js';
import { LinkTraces } from './link-events/link-traces.js';
import { belvoHasLink, receiveWebhook } from './webhooks/receive-webhook.js';

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
 * Wires config → Belvo client → schema → transports. In embedded mode it also starts the Belvo
 * simulator first, since the client needs its URL.
 */
export async function buildApp(deps: AppDependencies): Promise<App> {
  const config = deps.config;
  const logger = deps.logger ?? createLogger(config.logLevel, undefined, config.logFormat);
  // Opening PGlite takes seconds (initdb in WebAssembly): done while the simulator starts.
  const [sandbox, store] = await Promise.all([
    config.mode === 'embedded' && !deps.belvo ? startSandbox(config) : undefined,
    deps.store ?? openStore(config.state.database),
  ]);
  // One key seals everything written to Redis: cached values, event records and messages.
  const cipher = config.cacheEncryptionKey && new ValueCipher(config.cacheEncryptionKey);
  const cache =
    deps.cache ??
    createCache({
      redisUrl: config.redisUrl,
      ttlMs: config.cacheTtlMs,
      staleTtlMs: config.cacheStaleTtlMs,
      cipher,
      logger,
      errorSummaryIntervalMs: config.logRepeatSummaryMs,
    });
  const metrics = new GatewayMetrics({
    cacheStats: () => cache.stats,
    cacheBackend: cache.backend,
  });
  const redis = config.redisUrl
    ? createRedisClients(config.redisUrl, logger, { errorSummaryIntervalMs: config.logRepeatSummaryMs })
    : undefined;
  // Redis down fails every budget call: one line per streak, then periodic summaries.
  const budgetErrors = new RepeatedErrors(logger, {
    subject: 'shared Belvo budget (counting in process meanwhile)',
    summaryIntervalMs: config.logRepeatSummaryMs,
  });
  const budget = createBudget(config, redis, budgetErrors, metrics);
  const belvo =
    deps.belvo ??
    new BelvoClient({
      ...config.belvo,
      baseUrl: sandbox?.url ?? config.belvo.baseUrl,
      onExchange: metrics.observeUpstream,
      // By path and kind only: the body holds names, salaries and cédulas.
      onInvalidBody: (report) => logger.warn(report, 'Belvo sent a body that does not match its schema'),
      onCircuitChange: (endpointClass, state) => {
        logger.warn({ endpointClass, state }, 'Belvo circuit breaker changed state');
        metrics.circuitChanged(endpointClass, state);
      },
      budget,
      rateLimitPauseMs: config.belvo.budget.pauseMs,
    });
  const responseCache = new ResponseCache(config.responseCacheTtlMs);
  if (redis && responseCache.enabled) responseCache.connect(redis, logger);
  cache.onInvalidate(() => responseCache.invalidate());
  const events = deps.events ?? createEventEngine(store.events, redis, { cipher, logger });
  // A creation left unanswered longer than Belvo's deadline (and a margin) may be taken over.
  const creations = new CreationLedger(store, config.belvo.secretPassword, config.belvo.timeoutMs + 5_000);
  const retention = startRetention(store, config.state, logger);
  const traces = new LinkTraces(metrics.observeFirstPush);
  const shared: ContextDependencies = { belvo, cache, events, store, creations, logger, traces };
  const contextFor = (principal: Principal) => createContext(shared, principal);
  const authenticate = createAuthenticator(config.clientAuth);
  const limiter = new RateLimiter(config.limits.ratePerMinute);

  const fastify = Fastify({
    bodyLimit: config.bodyLimitBytes,
    logger: false,
    // A client trickling headers or a body, or idling after its answer, holds a socket and memory:
    // each phase gets a deadline of a few seconds.
    requestTimeout: config.http.requestTimeoutMs,
    keepAliveTimeout: config.http.keepAliveTimeoutMs,
    http: {
      headersTimeout: config.http.headersTimeoutMs,
      // Node checks both deadlines only this often (30 s by default), which would be the real limit.
      connectionsCheckingInterval: Math.max(
        50,
        Math.min(1_000, Math.floor(config.http.headersTimeoutMs / 4)),
      ),
    },
  });
  closeUnreadRequests(fastify);
  const origins = new OriginPolicy(config.http.allowedOrigins);
  const schema = await buildGatewaySchema();
  const validationRules = extraValidationRules(config);
  const variableLimits = {
    maxDepth: config.limits.maxVariablesDepth,
    maxBytes: config.limits.maxVariablesBytes,
  };
  const checkVariables = (variables: unknown, name?: string) =>
    checkVariablesWithin(variables, variableLimits, name);
  const formatGraphqlError = (formatted: GraphQLFormattedError, error: unknown) => {
    const sent = formatError(formatted, error, {
      stackTraces: config.stackTraces,
      hideSuggestions: config.hideSuggestions,
      onMasked: (cause) =>
        logger.error({ err: maskedErrorForLog(cause) }, 'unexpected error masked in a GraphQL response'),
    });
    metrics.countError(sent.extensions?.code);
    return sent;
  };
  const apollo = new ApolloServer<GatewayContext>({
    schema,
    validationRules,
    parseOptions: { maxTokens: config.limits.maxTokens },
    introspection: config.introspection,
    includeStacktraceInErrorResponses: config.stackTraces,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // main.ts owns signals and stops everything in order; Apollo stopping itself first races it.
    stopOnTerminationSignals: false,
    formatError: formatGraphqlError,
    plugins: [
      fastifyApolloDrainPlugin(fastify),
      ApolloServerPluginLandingPageDisabled(),
      // Its per-field hooks cost time on every field and the gateway sends no cache hints.
      ApolloServerPluginCacheControlDisabled(),
      subscriptionsOverWebSocketOnly(GRAPHQL_PATH, GRAPHQL_STREAM_PATH),
      staleFlag,
      responseCacheability(responseCache),
      operationMetrics(metrics),
    ],
  });
  await apollo.start();
  if (config.explorer) await registerExplorer(fastify, GRAPHQL_PATH);
  await registerGraphqlRoute(fastify, apollo, {
    cors: corsFor(origins),
    authenticate: authenticateRequests(authenticate, limiter),
    contextFor,
    responseCache,
    checkVariables,
    bodyLimitBytes: config.bodyLimitBytes,
    logger,
  });
  await registerWebhookRoute(fastify, {
    authorizations: config.webhookAuthorizations,
    authFailures: new RateLimiter(config.http.webhookAuthFailuresPerMinute),
    receive: (body) =>
      receiveWebhook(body, {
        store,
        bus: events.bus,
        cache,
        linkExists: belvoHasLink(belvo),
        logger,
        traces,
      }),
    onOutcome: (kind, outcome) => metrics.countWebhook(kind, outcome),
    logger,
  });
  const checks: DependencyCheck[] = [
    { name: 'belvo', critical: true, check: () => belvo.ping(), explain: explainBelvoFailure },
    // Without it no caller's links can be authorized, nor any webhook recorded.
    { name: 'database', critical: true, check: () => store.ping() },
    // Without Redis the gateway still serves from Belvo: degraded, not down.
    ...(redis
      ? [
          {
            name: 'redis',
            critical: false,
            check: async () => void (await redis.commands.ping()),
            // The PING fails with ioredis's retry error; the connection's own error says why.
            explain: (error: unknown) => explainConnectionFailure(redis.connectionError() ?? error),
          },
        ]
      : []),
  ];
  await registerOperationsRoutes(fastify, { metrics, checks });
  registerIndexRoute(fastify, {
    explorer: config.explorer,
    graphqlPath: GRAPHQL_PATH,
    webhookPath: WEBHOOK_PATH,
  });
  // WebSocket and SSE parse, validate and execute on their own: one gate gives both HTTP's rules.
  const gate = createSubscriptionGate({
    schema,
    validationRules,
    maxTokens: config.limits.maxTokens,
    checkVariables,
    limiter,
    contextFor,
    formatError: formatGraphqlError,
    onOperation: (transport, type) => metrics.countOperation(transport, type),
    onPush: (event) => traces.pushed(event),
  });
  const ws = attachGraphqlWs(fastify, { gate, limits: config.ws, origins, authenticate, logger });
  const sse = await registerGraphqlSse(fastify, {
    gate,
    limits: config.sse,
    cors: corsFor(origins),
    authenticate: authenticateRequests(authenticate),
    bodyLimitBytes: config.bodyLimitBytes,
    logger,
  });
  metrics.observeSse(sse);
  metrics.observeWebSockets(ws);

  return {
    config,
    logger,
    belvo,
    cache,
    events,
    store,
    metrics,
    fastify,
    ws,
    sse,
    sandbox,
    checks,
    async start() {
      await fastify.listen({ host: config.host, port: config.port });
      const { port } = fastify.server.address() as AddressInfo;
      origins.listening(port, config.publicUrl);
      // The simulator posts its webhooks to this very route, over real HTTP, like Belvo would.
      sandbox?.setWebhookTarget({
        url: `http://${loopbackFor(config.host)}:${port}${WEBHOOK_PATH}`,
        authorization: config.webhookAuthorizations[0],
      });
      return config.publicUrl ?? `http://${config.host}:${port}`;
    },
    async stop() {
      await ws.close(); // ends subscriptions, closes sockets
      await sse.close(); // an open stream would hold fastify's close forever
      await apollo.stop(); // its drain plugin closes fastify, waiting for in-flight requests
      await fastify.close();
      await sandbox?.stop(); // after the drain: in-flight requests may still need it
      budget.close();
      await belvo.close();
      await redis?.close();
      await cache.close();
      budgetErrors.close();
      await retention.stop();
      if (!deps.store) await store.close();
    },
  };
}

/** Belvo's rate limit as one budget for this instance, or for all instances when Redis is shared. */
function createBudget(
  config: Config,
  redis: RedisClients | undefined,
  errors: RepeatedErrors,
  metrics: GatewayMetrics,
): UpstreamBudget {
  const local = new MemoryTokenStore();
  const limits = config.belvo.budget;
  return new UpstreamBudget(
    redis ? new RedisTokenStore(redis.commands, config.belvo.secretId) : local,
    limits,
    {
      onWait: metrics.observeBudgetWait,
      // Redis down: each instance keeps to the whole limit on its own rather than stopping.
      fallback: redis ? local : undefined,
      onStoreError: (error) => errors.failed('store', error),
    },
  );
}

async function startSandbox(config: Config): Promise<BelvoSandbox> {
  const sandbox = new BelvoSandbox({
    secretId: config.belvo.secretId,
    secretPassword: config.belvo.secretPassword,
    host: '127.0.0.1',
    extractionDelayMs: config.sandbox.extractionDelayMs,
    recurrentIntervalMs: config.sandbox.recurrentIntervalMs,
    webhookRetryDelayMs: config.sandbox.webhookRetryDelayMs,
    rateLimit: {
      requests: config.sandbox.rateLimitRequests,
      windowMs: config.sandbox.rateLimitWindowMs,
      deletes: config.sandbox.deleteLimit,
      deleteWindowMs: config.sandbox.deleteLimitWindowMs,
    },
    requestLogMax: config.sandbox.requestLogMax,
  });
  sandbox.faults.latencyMs = config.sandbox.latencyMs;
  await sandbox.start();
  return sandbox;
}

/** Where this machine reaches its own listener, whatever interface it listens on. */
const loopbackFor = (host: string) => (host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host);

export { GRAPHQL_PATH, GRAPHQL_STREAM_PATH, WEBHOOK_PATH };
