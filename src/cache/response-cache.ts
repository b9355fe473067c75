import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { redisKey } from '../kit/redis-namespace.js';
import type { Logger } from '../observability/logger.js';
import type { RedisClients } from '../redis/clients.js';

/** Bounds on what the cache holds: clients choose queries and variables, so both are needed. */
export interface ResponseCacheLimits {
  maxEntries: number;
  /** Larger answers are not worth keeping: the cache is for the hot, small, repeated reads. */
  maxBodyCharacters: number;
  /** All bodies together (JSON text: about one byte per character). */
  maxTotalCharacters: number;
}

export const DEFAULT_RESPONSE_CACHE_LIMITS: ResponseCacheLimits = {
  maxEntries: 10_000,
  maxBodyCharacters: 256 * 1024,
  maxTotalCharacters: 32 * 1024 * 1024,
};
const INVALIDATIONS_CHANNEL = redisKey('response-cache-invalidations');

interface Entry {
  body: string;
  contentType: string;
}

/** What a request saw when it looked the cache up: where to store its answer, and since when. */
export interface Lookup {
  key: string;
  generation: number;
}

/**
 * Whole HTTP answers to read-only queries, per principal, operation, variables and Accept header,
 * served without running GraphQL at all. Correctness over reach: every change anywhere (a webhook,
 * a mutation, an invalidated link, on any instance) drops every entry, and an answer computed while
 * such a change happened is never stored. Answers with errors, stale or incomplete data are never
 * stored either (see the `responseOutcome` plugin). `invalidate` has one caller: the data cache's
 * change listener (data-changes.ts).
 */
export class ResponseCache {
  /** Counts changes: an answer computed under an older generation may hold data since changed. */
  private generation = 0;
  private readonly entries: LRUCache<string, Entry>;
  private publish: (() => void) | undefined;

  constructor(
    readonly ttlMs: number,
    now: () => number = Date.now,
    limits: ResponseCacheLimits = DEFAULT_RESPONSE_CACHE_LIMITS,
  ) {
    this.entries = new LRUCache<string, Entry>({
      max: limits.maxEntries,
      maxSize: limits.maxTotalCharacters,
      maxEntrySize: limits.maxBodyCharacters,
      sizeCalculation: (entry) => Math.max(1, entry.body.length),
      ...(ttlMs > 0 ? { ttl: ttlMs } : {}),
      // Read the clock on every look-up (the default caches it per millisecond behind a timer).
      ttlResolution: 0,
      perf: { now },
    });
  }

  /** Entries and body characters held now. */
  get size(): { entries: number; characters: number } {
    return { entries: this.entries.size, characters: this.entries.calculatedSize };
  }

  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  lookup(parts: readonly string[]): { hit: Entry | undefined; lookup: Lookup } {
    const key = createHash('sha256').update(parts.join('\u0000')).digest('base64url');
    return { hit: this.entries.get(key), lookup: { key, generation: this.generation } };
  }

  store(lookup: Lookup, body: string, contentType: string): void {
    if (lookup.generation !== this.generation) return;
    // lru-cache refuses a body over maxEntrySize by itself (and drops an older copy under the key).
    this.entries.set(lookup.key, { body, contentType });
  }

  /** Something changed: forget everything, here and (with Redis) on every other instance. */
  invalidate(): void {
    this.forget();
    this.publish?.();
  }

  /** Shares invalidations with the other instances over Redis. */
  connect(redis: RedisClients, logger: Logger): void {
    this.publish = () =>
      void redis.commands
        .publish(INVALIDATIONS_CHANNEL, '1')
        .catch((error: Error) =>
          logger.warn({ err: error.message }, 'response cache invalidation not shared'),
        );
    redis.subscriber.on('message', (channel: string) => {
      if (channel === INVALIDATIONS_CHANNEL) this.forget();
    });
    redis.subscriber
      .subscribe(INVALIDATIONS_CHANNEL)
      .catch((error: Error) =>
        logger.warn({ err: error.message }, 'response cache invalidations not received'),
      );
  }

  private forget(): void {
    this.generation += 1;
    this.entries.clear();
  }
}
