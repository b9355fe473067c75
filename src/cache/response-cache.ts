import { createHash } from 'node:crypto';
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
 * stored either (see the `responseOutcome` plugin). `invalidate` has one caller: the data cache's
 * change listener (data-changes.ts).
 */
export class ResponseCache {
  private generation = 0;
  /** Oldest first (a Map keeps insertion order), so eviction takes from the front. */
  private readonly entries = new Map<string, Entry>();
  private characters = 0;
  private publish: (() => void) | undefined;

  constructor(
    readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly limits: ResponseCacheLimits = DEFAULT_RESPONSE_CACHE_LIMITS,
  ) {}

  /** Entries and body characters held now. */
  get size(): { entries: number; characters: number } {
    return { entries: this.entries.size, characters: this.characters };
  }

  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  lookup(parts: readonly string[]): { hit: Entry | undefined; lookup: Lookup } {
    const key = createHash('sha256').update(parts.join('\u0000')).digest('base64url');
    let entry = this.entries.get(key);
    if (entry && (entry.generation !== this.generation || entry.expiresAt <= this.now())) {
      this.remove(key, entry);
      entry = undefined;
    }
    return { hit: entry, lookup: { key, generation: this.generation } };
  }

  store(lookup: Lookup, body: string, contentType: string): void {
    if (lookup.generation !== this.generation || body.length > this.limits.maxBodyCharacters) return;
    const previous = this.entries.get(lookup.key);
    if (previous) this.remove(lookup.key, previous);
    this.entries.set(lookup.key, {
      body,
      contentType,
      generation: lookup.generation,
      expiresAt: this.now() + this.ttlMs,
    });
    this.characters += body.length;
    for (const [key, oldest] of this.entries) {
      if (this.entries.size <= this.limits.maxEntries && this.characters <= this.limits.maxTotalCharacters)
        break;
      this.remove(key, oldest);
    }
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
    this.characters = 0;
  }

  private remove(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.characters -= entry.body.length;
  }
}
