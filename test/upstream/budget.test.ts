import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BelvoSandbox } from '../../src/sandbox/server.js';
import { LinkStatusDocument } from '../generated/graphql.js';
import { apiKeyEntry, encryptionKey, randomKey } from '../support/auth.js';
import { startGateway, type Gateway, type GraphqlResult } from '../support/gateway.js';
import { sandboxLinks, startSandbox } from '../support/sandbox.js';
import { holdTheBudget, queuedAsks } from '../support/budget.js';
import { freshDatabaseUrl } from '../support/database.js';
import { redisOfThisFile } from '../support/redis-server.js';

const redis = redisOfThisFile();

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
      // A person may wait this long: 300 queries arriving on a loaded machine all queue in time.
      BELVO_TIMEOUT_MS: '30000',
    });
  });
  afterAll(() => gateway.stop());

  it('serves 300 distinct cold link reads that waited for the budget in 6 calls of 50 ids', async () => {
    const ids = sandboxLinks(gateway.sandbox, 300, 1_620_000_000);
    gateway.sandbox.resetCounters();
    const budget = await holdTheBudget(gateway, LIMIT.requests);
    const reads = Promise.all(ids.map((id) => gateway.graphql(LinkStatusDocument, { id })));
    await queuedAsks(gateway, 'interactive', 300);
    budget.release();
    const results = await reads;
    expectServedInFewCalls(gateway.sandbox, results);
    expect(idsPerLinksCall(gateway.sandbox)).toEqual(Array(6).fill(50));
    results.forEach((result, i) => expect(result.data?.link.id).toBe(ids[i]));
    // What each call carried, and the tokens, are metrics of their own.
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(metrics).toMatch(/belvo_scheduled_ids_per_call_count\{kind="link"\} [1-9]/);
    expect(metrics).toMatch(/belvo_scheduled_calls_total\{kind="link",priority="interactive"\} [1-9]/);
    expect(metrics).toMatch(
      /belvo_budget_wait_seconds_count\{kind="request",priority="interactive",outcome="granted"\} [1-9]/,
    );
  }, 60_000);

  it('refuses at once, without a queue, whoever cannot have a token now', async () => {
    const small = await startGateway({
      ...BUDGET,
      BELVO_BUDGET_QUEUE_MAX: '0',
      SANDBOX_RATE_LIMIT_REQUESTS: String(LIMIT.requests),
      SANDBOX_RATE_LIMIT_WINDOW_MS: String(LIMIT.windowMs),
      SANDBOX_EXTRACTION_DELAY_MS: '600000',
    });
    try {
      const [linkId] = sandboxLinks(small.sandbox, 1, 1_630_000_000);
      await holdTheBudget(small, LIMIT.requests);
      small.sandbox.resetCounters();
      const refused = await small.graphql(LinkStatusDocument, { id: linkId! });
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
      expect(refused.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      // Refused by the budget at once, not given up at its deadline after waiting; nothing sent.
      const metrics = await (await fetch(`${small.url}/metrics`)).text();
      expect(metrics).toMatch(
        /belvo_budget_wait_seconds_count\{kind="request",priority="interactive",outcome="refused"\} 1/,
      );
      expect(metrics).not.toMatch(
        /belvo_scheduled_ask_wait_seconds_count\{priority="interactive",outcome="expired"\}/,
      );
      expect(small.sandbox.count()).toBe(0);
      expect(small.sandbox.requests.filter((request) => request.status === 429)).toEqual([]);
    } finally {
      await small.stop();
    }
  });
});

/**
 * Two gateways in real mode on one simulator enforcing the limit, with keys of their own (a shared
 * budget is per Belvo client, and no other test shares it), sharing what `env` names.
 */
