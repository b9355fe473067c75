import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BelvoSandbox } from '../../src/sandbox/server.js';
import { LinkStatusDocument } from '../generated/graphql.js';
import { apiKeyEntry, encryptionKey, randomKey } from '../support/auth.js';
import { startGateway, type Gateway, type GraphqlResult } from '../support/gateway.js';
import { startSandbox } from '../support/sandbox.js';
import { freshDatabaseUrl } from '../support/database.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/*
 * Belvo's "80 requests per 30 s" scaled down to 8 per second on both sides, so a test covers
 * several windows in a few seconds. Nothing is timed: requests are counted at the simulator.
 */
const LIMIT = { requests: 8, windowMs: 1_000, deletes: 5, deleteWindowMs: 60_000 };
const BUDGET = {
  BELVO_BUDGET_REQUESTS: String(LIMIT.requests),
  BELVO_BUDGET_WINDOW_MS: String(LIMIT.windowMs),
  // The reserve kept for the call itself is a quarter of this: 1.25 s, enough for a loaded machine.
  BELVO_TIMEOUT_MS: '5000',
  CACHE_TTL_MS: '0',
  RATE_LIMIT_PER_MINUTE: '100000',
  RESPONSE_CACHE_TTL_MS: '0',
};

function createLinks(sandbox: BelvoSandbox, count: number): string[] {
  return Array.from(
    { length: count },
    (_, i) =>
      sandbox.world.createLink({
        username: String(1_600_000_000 + i),
        access_mode: 'single',
        fetch_resources: ['EMPLOYMENTS', 'OWNERS'],
        external_id: null,
        credentials_storage: 'store',
        stale_in: '365d',
      }).id,
  );
}

/** Ids in each `id__in` call the simulator received. */
const idsPerLinksCall = (sandbox: BelvoSandbox) =>
  sandbox.requests
    .filter((request) => request.method === 'GET' && request.endpoint === '/api/links/')
    .map((request) => new URL(request.url, 'http://x').searchParams.get('id__in')?.split(',').length ?? 0);

/**
 * Every caller got its link: the reads share `id__in` calls of at most 50 ids, so 300 of them fit
 * in a few calls of the budget, and Belvo never had to refuse one.
 */
function expectServedInFewCalls(sandbox: BelvoSandbox, results: Array<GraphqlResult<unknown>>) {
  expect(results.filter((result) => result.errors !== undefined)).toEqual([]);
  expect(sandbox.requests.filter((request) => request.status === 429)).toEqual([]);
  const perCall = idsPerLinksCall(sandbox);
  expect(perCall.reduce((a, b) => a + b, 0)).toBe(results.length);
  expect(Math.max(...perCall)).toBeLessThanOrEqual(50);
  // One id per call before the scheduler; six full calls would do. How full the calls get depends
  // on how fast the queries arrive (a loaded machine spreads them out): ten ids a call at least.
  expect(perCall.length).toBeLessThanOrEqual(results.length / 10);
}

