import { describe, expect, it } from 'vitest';
import { MemoryTokenStore, UpstreamBudget, type BucketSpec } from './budget.js';

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

  it('serves a waiting caller as soon as a token is cancelled', async () => {
    const budget = new UpstreamBudget(new MemoryTokenStore(), limits);
    const far = Date.now() + 600_000;
    const first = await budget.acquire('request', far, Date.now() + 1_000);
    const second = budget.acquire('request', far, far);
    expect(budget.waiting.request).toBe(1);
    first.cancel();
    await expect(second).resolves.toBeDefined();
  });
});
