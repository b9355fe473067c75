/*
 * Where the upstream budget counts its tokens (budget.ts says what a token is). One bucket is a
 * sliding log: each token is kept with the moment its call ended (or, in flight, the latest it can
 * end) and frees `windowMs` after that. The in-process store below and the Redis one
 * (budget-redis.ts) do the same arithmetic; one contract suite runs over both.
 */

export interface BucketSpec {
  name: string;
  limit: number;
  windowMs: number;
}

export type TakeAnswer = { granted: true } | { granted: false; waitMs: number };

/** Where tokens are counted: in process, or in Redis for all instances together. */
export interface TokenStore {
  /** Takes a token from every bucket, or none; refused, it says when the next one frees. */
  take(buckets: readonly BucketSpec[], tokenId: string, holdMs: number): Promise<TakeAnswer>;
  /** The call ended: its token returns `windowMs` from now. */
  finish(buckets: readonly BucketSpec[], tokenId: string): Promise<void>;
  /** The call was never sent: its token returns now. */
  cancel(buckets: readonly BucketSpec[], tokenId: string): Promise<void>;
  /** Nobody takes a token for `ms` (Belvo's Retry-After). */
  pause(ms: number): Promise<void>;
}

/** Tokens of one process, with an injectable clock. */
export class MemoryTokenStore implements TokenStore {
  /** Per bucket: token id → when its call ended (in flight: the latest it can end); + window = free. */
  private readonly buckets = new Map<string, Map<string, number>>();
  private pausedUntil = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async take(buckets: readonly BucketSpec[], tokenId: string, holdMs: number): Promise<TakeAnswer> {
    const now = this.now();
    if (this.pausedUntil > now) return { granted: false, waitMs: this.pausedUntil - now };
    let waitMs = -1;
    for (const spec of buckets) {
      const scores = this.bucket(spec.name);
      for (const [id, score] of scores) if (score <= now - spec.windowMs) scores.delete(id);
      if (scores.size >= spec.limit) {
        const sorted = [...scores.values()].sort((a, b) => a - b);
        const frees = (sorted[scores.size - spec.limit] as number) + spec.windowMs - now;
        waitMs = Math.max(waitMs, frees);
      }
    }
    if (waitMs >= 0) return { granted: false, waitMs: Math.max(1, waitMs) };
    for (const spec of buckets) this.bucket(spec.name).set(tokenId, now + holdMs);
    return { granted: true };
  }

  async finish(buckets: readonly BucketSpec[], tokenId: string): Promise<void> {
    for (const spec of buckets) {
      const scores = this.bucket(spec.name);
      if (scores.has(tokenId)) scores.set(tokenId, this.now());
    }
  }

  async cancel(buckets: readonly BucketSpec[], tokenId: string): Promise<void> {
    for (const spec of buckets) this.bucket(spec.name).delete(tokenId);
  }

  async pause(ms: number): Promise<void> {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }

  private bucket(name: string): Map<string, number> {
    let scores = this.buckets.get(name);
    if (!scores) this.buckets.set(name, (scores = new Map()));
    return scores;
  }
}