function twoInstances(env: () => Promise<Record<string, string>>) {
  const apiKey = randomKey();
  const parts = {} as { sandbox: BelvoSandbox; a: Gateway; b: Gateway; asAdmin: Record<string, string> };
  beforeAll(async () => {
    const keys = { secretId: `budget-${randomBytes(6).toString('hex')}`, secretPassword: randomKey() };
    ({ sandbox: parts.sandbox } = await startSandbox({
      ...keys,
      extractionDelayMs: 600_000,
      rateLimit: LIMIT,
    }));
    const shared = {
      ...BUDGET,
      BELVO_BASE_URL: parts.sandbox.url,
      BELVO_SECRET_ID: keys.secretId,
      BELVO_SECRET_PASSWORD: keys.secretPassword,
      CLIENT_API_KEYS: apiKeyEntry('ops', apiKey, true),
      ...(await env()),
    };
    [parts.a, parts.b] = await Promise.all([startGateway(shared), startGateway(shared)]);
    parts.asAdmin = { 'x-api-key': apiKey };
  });
  afterAll(async () => {
    await Promise.all([parts.a.stop(), parts.b.stop()]);
    await parts.sandbox.stop();
  });
  /** Reads each link once, alternating between the two instances. */
  const readSplit = (ids: string[]) =>
    Promise.all(
      ids.map((id, i) =>
        (i % 2 === 0 ? parts.a : parts.b).graphql(LinkStatusDocument, { id }, parts.asAdmin),
      ),
    );
  return { parts, readSplit };
}

/** Both instances were served from the one budget. */
function expectBothServed(results: Array<GraphqlResult<unknown>>) {
  expect(results.filter((result, i) => i % 2 === 0 && !result.errors).length).toBeGreaterThan(0);
  expect(results.filter((result, i) => i % 2 === 1 && !result.errors).length).toBeGreaterThan(0);
}

describe('the upstream budget shared by two instances through Redis', () => {
  const { parts, readSplit } = twoInstances(async () => ({
    REDIS_URL: redis.url(),
    CACHE_ENCRYPTION_KEY: encryptionKey(),
    // A person may wait this long: 300 queries arriving on a loaded machine all queue in time.
    BELVO_TIMEOUT_MS: '30000',
  }));

  it('keeps 300 distinct cold reads split over both within one limit: never a 429', async () => {
    const ids = sandboxLinks(parts.sandbox, 300, 1_600_000_000);
    parts.sandbox.resetCounters();
    // A's hold on the tokens is B's too: the one budget is in Redis.
    const budget = await holdTheBudget(parts.a, LIMIT.requests);
    const reading = readSplit(ids);
    await Promise.all([queuedAsks(parts.a, 'interactive', 150), queuedAsks(parts.b, 'interactive', 150)]);
    budget.release();
    const results = await reading;
    expectServedInFewCalls(parts.sandbox, results);
    expect(idsPerLinksCall(parts.sandbox)).toEqual(Array(6).fill(50));
    expectBothServed(results);
  }, 60_000);
});

describe('the upstream budget shared by two instances on one PostgreSQL database, without Redis', () => {
  const { parts, readSplit } = twoInstances(async () => ({
    // One id per call: every read spends a token, so two budgets of their own would pass Belvo's limit.
    BELVO_IDS_PER_CALL: '1',
    DATABASE_URL: await freshDatabaseUrl(),
  }));

  it('keeps both within one limit: data or RATE_LIMITED, never a 429', async () => {
    const ids = sandboxLinks(parts.sandbox, 60, 1_610_000_000);
    parts.sandbox.resetCounters();
    const results = await readSplit(ids);
    const refused = results.filter((result) => result.errors !== undefined);
    for (const result of refused) {
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
    }
    expect(parts.sandbox.requests.filter((request) => request.status === 429)).toEqual([]);
    expect(results.length - refused.length).toBe(parts.sandbox.count('GET', '/api/links/'));
    // Together they asked for more than the one budget holds.
    expectBothServed(results);
    expect(refused.length).toBeGreaterThan(0);
  }, 60_000);
});
