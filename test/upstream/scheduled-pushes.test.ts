import { randomUUID } from 'node:crypto';
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BelvoSandbox } from '../../src/sandbox/server.js';
import {
  HistoricalUpdateDocument,
  LinkReadyDocument,
  LinkStatusDocument,
  LinkWithDataDocument,
} from '../generated/graphql.js';
import { startGateway, type Gateway } from '../support/gateway.js';
import { envelope, postWebhook, subscribe, wsClientFor, type Subscriber } from '../support/subscriptions.js';
import { eventually, sandboxLinks } from '../support/sandbox.js';
import { holdTheBudget, queuedAsks } from '../support/budget.js';

/*
 * Pushes read through the one read scheduler, against a simulator enforcing a limit (Belvo's
 * 80 per 30 s scaled to 8 per second on both sides). Nothing is timed: calls are counted.
 */
const LIMIT = { requests: 8, windowMs: 1_000 };
const ENV = {
  BELVO_BUDGET_REQUESTS: String(LIMIT.requests),
  BELVO_BUDGET_WINDOW_MS: String(LIMIT.windowMs),
  SANDBOX_RATE_LIMIT_REQUESTS: String(LIMIT.requests),
  SANDBOX_RATE_LIMIT_WINDOW_MS: String(LIMIT.windowMs),
  SANDBOX_EXTRACTION_DELAY_MS: '600000', // webhooks come from the test only
  RATE_LIMIT_PER_MINUTE: '100000',
  RESPONSE_CACHE_TTL_MS: '0',
  WS_MAX_SUBSCRIPTIONS: '200',
};

/** Links at the simulator, recorded as the gateway's (as createLink would), without spending the budget. */
async function seedLinks(gateway: Gateway, count: number): Promise<string[]> {
  const ids = sandboxLinks(gateway.sandbox, count, 1_700_000_000 + seeded);
  seeded += count;
  for (const id of ids) {
    gateway.sandbox.world.extractNow(id, 'EMPLOYMENTS');
    gateway.sandbox.world.extractNow(id, 'OWNERS');
    await gateway.app.store.links.record(gateway.sandbox.world.links.get(id)!.link, 'local');
  }
  return ids;
}
let seeded = 0;

/** Takes every token of the window and holds them for `holdMs`: reads must wait until then. */
async function spendTheWindow(gateway: Gateway, holdMs: number): Promise<void> {
  const budget = gateway.app.belvo.http.budget!;
  const far = Date.now() + 600_000;
  for (let i = 0; i < LIMIT.requests; i++) await budget.acquire('request', far, far, { holdMs });
}

/** `?link__in=` / `?id__in=` ids of every call to `endpoint` the simulator received. */
function idsPerCall(sandbox: BelvoSandbox, endpoint: string, parameter: string): number[] {
  return sandbox.requests
    .filter((request) => request.method === 'GET' && request.endpoint === endpoint)
    .map((request) => new URL(request.url, 'http://x').searchParams.get(parameter)?.split(',').length ?? 0);
}

/**
 * Ids in Belvo's shape (32 hex) made of letters only. Webhook ids are logged, and the log scan on
 * stop looks for the simulator's salaries (7 digits): among hundreds of random hex ids, a run of
 * digits equal to one of them turned up now and then.
 */
const letterHex = () => Array.from({ length: 32 }, () => 'abcdef'[Math.floor(Math.random() * 6)]).join('');

const historicalUpdate = (linkId: string, resource: 'EMPLOYMENTS' | 'OWNERS') =>
  envelope({
    webhook_id: letterHex(),
    request_id: letterHex(),
    webhook_type: resource,
    process_type: 'historical_update',
    webhook_code: 'historical_update',
    link_id: linkId,
    data: resource === 'EMPLOYMENTS' ? { total_employments: 1 } : { total_owners: 1 },
  });

const employmentsWebhook = (linkId: string) => historicalUpdate(linkId, 'EMPLOYMENTS');

