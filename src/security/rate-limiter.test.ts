import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter.js';

describe('the rate limiter', () => {
  it('refuses a key that spent its tokens until one refills, and says when', () => {
    let now = 0;
    const limiter = new RateLimiter(2, () => now);
    expect(limiter.take('a')).toEqual({ allowed: true });
    expect(limiter.take('a')).toEqual({ allowed: true });
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 30 });
    now = 30_000;
    expect(limiter.take('a')).toEqual({ allowed: true });
  });

  it('forgets the least recently used key beyond its bound, not the oldest one', () => {
    const limiter = new RateLimiter(1, () => 0, 2);
    limiter.take('busy');
    limiter.take('quiet');
    // 'busy' was seen first but is seen again: 'quiet' is the one to forget for a third key.
    expect(limiter.take('busy').allowed).toBe(false);
    limiter.take('third');
    expect(limiter.take('busy').allowed).toBe(false);
    expect(limiter.take('quiet').allowed).toBe(true);
  });
});