describe('the upstream budget of one instance', () => {
  let gateway: Gateway;

  beforeAll(async () => {
    gateway = await startGateway({
      ...BUDGET,
      SANDBOX_RATE_LIMIT_REQUESTS: String(LIMIT.requests),
      SANDBOX_RATE_LIMIT_WINDOW_MS: String(LIMIT.windowMs),
      SANDBOX_EXTRACTION_DELAY_MS: '600000',
    });
  });
  afterAll(() => gateway.stop());

  it('serves 300 distinct cold link reads in a few calls of 50 ids, never a 429', async () => {
    const ids = createLinks(gateway.sandbox, 300);
    gateway.sandbox.resetCounters();
    const results = await Promise.all(ids.map((id) => gateway.graphql(LinkStatusDocument, { id })));
    expectServedInFewCalls(gateway.sandbox, results);
    results.forEach((result, i) => expect(result.data?.link.id).toBe(ids[i]));
    // What each call carried, and the tokens, are metrics of their own.
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(metrics).toMatch(/belvo_scheduled_ids_per_call_count\{kind="link"\} [1-9]/);
    expect(metrics).toMatch(/belvo_scheduled_calls_total\{kind="link",priority="interactive"\} [1-9]/);
    expect(metrics).toMatch(
      /belvo_budget_wait_seconds_count\{kind="request",priority="interactive",outcome="granted"\} [1-9]/,
    );
  });

  it('refuses at once, without a queue, whoever cannot have a token now', async () => {
    const small = await startGateway({
      ...BUDGET,
      BELVO_BUDGET_QUEUE_MAX: '0',
      SANDBOX_RATE_LIMIT_REQUESTS: String(LIMIT.requests),
      SANDBOX_RATE_LIMIT_WINDOW_MS: String(LIMIT.windowMs),
      SANDBOX_EXTRACTION_DELAY_MS: '600000',
    });
    try {
      // One read at a time, each its own call, until the window's tokens are spent.
      const links = createLinks(small.sandbox, LIMIT.requests + 1);
      const results: Array<GraphqlResult<unknown>> = [];
      for (const id of links) results.push(await small.graphql(LinkStatusDocument, { id }));
      expect(results.slice(0, LIMIT.requests).every((result) => result.errors === undefined)).toBe(true);
      expect(results[LIMIT.requests]?.errors?.[0]?.extensions).toMatchObject({
        code: 'RATE_LIMITED',
        retryable: true,
      });
      expect(results[LIMIT.requests]?.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(small.sandbox.count('GET', '/api/links/')).toBe(LIMIT.requests);
      expect(small.sandbox.requests.filter((request) => request.status === 429)).toEqual([]);
    } finally {
      await small.stop();
    }
  });
});

describe('the upstream budget shared by two instances through Redis', () => {
  let sandbox: BelvoSandbox;
  let a: Gateway;
  let b: Gateway;
  const apiKey = randomKey();
  const asAdmin = { 'x-api-key': apiKey };

  beforeAll(async () => {
    // Keys of their own: the budget in Redis is per Belvo client, and no other test shares it.
    const keys = { secretId: `budget-${randomBytes(6).toString('hex')}`, secretPassword: randomKey() };
    ({ sandbox } = await startSandbox({ ...keys, extractionDelayMs: 600_000, rateLimit: LIMIT }));
    const env = {
      ...BUDGET,
      BELVO_BASE_URL: sandbox.url,
      BELVO_SECRET_ID: keys.secretId,
      BELVO_SECRET_PASSWORD: keys.secretPassword,
      REDIS_URL,
      CLIENT_API_KEYS: apiKeyEntry('ops', apiKey, true),
      CACHE_ENCRYPTION_KEY: encryptionKey(),
    };
    [a, b] = await Promise.all([startGateway(env), startGateway(env)]);
  });
  afterAll(async () => {
    await Promise.all([a.stop(), b.stop()]);
    await sandbox.stop();
  });

  it('keeps 300 distinct cold reads split over both within one limit: never a 429', async () => {
    const ids = createLinks(sandbox, 300);
    sandbox.resetCounters();
    const results = await Promise.all(
      ids.map((id, i) => (i % 2 === 0 ? a : b).graphql(LinkStatusDocument, { id }, asAdmin)),
    );
    expectServedInFewCalls(sandbox, results);
    // Both instances were served from the one budget.
    expect(results.filter((result, i) => i % 2 === 0 && !result.errors).length).toBeGreaterThan(0);
    expect(results.filter((result, i) => i % 2 === 1 && !result.errors).length).toBeGreaterThan(0);
  });
});

describe('the upstream budget shared by two instances on one PostgreSQL database, without Redis', () => {
  let sandbox: BelvoSandbox;
  let a: Gateway;
  let b: Gateway;
  const apiKey = randomKey();
  const asAdmin = { 'x-api-key': apiKey };

  beforeAll(async () => {
    const keys = { secretId: `budget-${randomBytes(6).toString('hex')}`, secretPassword: randomKey() };
    ({ sandbox } = await startSandbox({ ...keys, extractionDelayMs: 600_000, rateLimit: LIMIT }));
    const env = {
      ...BUDGET,
      // One id per call: every read spends a token, so two budgets of their own would pass Belvo's limit.
      BELVO_IDS_PER_CALL: '1',
      BELVO_BASE_URL: sandbox.url,
      BELVO_SECRET_ID: keys.secretId,
      BELVO_SECRET_PASSWORD: keys.secretPassword,
      DATABASE_URL: await freshDatabaseUrl(),
      CLIENT_API_KEYS: apiKeyEntry('ops', apiKey, true),
    };
    [a, b] = await Promise.all([startGateway(env), startGateway(env)]);
  });
  afterAll(async () => {
    await Promise.all([a.stop(), b.stop()]);
    await sandbox.stop();
  });

  it('keeps both within one limit: data or RATE_LIMITED, never a 429', async () => {
    const ids = createLinks(sandbox, 60);
    sandbox.resetCounters();
    const results = await Promise.all(
      ids.map((id, i) => (i % 2 === 0 ? a : b).graphql(LinkStatusDocument, { id }, asAdmin)),
    );
    const refused = results.filter((result) => result.errors !== undefined);
    for (const result of refused) {
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
    }
    expect(sandbox.requests.filter((request) => request.status === 429)).toEqual([]);
    expect(results.length - refused.length).toBe(sandbox.count('GET', '/api/links/'));
    // Both were served from the one budget, and together they asked for more than it holds.
    expect(results.filter((result, i) => i % 2 === 0 && !result.errors).length).toBeGreaterThan(0);
    expect(results.filter((result, i) => i % 2 === 1 && !result.errors).length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
  });
});
