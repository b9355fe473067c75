import { createHash } from 'node:crypto';
import { BoundedMap } from '../bounded-map.js';
import type { Logger } from '../logger.js';
import type { RedisClients } from '../redis-clients.js';

const MAX_ENTRIES = 10_000;
/** Larger answers are not worth keeping: the cache is for the hot, small, repeated reads. */
export const MAX_CACHED_BODY_BYTES = 256 * 1024;
const INVALIDATIONS_CHANNEL = 'beg:v1:response-cache-invalidations';

interface Entry {
  body: string;
  contentType: string;
  generation: number;
  expiresAt: number;
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
 * stored either (see the `responseCacheability` plugin).
 */
export class ResponseCache {
  private generation = 0;
  private readonly entries = new BoundedMap<string, Entry>(MAX_ENTRIES);
  private publish: (() => void) | undefined;

  constructor(
    readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  lookup(parts: readonly string[]): { hit: Entry | undefined; lookup: Lookup } {
    const key = createHash('sha256').update(parts.join('\u0000')).digest('base64url');
    const entry = this.entries.get(key);
    const fresh = entry && entry.generation === this.generation && entry.expiresAt > this.now();
    return { hit: fresh ? entry : undefined, lookup: { key, generation: this.generation } };
  }

  store(lookup: Lookup, body: string, contentType: string): void {
    if (lookup.generation !== this.generation || body.length > MAX_CACHED_BODY_BYTES) return;
    this.entries.set(lookup.key, {
      body,
      contentType,
      generation: lookup.generation,
      expiresAt: this.now() + this.ttlMs,
    });
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
