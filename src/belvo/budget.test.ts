import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DatabaseConfig } from '../config.js';
import { openStore, type Store } from '../store/store.js';
import { dropTestDatabases, freshDatabaseUrl } from '../../test/support/database.js';
import { redisOfThisFile } from '../../test/support/redis-server.js';
import { UpstreamBudget } from './budget.js';
import { MemoryTokenStore, type BucketSpec, type TokenStore } from './token-store.js';
import { RedisTokenStore } from './budget-redis.js';

const BUCKET: BucketSpec = { name: 'requests', limit: 2, windowMs: 1_000 };

describe('the in-process token store', () => {
  it('gives a token back a window after its call ended, not after it started', async () => {
    let now = 0;
    const store = new MemoryTokenStore(() => now);
    expect(await store.take([BUCKET], 'a', 5_000)).toEqual({ granted: true });
    expect(await store.take([BUCKET], 'b', 5_000)).toEqual({ granted: true });
    // Both in flight: they count until their deadline (5 s) plus the window.
    expect(await store.take([BUCKET], 'c', 5_000)).toEqual({ granted: false, waitMs: 6_000 });
    now = 300;
    await store.finish([BUCKET], 'a');
    now = 1_200;
    expect(await store.take([BUCKET], 'c', 5_000)).toEqual({ granted: false, waitMs: 100 });
    now = 1_300;
    expect(await store.take([BUCKET], 'c', 5_000)).toEqual({ granted: true });
  });

  it('hands a cancelled token back at once, and holds every token during a pause', async () => {
    let now = 0;
    const store = new MemoryTokenStore(() => now);
    await store.take([BUCKET], 'a', 5_000);
    await store.take([BUCKET], 'b', 5_000);
    await store.cancel([BUCKET], 'b');
    await store.pause(2_000);
    expect(await store.take([BUCKET], 'c', 5_000)).toEqual({ granted: false, waitMs: 2_000 });
    now = 2_000;
    expect(await store.take([BUCKET], 'c', 5_000)).toEqual({ granted: true });
  });

  it('takes from every bucket of a call or from none', async () => {
    const store = new MemoryTokenStore(() => 0);
    const deletes: BucketSpec = { name: 'deletes', limit: 1, windowMs: 60_000 };
    expect(await store.take([deletes, BUCKET], 'd1', 1_000)).toEqual({ granted: true });
    expect(await store.take([deletes, BUCKET], 'd2', 1_000)).toMatchObject({ granted: false });
    // The refused delete took nothing from the shared request bucket.
    expect(await store.take([BUCKET], 'r', 1_000)).toEqual({ granted: true });
  });
});

describe('the upstream budget', () => {
  const limits = { requests: 1, windowMs: 60_000, deletes: 1, deleteWindowMs: 60_000, queueMax: 10 };

  it('refuses at once a caller whose turn would come after its deadline, with a retry-after', async () => {
    const budget = new UpstreamBudget(new MemoryTokenStore(), limits);
    const now = Date.now();
    (await budget.acquire('request', now + 1_000, now + 2_000)).finish();
    const refused = await budget
      .acquire('request', now + 1_000, now + 2_000)
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'BELVO_BUDGET_EXHAUSTED' });
    expect((refused as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(59_000);
    expect(budget.waiting).toEqual({ request: 0, delete: 0 });
  });

  it('leaves its reserve to people: pushes wait once they hold the rest, a person is served at once', async () => {
    const budget = new UpstreamBudget(new MemoryTokenStore(), {
      ...limits,
      requests: 10,
      interactiveReservePercent: 20,
    });
    const far = Date.now() + 600_000;
    const soon = Date.now() + 1_000;
    for (let i = 0; i < 8; i++) await budget.acquire('request', far, soon, { priority: 'push' });
    const ninthPush = budget.acquire('request', far, soon, { priority: 'push' });
    await vi.waitFor(() => expect(budget.waiting.request).toBe(1));
    // The two reserved tokens are a person's.
    await budget.acquire('request', far, soon, { priority: 'interactive' });
    await budget.acquire('request', far, soon, { priority: 'interactive' });
    expect(budget.waiting.request).toBe(1);
    budget.close();
    await expect(ninthPush).rejects.toMatchObject({ code: 'BELVO_BUDGET_EXHAUSTED' });
  });

  it('serves a waiting caller as soon as a token is cancelled', async () => {
    const budget = new UpstreamBudget(new MemoryTokenStore(), limits);
    const far = Date.now() + 600_000;
    const first = await budget.acquire('request', far, Date.now() + 1_000);
    const second = budget.acquire('request', far, far);
    await vi.waitFor(() => expect(budget.waiting.request).toBe(1));
    first.cancel();
    await expect(second).resolves.toBeDefined();
  });
});

