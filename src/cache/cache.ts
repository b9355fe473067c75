import KeyvRedis from '@keyv/redis';
import { Keyv } from 'keyv';
import { BoundedMap } from '../bounded-map.js';
import type { Logger } from '../logger.js';

/** Cache keys hold Belvo ids only — never a cédula, a name or anything else personal. */
export const cacheKeys = {
  link: (linkId: string) => `link:${linkId}`,
  employments: (linkId: string) => `employments:${linkId}`,
  owners: (linkId: string) => `owners:${linkId}`,
};

const KEY_PREFIX = 'beg:v1:';
const OPERATION_TIMEOUT_MS = 250;
const MEMORY_MAX_ENTRIES = 50_000;

export interface CacheStats {
  hits: number;
  misses: number;
  errors: number;
}

/**
 * Upstream reads cached across requests (keyv: memory, or Redis when configured). Every failure
 * or slow answer of the store degrades to a miss: the cache can make the gateway faster, never
 * make it fail.
 */
export class UpstreamCache {
  readonly stats: CacheStats = { hits: 0, misses: 0, errors: 0 };

  constructor(
    private readonly keyv: Keyv,
    readonly backend: 'memory' | 'redis',
    private readonly ttlMs: number,
    private readonly logger: Logger,
  ) {
    keyv.on('error', (error: unknown) => this.failed('store error', error));
  }

  async getMany<T>(keys: string[]): Promise<Array<T | undefined>> {
    if (keys.length === 0 || this.ttlMs === 0) return keys.map(() => undefined);
    const values = await this.guard(() => this.keyv.getMany<T>(keys.map(prefixed)), 'getMany');
    const result = keys.map((_, index) => (values?.[index] ?? undefined) as T | undefined);
    for (const value of result) {
      if (value === undefined) this.stats.misses++;
      else this.stats.hits++;
    }
    return result;
  }

  async setMany(entries: Array<{ key: string; value: unknown }>): Promise<void> {
    if (entries.length === 0 || this.ttlMs === 0) return;
    await this.guard(
      () =>
        this.keyv.setMany(entries.map(({ key, value }) => ({ key: prefixed(key), value, ttl: this.ttlMs }))),
      'setMany',
    );
  }

  async deleteMany(keys: string[]): Promise<void> {
    await this.guard(() => this.keyv.deleteMany(keys.map(prefixed)), 'deleteMany');
  }

  /** Drops everything cached for a link; the webhook route calls this when Belvo has news. */
  invalidateLink(linkId: string): Promise<void> {
    return this.deleteMany([cacheKeys.link(linkId), cacheKeys.employments(linkId), cacheKeys.owners(linkId)]);
  }

  async close(): Promise<void> {
    await this.guard(() => this.keyv.disconnect(), 'disconnect');
  }

  private async guard<T>(operation: () => Promise<T>, name: string): Promise<T | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => {
        this.failed(`${name} timed out`);
        resolve(undefined);
      }, OPERATION_TIMEOUT_MS);
    });
    try {
      return await Promise.race([operation(), timeout]);
    } catch (error) {
      this.failed(`${name} failed`, error);
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  private failed(what: string, error?: unknown): void {
    this.stats.errors++;
    this.logger.warn(
      { backend: this.backend, err: error instanceof Error ? error.message : undefined },
      `cache ${what}`,
    );
  }
}

export function createCache(options: { redisUrl?: string; ttlMs: number; logger: Logger }): UpstreamCache {
  if (!options.redisUrl) {
    return new UpstreamCache(
      new Keyv({ store: new BoundedMap(MEMORY_MAX_ENTRIES) }),
      'memory',
      options.ttlMs,
      options.logger,
    );
  }
  const store = new KeyvRedis(
    { url: options.redisUrl, disableOfflineQueue: true, socket: { connectTimeout: 1_000 } },
    { throwOnConnectError: false, throwOnErrors: false, connectionTimeout: 1_000 },
  );
  return new UpstreamCache(new Keyv({ store, useKeyPrefix: false }), 'redis', options.ttlMs, options.logger);
}

const prefixed = (key: string) => `${KEY_PREFIX}${key}`;
