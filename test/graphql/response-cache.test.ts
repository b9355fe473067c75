import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateLinkDocument } from '../generated/graphql.js';
import { apiKeyEntry, randomKey } from '../support/auth.js';
import { freshDatabaseUrl } from '../support/database.js';
import { startGateway, type Gateway } from '../support/gateway.js';
import { freePort } from '../support/ports.js';
import { startRedis, stopRedis } from '../support/redis-server.js';
import { eventually } from '../support/sandbox.js';
import { envelope, postWebhook } from '../support/subscriptions.js';

const ALICE = randomKey();
const BOB = randomKey();

async function post(gateway: Gateway, query: string, key: string) {
  const response = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': key },
    body: JSON.stringify({ query }),
  });
  return {
    hit: response.headers.get('x-response-cache') === 'hit',
    body: (await response.json()) as Record<string, unknown>,
  };
}

const operations = async (gateway: Gateway) => {
  const text = await (await fetch(`${gateway.url}/metrics`)).text();
  const line = text
    .split('\n')
    .find((row) => row.startsWith('gateway_graphql_operations_total{transport="http",type="query"}'));
  return Number(line?.split(' ')[1] ?? 0);
};

describe('the response cache', () => {
  let gateway: Gateway;
  let linkId: string;
  let query: string;

  beforeAll(async () => {
    gateway = await startGateway({
      CLIENT_API_KEYS: [apiKeyEntry('alice', ALICE), apiKeyEntry('bob', BOB)].join(','),
    });
    linkId = (
      await gateway.graphql(CreateLinkDocument, { input: { cedula: '1800000001' } }, { 'x-api-key': ALICE })
    ).data!.createLink.link!.id;
    await eventually(async () => (await gateway.app.events.log.list(linkId)).length === 2);
    query = `{ link(id: "${linkId}") { id employments { id } owners { displayName } } }`;
  });
  afterAll(() => gateway.stop());

  it('answers a repeated query without running GraphQL or calling Belvo', async () => {
    const first = await post(gateway, query, ALICE);
    expect(first.hit).toBe(false);
    const executed = await operations(gateway);
    gateway.sandbox.resetCounters();
    const second = await post(gateway, query, ALICE);
    expect(second).toEqual({ hit: true, body: first.body });
    expect(await operations(gateway)).toBe(executed);
    expect(gateway.sandbox.count()).toBe(0);
  });

  it("never serves one principal's answer to another", async () => {
    const bob = await post(gateway, query, BOB);
    expect(bob.hit).toBe(false);
    expect(JSON.stringify(bob.body)).toContain('NOT_FOUND');
    expect((await post(gateway, query, BOB)).hit).toBe(false); // errors are not stored
  });

  it('forgets everything when a webhook arrives or a mutation runs', async () => {
    expect((await post(gateway, query, ALICE)).hit).toBe(true);
    await postWebhook(gateway.url, envelope({ link_id: linkId }), {
      authorization: gateway.app.config.webhookAuthorizations[0]!,
    });
    expect((await post(gateway, query, ALICE)).hit).toBe(false);
    expect((await post(gateway, query, ALICE)).hit).toBe(true);
    await gateway.graphql(CreateLinkDocument, { input: { cedula: '1800000002' } }, { 'x-api-key': ALICE });
    expect((await post(gateway, query, ALICE)).hit).toBe(false);
  });

  it('does not keep an answer whose link has no data yet', async () => {
    const slow = await startGateway({ SANDBOX_EXTRACTION_DELAY_MS: '60000' });
    try {
      const id = (await slow.graphql(CreateLinkDocument, { input: { cedula: '1800000003' } })).data!
        .createLink.link!.id;
      const early = `{ link(id: "${id}") { employments { id } } }`;
      const response = () =>
        fetch(`${slow.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: early }),
        });
      await response();
      expect((await response()).headers.get('x-response-cache')).toBeNull();
    } finally {
      await slow.stop();
    }
  });
});

describe('the response cache on two instances', () => {
  it('is invalidated on B by a webhook that lands on A', async () => {
    // One Redis and one database; no simulated extraction, so the only webhook is the test's. The
    // Redis is the test's own: every data change on any gateway of a Redis empties every response
    // cache on it, so another file's gateway on a shared one could drop B's answer before its repeat.
    const port = await freePort();
    const redis = await startRedis(port);
    const shared = {
      REDIS_URL: `redis://127.0.0.1:${port}`,
      DATABASE_URL: await freshDatabaseUrl(),
      SANDBOX_EXTRACTION_DELAY_MS: '600000',
    };
    const a = await startGateway(shared);
    const b = await startGateway(shared);
    try {
      const ask = () =>
        fetch(`${b.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ links(first: 5) { totalCount } }' }),
        }).then((response) => response.headers.get('x-response-cache'));
      const created = await a.graphql(CreateLinkDocument, { input: { cedula: '1700000002' } });
      const linkId = created.data!.createLink.link!.id;
      // The createLink on A empties B's cache too, through Redis, at a moment B does not control: an
      // answer B stored before that notice arrives is dropped. Wait for B to serve one from its cache.
      await eventually(async () => (await ask()) === 'hit');
      await postWebhook(a.url, envelope({ link_id: linkId }), {
        authorization: a.app.config.webhookAuthorizations[0]!,
      });
      await eventually(async () => (await ask()) === null);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
      await stopRedis(redis);
    }
  });
});