const ownRedis = redisOfThisFile();

/** One PostgreSQL database for the file, opened on first use (with the migrations). */
let database: Promise<Store> | undefined;
afterAll(async () => {
  await (await database)?.close();
  await dropTestDatabases();
});

/* The same contract over every store (the shared ones run on their server's clock, so no clock is injected). */
describe.each([
  ['in process', () => ({ store: new MemoryTokenStore() as TokenStore, close: () => {} })],
  [
    'in Redis',
    () => {
      const redis = new Redis(ownRedis.url());
      // An account of its own: no other test shares these buckets.
      return {
        store: new RedisTokenStore(redis, `contract-${randomUUID()}`) as TokenStore,
        close: () => redis.disconnect(),
      };
    },
  ],
  [
    'in PostgreSQL',
    async () => {
      database ??= freshDatabaseUrl().then((url) =>
        openStore({ kind: 'postgres', url, poolSize: 2 } as DatabaseConfig),
      );
      const store = (await database).budgetTokens(`contract-${randomUUID()}`)!;
      return { store, close: () => {} };
    },
  ],
])(
  'the token store %s',
  (
    _,
    open: () => { store: TokenStore; close: () => void } | Promise<{ store: TokenStore; close: () => void }>,
  ) => {
    let store: TokenStore;
    let close: () => void;
    beforeEach(async () => ({ store, close } = await open()));
    afterEach(() => close());

    it('grants up to the limit, then says how long until a token frees', async () => {
      expect(await store.take([BUCKET], 'a', 500)).toEqual({ granted: true });
      expect(await store.take([BUCKET], 'b', 500)).toEqual({ granted: true });
      const refused = await store.take([BUCKET], 'c', 500);
      expect(refused.granted).toBe(false);
      // In flight, a token counts until its call's deadline plus the window.
      const waitMs = (refused as { waitMs: number }).waitMs;
      expect(waitMs).toBeGreaterThan(1_000);
      expect(waitMs).toBeLessThanOrEqual(1_500);
    });

    it('returns a finished call’s token one window after it ended, a cancelled one at once', async () => {
      await store.take([BUCKET], 'a', 60_000);
      await store.take([BUCKET], 'b', 60_000);
      await store.finish([BUCKET], 'a');
      const refused = (await store.take([BUCKET], 'c', 500)) as { granted: false; waitMs: number };
      expect(refused.waitMs).toBeLessThanOrEqual(1_000);
      await store.cancel([BUCKET], 'b');
      expect(await store.take([BUCKET], 'c', 500)).toEqual({ granted: true });
    });

    it('takes from every bucket of a call or from none, and holds all during a pause', async () => {
      const deletes: BucketSpec = { name: 'deletes', limit: 1, windowMs: 60_000 };
      expect(await store.take([deletes, BUCKET], 'd1', 1_000)).toEqual({ granted: true });
      expect(await store.take([deletes, BUCKET], 'd2', 1_000)).toMatchObject({ granted: false });
      expect(await store.take([BUCKET], 'r', 1_000)).toEqual({ granted: true });
      await store.cancel([BUCKET], 'r');
      await store.pause(30_000);
      const paused = (await store.take([BUCKET], 'p', 1_000)) as { granted: false; waitMs: number };
      expect(paused.granted).toBe(false);
      expect(paused.waitMs).toBeGreaterThan(29_000);
    });
  },
);
