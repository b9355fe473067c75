import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../observability/logger.js';
import { cacheKeys, createCache, type UpstreamCache } from './cache.js';
import { ValueCipher } from '../security/cipher.js';
import { redisOfThisFile } from '../../test/support/redis-server.js';

const redis = redisOfThisFile();
const CIPHER = new ValueCipher(randomBytes(32));

describe.each([
  ['memory', {}],
  ['redis', redis.env],
])('the %s cache', (_, env: { REDIS_URL?: string }) => {
  let cache: UpstreamCache;
  beforeAll(async () => {
    cache = createCache({ redisUrl: env.REDIS_URL, ttlMs: 60_000, cipher: CIPHER, logger: silentLogger() });
    // Connected before the contract runs: a cache still connecting answers misses, by design.
    const probe = cacheKeys.link(randomUUID());
    await vi.waitFor(async () => {
      await cache.setMany([{ key: probe, value: { ok: true } }]);
      expect(await cache.getMany([probe])).toEqual([{ ok: true }]);
    }, 10_000);
  });
  afterAll(() => cache.close());

  it('returns what was set, in key order, with misses as undefined', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    await cache.setMany([{ key: cacheKeys.link(a), value: { id: a, n: 1 } }]);
    expect(await cache.getMany([cacheKeys.link(b), cacheKeys.link(a)])).toEqual([undefined, { id: a, n: 1 }]);
  });

  it('invalidates everything cached for one link, and nothing of another', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const entries = [a, b].flatMap((id) => [
      { key: cacheKeys.link(id), value: { id } },
      { key: cacheKeys.employments(id), value: [{ id: 'e' }] },
      { key: cacheKeys.owners(id), value: [{ id: 'o' }] },
    ]);
    await cache.setMany(entries);
    await cache.invalidateLink(a);
    const keysOf = (id: string) => [cacheKeys.link(id), cacheKeys.employments(id), cacheKeys.owners(id)];
    expect(await cache.getMany(keysOf(a))).toEqual([undefined, undefined, undefined]);
    expect((await cache.getMany(keysOf(b))).every((value) => value !== undefined)).toBe(true);
  });

  it('expires entries after the TTL', async () => {
    let now = Date.now();
    const short = createCache({
      redisUrl: env.REDIS_URL,
      ttlMs: 60_000,
      cipher: CIPHER,
      logger: silentLogger(),
      now: () => now,
    });
    try {
      const key = cacheKeys.link(randomUUID());
      await short.setMany([{ key, value: 1 }]);
      now += 59_999;
      expect(await short.getMany([key])).toEqual([1]);
      now += 2;
      expect(await short.getMany([key])).toEqual([undefined]);
    } finally {
      await short.close();
    }
  });

  it('counts hits and misses', async () => {
    const before = { ...cache.stats };
    const key = cacheKeys.owners(randomUUID());
    await cache.getMany([key]);
    await cache.setMany([{ key, value: [] }]);
    await cache.getMany([key]);
    expect(cache.stats.misses - before.misses).toBe(1);
    expect(cache.stats.hits - before.hits).toBe(1);
  });
});

describe('the memory cache at its bound', () => {
  it('forgets the least recently read entry, not the first one stored', async () => {
    const small = createCache({ ttlMs: 60_000, logger: silentLogger(), memoryMaxEntries: 2 });
    try {
      const [hot, cold, next] = [randomUUID(), randomUUID(), randomUUID()].map(cacheKeys.link);
      await small.setMany([{ key: hot!, value: 'hot' }]);
      await small.setMany([{ key: cold!, value: 'cold' }]);
      await small.getMany([hot!]);
      await small.setMany([{ key: next!, value: 'next' }]);
      expect(await small.getMany([hot!, cold!, next!])).toEqual(['hot', undefined, 'next']);
    } finally {
      await small.close();
    }
  });
});

describe('a cache that fails', () => {
  it('degrades to misses when Redis is unreachable, without throwing', async () => {
    const broken = createCache({
      redisUrl: 'redis://127.0.0.1:1',
      ttlMs: 60_000,
      cipher: CIPHER,
      logger: silentLogger(),
    });
    try {
      const key = cacheKeys.link(randomUUID());
      await expect(broken.setMany([{ key, value: 1 }])).resolves.toBeUndefined();
      await expect(broken.getMany([key])).resolves.toEqual([undefined]);
      await expect(broken.invalidateLink(randomUUID())).resolves.toBeUndefined();
      expect(broken.stats.errors).toBeGreaterThan(0);
    } finally {
      await broken.close();
    }
  });
});