describe('pushes through the read scheduler, with Belvo’s limit on', () => {
  let gateway: Gateway;
  let client: Client;
  let authorization: string;

  beforeAll(async () => {
    gateway = await startGateway(ENV);
    client = wsClientFor(gateway.url);
    authorization = gateway.app.config.webhookAuthorizations[0]!;
  });
  afterAll(async () => {
    await client.dispose();
    await gateway.stop();
  });

  it('reads the data of 100 links pushed at once in link__in calls of up to 50, every push with its data', async () => {
    const links = await seedLinks(gateway, 100);
    const subscribers = links.map((linkId) => subscribe(client, HistoricalUpdateDocument, { linkId }));
    // Subscribed: each subscription read its link when it started (batched too). Those reads may
    // still be gathering when the sockets count as subscribed: wait until Belvo answered all 100,
    // or holding the budget below would starve them.
    await eventually(() => gateway.app.ws.activeSubscriptions() === 100 || undefined, 20_000);
    const linkReads = () => idsPerCall(gateway.sandbox, '/api/links/', 'id__in').reduce((a, b) => a + b, 0);
    await eventually(() => linkReads() >= 100 || undefined, 20_000);
    gateway.sandbox.resetCounters();
    // The budget is short while the webhooks arrive: their reads wait, then leave together.
    const budget = await holdTheBudget(gateway, LIMIT.requests);
    const answers = await Promise.all(
      links.map((linkId) => postWebhook(gateway.url, employmentsWebhook(linkId), { authorization })),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(100).fill(200));
    await queuedAsks(gateway, 'push', 100);
    budget.release();
    await Promise.all(subscribers.map((subscriber) => subscriber.received(1, 30_000)));
    for (const [index, subscriber] of subscribers.entries()) {
      const [push] = subscriber.results;
      expect(push?.errors).toBeUndefined();
      expect(push?.data?.historicalUpdate).toMatchObject({ linkId: links[index] });
      subscriber.stop();
    }
    // One call per link before the scheduler.
    expect(idsPerCall(gateway.sandbox, '/api/co/employments/', 'link__in')).toEqual([50, 50]);
    expect(gateway.sandbox.requests.filter((request) => request.status === 429)).toEqual([]);
  }, 60_000);

  it('keeps a link’s delayed pushes in order while their reads wait for the budget', async () => {
    const [linkId] = await seedLinks(gateway, 1);
    const events = subscribe(client, HistoricalUpdateDocument, { linkId: linkId! });
    await eventually(async () => (await gateway.graphql(LinkStatusDocument, { id: linkId! })).data?.link);
    await spendTheWindow(gateway, 1_500); // the pushes' reads wait for the next tokens
    gateway.sandbox.resetCounters();
    const employments = employmentsWebhook(linkId!);
    const owners = historicalUpdate(linkId!, 'OWNERS');
    await postWebhook(gateway.url, employments, { authorization });
    await postWebhook(gateway.url, owners, { authorization });
    const pushes = await events.received(2, 30_000);
    expect(pushes.map((push) => push.errors)).toEqual([undefined, undefined]);
    // Both waited: the reads left after the window, never refused.
    expect(gateway.sandbox.count('GET')).toBe(2);
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(metrics).toMatch(/gateway_push_reads_total\{outcome="delayed"\} [1-9]/);
    expect(metrics).not.toMatch(/gateway_push_reads_total\{outcome="refused"\}/);
    expect(pushes.map((push) => push.data?.historicalUpdate.__typename)).toEqual([
      'EmploymentsHistoricalUpdate',
      'OwnersHistoricalUpdate',
    ]);
    events.stop();
  });

  it('invalidates only what a webhook announces: the link stays cached through an employments update', async () => {
    const [linkId] = await seedLinks(gateway, 1);
    expect((await gateway.graphql(LinkWithDataDocument, { id: linkId! })).errors).toBeUndefined();
    gateway.sandbox.resetCounters();
    expect((await postWebhook(gateway.url, employmentsWebhook(linkId!), { authorization })).status).toBe(200);
    expect((await gateway.graphql(LinkWithDataDocument, { id: linkId! })).errors).toBeUndefined();
    expect(gateway.sandbox.count('GET', '/api/co/employments/')).toBe(1);
    expect(gateway.sandbox.count('GET', '/api/links/')).toBe(0);
    expect(gateway.sandbox.count('GET', '/api/owners/')).toBe(0);
  });

  it('lets forged webhooks for unknown links take only background tokens: a tenant’s query still goes first', async () => {
    const [mine] = await seedLinks(gateway, 1);
    gateway.sandbox.resetCounters();
    const forged = Array.from({ length: 300 }, () =>
      postWebhook(gateway.url, employmentsWebhook(randomUUID()), { authorization }),
    );
    const query = await gateway.graphql(LinkWithDataDocument, { id: mine! });
    expect(query.errors).toBeUndefined();
    // Each forged webhook was checked at Belvo (ignored: 200) or gave up before Belvo's 5 s (503).
    const answers = await Promise.all(forged);
    expect(new Set(answers.map((answer) => answer.status))).toSatisfy((statuses: Set<number>) =>
      [...statuses].every((status) => status === 200 || status === 503),
    );
    expect(
      answers.filter((answer) => answer.status === 200).every((answer) => answer.body.status === 'ignored'),
    ).toBe(true);
    // The checks went as few id__in calls, within their share of the budget.
    const checks = idsPerCall(gateway.sandbox, '/api/links/', 'id__in');
    expect(Math.max(...checks)).toBeLessThanOrEqual(50);
    expect(gateway.sandbox.requests.filter((request) => request.status === 429)).toEqual([]);
  }, 60_000);

  it('gives a subscription refused by the budget as it starts RATE_LIMITED with a retry-after', async () => {
    const small = await startGateway({ ...ENV, BELVO_BUDGET_QUEUE_MAX: '0', BELVO_TIMEOUT_MS: '2000' });
    const smallClient = wsClientFor(small.url);
    try {
      const [linkId] = await seedLinks(small, 1);
      await spendTheWindow(small, 60_000);
      const refused: Subscriber<unknown> = subscribe(smallClient, LinkReadyDocument, { linkId: linkId! });
      await refused.done;
      const errors = (refused.failure() ?? refused.results[0]?.errors) as Array<{
        extensions?: Record<string, unknown>;
      }>;
      expect(errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
      expect(errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    } finally {
      await smallClient.dispose();
      await small.stop();
    }
  });
});
