import KeyvRedis from '@keyv/redis';
import { RepeatedErrors } from '../observability/repeated-errors.js';
import { Keyv } from 'keyv';
import type { ValueCipher } from '../security/cipher.js';
import type { Logger } from '../observability/logger.js';
import { settleWithin } from '../kit/settle-within.js';
import { redisKey } from '../kit/redis-namespace.js';
import { SingleFlight } from './single-flight.js';
import { lruStore } from './lru-store.js';

/** Cache keys hold Belvo ids only — never a cédula, a name or anything else personal. */
export const cacheKeys = {
  link: (linkId: string) => `link:${linkId}`,
  employments: (linkId: string) => `employments:${linkId}`,
  owners: (linkId: string) => `owners:${linkId}`,
};

/** What is cached per link: the link itself and its two data resources. */
export type CachedResource = keyof typeof cacheKeys;
export const CACHED_RESOURCES: readonly CachedResource[] = ['link', 'employments', 'owners'];

const OPERATION_TIMEOUT_MS = 250;
const MEMORY_MAX_ENTRIES = 50_000;

export interface CacheStats {
  hits: number;
  misses: number;
  errors: number;
}

export interface CachedEntry<T> {
  value: T;
  /** False past the TTL: only served, flagged stale, while Belvo is down. */
  fresh: boolean;
}

/** What is stored: the value (sealed when it leaves the process) and when it stops being fresh. */
interface Stored {
  v: unknown;
  f: number;
}

export interface UpstreamCacheOptions {
  keyv: Keyv;
  /** Failures repeat per request while the store is down: the first is logged, then a summary this often. */
  errorSummaryIntervalMs?: number;
  backend: 'memory' | 'redis';
  ttlMs: number;
  /** How long an entry is kept past its TTL, for stale service during Belvo outages. */
  staleTtlMs?: number;
  logger: Logger;
  /** Seals values in the store (Redis). */
  cipher?: ValueCipher;
  now?: () => number;
}

/**
 * Upstream reads cached across requests (keyv: memory, or Redis when configured). Every failure
 * or slow answer of the store degrades to a miss: the cache can make the gateway faster, never
 * make it fail.
 */
export class UpstreamCache {
  readonly stats: CacheStats = { hits: 0, misses: 0, errors: 0 };
  /** Fills of this cache under way in this instance, shared by concurrent identical reads. */
  readonly flights: SingleFlight;
  private readonly changeListeners: Array<() => void> = [];
  readonly backend: 'memory' | 'redis';
  private readonly keyv: Keyv;
  private readonly ttlMs: number;
  private readonly staleTtlMs: number;
  private readonly cipher: ValueCipher | undefined;
  private readonly now: () => number;
  private readonly errors: RepeatedErrors;

  constructor(options: UpstreamCacheOptions) {
    this.keyv = options.keyv;
    this.backend = options.backend;
    this.ttlMs = options.ttlMs;
    this.staleTtlMs = options.staleTtlMs ?? 0;
    this.cipher = options.cipher;
    this.now = options.now ?? Date.now;
    // A second at most, and never longer than a cached value would be fresh.
    this.flights = new SingleFlight(Math.min(1_000, this.ttlMs));
    this.errors = new RepeatedErrors(options.logger, {
      subject: `${options.backend} cache`,
      summaryIntervalMs: options.errorSummaryIntervalMs ?? 60_000,
    });
    this.keyv.on('error', (error: unknown) => this.failed('store error', error));
  }

  /** Fresh values only; a stale or absent entry is undefined. */
  async getMany<T>(keys: string[]): Promise<Array<T | undefined>> {
    return (await this.getEntries<T>(keys)).map((entry) => (entry?.fresh ? entry.value : undefined));
  }

  /** Entries, fresh or stale. A fresh one counts as a hit, anything else as a miss. */
  async getEntries<T>(keys: string[]): Promise<Array<CachedEntry<T> | undefined>> {
    if (keys.length === 0 || this.ttlMs === 0) return keys.map(() => undefined);
    const stored = await this.guard(() => this.keyv.getMany<Stored>(keys.map(redisKey)), 'getMany');
    const now = this.now();
    return keys.map((key, index) => {
      const entry = this.unpack<T>(key, stored?.[index], now);
      if (entry?.fresh) this.stats.hits++;
      else this.stats.misses++;
      return entry;
    });
  }

