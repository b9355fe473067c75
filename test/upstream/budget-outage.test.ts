import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Token } from '../../src/belvo/budget.js';
import { startGateway, type Gateway } from '../support/gateway.js';
import { privateRedis, type PrivateRedis } from '../support/redis-server.js';
import { eventually } from '../support/sandbox.js';

const LIMIT = 4;
const SHARED = 'shared Belvo budget (counting in process meanwhile)';

/**
 * What docs/upstream-budget.md promises when the Redis that holds the shared budget fails: each
 * instance counts on its own meanwhile (its whole limit, and no more), the failure is logged once and
 * then summarised, and the budget is shared again once Redis is back. The test takes tokens from the
 * gateway's own budget (the real wiring: Redis store, in-process fallback, error log) and counts them.
 */
describe('the shared upstream budget while its Redis is down', () => {
  let redis: PrivateRedis;
  let gateway: Gateway;
  let observer: Redis;

  beforeAll(async () => {
    redis = await privateRedis();
    gateway = await startGateway({
      REDIS_URL: redis.url,
      BELVO_BUDGET_REQUESTS: String(LIMIT),
      BELVO_BUDGET_WINDOW_MS: '600000', // no token comes back during the test
      BELVO_BUDGET_QUEUE_MAX: '0', // a caller without a token is refused at once: counted, not timed
      LOG_REPEAT_SUMMARY_MS: '500',
      SANDBOX_EXTRACTION_DELAY_MS: '600000', // no webhook, so no read spends the budget meanwhile
    });
    observer = new Redis({ port: redis.port, lazyConnect: true, maxRetriesPerRequest: 0 });
    observer.on('error', () => {}); // down during the outage, on purpose
  });
  afterAll(async () => {
    observer.disconnect();
    await gateway.stop();
    await redis.stop();
  });

  /** Tokens counted in Redis for the requests bucket. */
  const tokensInRedis = async () => {
    const [key] = await observer.keys('*budget:*:requests');
    return key ? observer.zcard(key) : 0;
  };
  /** Asks for `count` tokens one after the other: those granted, and how many were refused. */
  const take = async (count: number) => {
    const budget = gateway.app.belvo.http.budget!;
    const granted: Token[] = [];
    let refused = 0;
    for (let i = 0; i < count; i++) {
      const deadline = Date.now() + 60_000;
      try {
        granted.push(await budget.acquire('request', deadline, deadline));
      } catch (error) {
        expect(error).toMatchObject({ code: 'BELVO_BUDGET_EXHAUSTED' });
        refused += 1;
      }
    }
    return { granted, refused };
  };
  /** Log lines whose message starts with `start`. */
  const logged = (start: string) =>
    gateway.logLines.filter((line) => (JSON.parse(line) as { msg?: string }).msg?.startsWith(start)).length;

  it('counts in process meanwhile, up to the whole limit; logs once, then summaries; shares again once Redis is back, and says so', async () => {
    await observer.connect();
    const before = await take(2);
    expect(before.granted).toHaveLength(2);
    expect(await tokensInRedis()).toBe(2);
    for (const token of before.granted) token.finish();

    await redis.stop();
    // Belvo's calls go on: the instance holds the whole limit on its own, and no more.
    const during = await take(LIMIT + 2);
    expect(during.granted).toHaveLength(LIMIT);
    expect(during.refused).toBe(2);
    for (const token of during.granted) token.finish();
    // Every take and finish failed in Redis: one line for the streak, then summaries.
    expect(logged(`${SHARED} failing;`)).toBe(1);
    await eventually(() => logged(`${SHARED} still failing`) >= 1);
    expect(logged(`${SHARED} failing;`)).toBe(1);

    await redis.start(); // empty, as after a restart without persistence
    // The instance's own tokens of the outage are all held, so a grant now can only come from Redis.
    const after = await eventually(async () => {
      const taken = await take(1);
      return taken.granted.length === 1 && taken;
    }, 10_000);
    await eventually(() => observer.status === 'ready');
    expect(await tokensInRedis()).toBe(1);
    for (const token of after.granted) token.finish();
    // The streak ends with one line, so the next outage is logged as a new one.
    await eventually(() => logged(`${SHARED} restored`) === 1);
  }, 30_000);
});
