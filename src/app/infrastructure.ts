import { UpstreamBudget } from '../belvo/budget.js';
import { MemoryTokenStore } from '../belvo/token-store.js';
import { RedisTokenStore } from '../belvo/budget-redis.js';
import { BelvoClient } from '../belvo/client.js';
import type { BelvoLink } from '../belvo/contract/types.js';
import type { Store } from '../store/store.js';
import { BelvoReads } from '../upstream/belvo-reads.js';
import { ReadScheduler } from '../upstream/read-scheduler.js';
import { createCache, type UpstreamCache } from '../cache/cache.js';
import { ResponseCache } from '../cache/response-cache.js';
import type { Config } from '../config.js';
import type { Logger } from '../observability/logger.js';
import { RepeatedErrors } from '../observability/repeated-errors.js';
import { GatewayMetrics } from '../operations/metrics.js';
import { createRedisClients, type RedisClients } from '../redis/clients.js';
import { ValueCipher } from '../security/cipher.js';

/** What the gateway keeps outside its requests: caches, Redis, metrics and Belvo's rate budget. */
export interface Infrastructure {
  cipher: ValueCipher | undefined;
  cache: UpstreamCache;
  responseCache: ResponseCache;
  metrics: GatewayMetrics;
  redis: RedisClients | undefined;
  budget: UpstreamBudget;
  close(): Promise<void>;
}

export function connectInfrastructure(
  config: Config,
  logger: Logger,
  given: { cache?: UpstreamCache; store: Store },
): Infrastructure {
  // One key seals everything written to Redis: cached values, event records and messages.
  const cipher = config.cacheEncryptionKey ? new ValueCipher(config.cacheEncryptionKey) : undefined;
  const cache =
    given.cache ??
    createCache({
      redisUrl: config.redisUrl,
      ttlMs: config.cacheTtlMs,
      staleTtlMs: config.cacheStaleTtlMs,
      cipher,
      logger,
      errorSummaryIntervalMs: config.logRepeatSummaryMs,
    });
  const metrics = new GatewayMetrics({ cacheStats: () => cache.stats, cacheBackend: cache.backend });
  const redis = config.redisUrl
    ? createRedisClients(config.redisUrl, logger, { errorSummaryIntervalMs: config.logRepeatSummaryMs })
    : undefined;
  const responseCache = new ResponseCache(config.responseCacheTtlMs);
  if (redis && responseCache.enabled) responseCache.connect(redis, logger);
  cache.onChange(() => responseCache.invalidate());
  // Redis down fails every budget call: one line per streak, then periodic summaries.
  const budgetErrors = new RepeatedErrors(logger, {
    subject: 'shared Belvo budget (counting in process meanwhile)',
    summaryIntervalMs: config.logRepeatSummaryMs,
  });
  const budget = createBudget(config, redis, given.store, budgetErrors, metrics);
  return {
    cipher,
    cache,
    responseCache,
    metrics,
    redis,
    budget,
    async close() {
      budget.close();
      await redis?.close();
      await cache.close();
      budgetErrors.close();
    },
  };
}

/** The Belvo client, counted in metrics and held to the budget; `baseUrl` is the simulator's when embedded. */
export function createBelvoClient(
  config: Config,
  infrastructure: Infrastructure,
  logger: Logger,
  baseUrl: string,
): BelvoClient {
  const { metrics, budget } = infrastructure;
  return new BelvoClient({
    ...config.belvo,
    baseUrl,
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
}

/**
 * The instance's one read scheduler over the client's budget, and the reads made through it. Links
 * read fresh from Belvo note their status in the registry (only the `links` status filter depends
 * on it: a failure there must not fail the read).
 */
export function createUpstreamReads(
  config: Config,
  belvo: BelvoClient,
  store: Store,
  logger: Logger,
  metrics: GatewayMetrics,
): { scheduler: ReadScheduler; upstream: BelvoReads } {
  const scheduler = new ReadScheduler({
    budget: belvo.http.budget,
    maxPerCall: config.belvo.budget.idsPerCall,
    callTimeoutMs: config.belvo.timeoutMs,
    observer: metrics.scheduler,
  });
  metrics.scheduler.watch(scheduler);
  const noteSeen = (links: BelvoLink[]) =>
    store.links
      .noteSeen(links)
      .catch((error: unknown) =>
        logger.warn({ err: (error as Error).message }, 'link status not noted in the registry'),
      );
  return { scheduler, upstream: new BelvoReads(belvo, scheduler, noteSeen) };
}

/**
 * Belvo's rate limit as one budget: for all instances together in Redis when it is shared, else in
 * the database when it is PostgreSQL (instances share it), else (PGlite: one process) in memory.
 */
function createBudget(
  config: Config,
  redis: RedisClients | undefined,
  store: Store,
  errors: RepeatedErrors,
  metrics: GatewayMetrics,
): UpstreamBudget {
  const local = new MemoryTokenStore();
  const account = config.belvo.secretId;
  const shared = redis ? new RedisTokenStore(redis.commands, account) : store.budgetTokens(account);
  return new UpstreamBudget(shared ?? local, config.belvo.budget, {
    onWait: metrics.observeBudgetWait,
    // The shared store down: each instance keeps to the whole limit on its own rather than stopping.
    fallback: shared ? local : undefined,
    onStoreError: (error) => errors.failed('store', error),
    onStoreRecovered: () => errors.recovered('store'),
  });
}
