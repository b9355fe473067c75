import { LRUCache } from 'lru-cache';

const MAX_KEYS = 100_000;

export type Verdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * A token bucket per key (a principal, a source address): `perMinute` tokens, refilled
 * continuously, bursts up to the same number. In process: with many instances each allows
 * `perMinute`, so the cluster-wide bound is `perMinute` × instances. The least recently seen keys
 * are forgotten beyond 100,000 (`maxKeys`), which only ever hands a forgotten key a full bucket again.
 */
export class RateLimiter {
  private readonly buckets: LRUCache<string, { tokens: number; at: number }>;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
    maxKeys = MAX_KEYS,
  ) {
    this.buckets = new LRUCache({ max: maxKeys });
  }

  /** Takes one token; when none is left, answers how many seconds until one is. */
  take(key: string): Verdict {
    const now = this.now();
    const ratePerMs = this.perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    const tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * ratePerMs);
    if (tokens < 1) {
      this.buckets.set(key, { tokens, at: now });
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / ratePerMs / 1000)) };
    }
    this.buckets.set(key, { tokens: tokens - 1, at: now });
    return { allowed: true };
  }
}
