/**
 * Belvo's documented limits as the simulator enforces them: about 80 requests per 30 s per client,
 * and more than 5 synchronous deletes per minute → 429. A sliding window (the strictest reading of
 * "per 30 s"), so a client that passes here passes whatever window Belvo really uses. Refused
 * requests do not count, and Retry-After says when the oldest counted request leaves the window.
 */
export interface RateLimitOptions {
  /** Requests per window; 0 turns the limit off. */
  requests: number;
  windowMs: number;
  /** Synchronous deletes per window; 0 turns the limit off. */
  deletes: number;
  deleteWindowMs: number;
}

/** Belvo's own numbers. */
export const BELVO_RATE_LIMITS: RateLimitOptions = {
  requests: 80,
  windowMs: 30_000,
  deletes: 5,
  deleteWindowMs: 60_000,
};

class SlidingWindow {
  private readonly times: number[] = [];

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Milliseconds until a request would be allowed; 0 when it is now. */
  waitMs(now: number): number {
    if (this.limit <= 0) return 0;
    while (this.times.length > 0 && (this.times[0] as number) <= now - this.windowMs) this.times.shift();
    if (this.times.length < this.limit) return 0;
    return (this.times[this.times.length - this.limit] as number) + this.windowMs - now;
  }

  record(now: number): void {
    if (this.limit > 0) this.times.push(now);
  }
}

export class RateLimits {
  private readonly requests: SlidingWindow;
  private readonly deletes: SlidingWindow;

  constructor(
    options: RateLimitOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.requests = new SlidingWindow(options.requests, options.windowMs);
    this.deletes = new SlidingWindow(options.deletes, options.deleteWindowMs);
  }

  /** Counts the request, or answers how many seconds to wait (the Retry-After) without counting it. */
  admit(syncDelete: boolean): number | undefined {
    const now = this.now();
    const waitMs = Math.max(this.requests.waitMs(now), syncDelete ? this.deletes.waitMs(now) : 0);
    if (waitMs > 0) return Math.max(1, Math.ceil(waitMs / 1000));
    this.requests.record(now);
    if (syncDelete) this.deletes.record(now);
    return undefined;
  }
}