  async setMany(entries: Array<{ key: string; value: unknown }>): Promise<void> {
    if (entries.length === 0 || this.ttlMs === 0) return;
    const freshUntil = this.now() + this.ttlMs;
    await this.guard(
      () =>
        this.keyv.setMany(
          entries.map(({ key, value }) => ({
            key: redisKey(key),
            value: { v: this.cipher ? this.cipher.seal(key, value) : value, f: freshUntil } satisfies Stored,
            ttl: this.ttlMs + this.staleTtlMs,
          })),
        ),
      'setMany',
    );
  }

  private unpack<T>(key: string, stored: Stored | undefined | null, now: number): CachedEntry<T> | undefined {
    if (!stored || typeof stored !== 'object' || typeof stored.f !== 'number') return undefined;
    try {
      const value = (this.cipher ? this.cipher.open(key, stored.v) : stored.v) as T;
      return { value, fresh: now < stored.f };
    } catch (error) {
      this.failed('value could not be opened', error);
      return undefined;
    }
  }

  async deleteMany(keys: string[]): Promise<void> {
    await this.guard(() => this.keyv.deleteMany(keys.map(redisKey)), 'deleteMany');
  }

  /** Drops what is cached of a link's `resources`. Callers go through `dataChanged` (data-changes.ts). */
  invalidateLink(linkId: string, resources: readonly CachedResource[] = CACHED_RESOURCES): Promise<void> {
    const keys = resources.map((resource) => cacheKeys[resource](linkId));
    // A read that started before the news must not be joined by one that starts after it.
    this.flights.forget(keys);
    return this.deleteMany(keys);
  }

  /** Calls `listener` after every change to Belvo data (see data-changes.ts): the response cache follows. */
  onChange(listener: () => void): void {
    this.changeListeners.push(listener);
  }

  /** Tells the listeners that data changed; `dataChanged` calls it once the cached copies are gone. */
  changed(): void {
    for (const listener of this.changeListeners) listener();
  }

  async close(): Promise<void> {
    this.errors.close();
    await this.guard(() => this.keyv.disconnect(), 'disconnect');
  }

  private async guard<T>(operation: () => Promise<T>, name: string): Promise<T | undefined> {
    try {
      return await settleWithin(operation(), OPERATION_TIMEOUT_MS, () => {
        this.failed(`${name} timed out`);
        return undefined;
      });
    } catch (error) {
      this.failed(`${name} failed`, error);
      return undefined;
    }
  }

  private failed(what: string, error?: unknown): void {
    this.stats.errors++;
    this.errors.failed(what, error);
  }
}

export function createCache(options: {
  redisUrl?: string;
  ttlMs: number;
  staleTtlMs?: number;
  /** Seals values in Redis; required with `redisUrl`. */
  cipher?: ValueCipher;
  logger: Logger;
  errorSummaryIntervalMs?: number;
  /** In process only: entries kept beyond this are the least recently used ones forgotten. */
  memoryMaxEntries?: number;
  /** The clock freshness is judged by (tests step it). */
  now?: () => number;
}): UpstreamCache {
  const common = {
    now: options.now,
    ttlMs: options.ttlMs,
    staleTtlMs: options.staleTtlMs,
    logger: options.logger,
    errorSummaryIntervalMs: options.errorSummaryIntervalMs,
  };
  if (!options.redisUrl) {
    return new UpstreamCache({
      ...common,
      // In process there is nothing to serialize for: values are kept as they are (callers only
      // read them), which saves a JSON round trip on every hit.
      keyv: new Keyv({
        store: lruStore(options.memoryMaxEntries ?? MEMORY_MAX_ENTRIES),
        serialize: undefined,
        deserialize: undefined,
      }),
      backend: 'memory',
    });
  }
  if (!options.cipher) throw new Error('A Redis cache needs a cipher');
  const store = new KeyvRedis(
    { url: options.redisUrl, disableOfflineQueue: true, socket: { connectTimeout: 1_000 } },
    { throwOnConnectError: false, throwOnErrors: false, connectionTimeout: 1_000 },
  );
  return new UpstreamCache({
    ...common,
    keyv: new Keyv({ store, useKeyPrefix: false }),
    backend: 'redis',
    cipher: options.cipher,
  });
}
