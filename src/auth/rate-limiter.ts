import { BoundedMap } from '../bounded-map.js';

const MAX_PRINCIPALS = 100_000;

/**
 * A token bucket per principal: `perMinute` operations, refilled continuously, bursts up to the
 * same number. In process: with many instances each allows `perMinute`, so the cluster-wide bound
 * is `perMinute` × instances.
 */
export class RateLimiter {
  private readonly buckets = new BoundedMap<string, { tokens: number; at: number }>(MAX_PRINCIPALS);

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one token; when none is left, answers how many seconds until one is. */
  take(principalId: string): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    const now = this.now();
    const ratePerMs = this.perMinute / 60_000;
    const bucket = this.buckets.get(principalId) ?? { tokens: this.perMinute, at: now };
    const tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * ratePerMs);
    if (tokens < 1) {
      this.buckets.set(principalId, { tokens, at: now });
      return { allowed: false, retryAfterSeconds: Math.ceil((1 - tokens) / ratePerMs / 1000) };
    }
    this.buckets.set(principalId, { tokens: tokens - 1, at: now });
    return { allowed: true };
  }
}
