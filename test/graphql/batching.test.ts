import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateLinkDocument, LinksWithDataDocument } from '../generated/graphql.js';
import { startGateway, type Gateway } from '../support/gateway.js';
import { freePort } from '../support/ports.js';
import { startRedis, stopRedis } from '../support/redis-server.js';
import { eventually } from '../support/sandbox.js';

/*
 * Upstream cost, counted at the simulator: the same suite over the memory cache and real Redis.
 * 50 links with employments and owners must cost 1 links call + 2 × ceil(50 / 50) list calls.
 * The Redis is this file's own: on a shared one, another test's gateway renews the list pages'
 * generation (one key for every gateway on a Redis), and a cached page read here would go out again.
 */
describe.each([['memory'], ['redis']])('with the %s cache', (cache) => {
  let gateway: Gateway;
  let redis: ChildProcess | undefined;
  const externalId = `batch_${randomUUID().slice(0, 8)}`;
  const createLink = async (cedula: string) => {
    const result = await gateway.graphql(CreateLinkDocument, { input: { cedula, externalId } });
    expect(result.errors).toBeUndefined();
    // Its webhooks recorded: one that outran this record would ask Belvo about the link in the
    // background, inside a later count of Belvo's calls.
    const id = result.data!.createLink.link!.id;
    await eventually(async () => (await gateway.app.events.log.list(id)).length >= 2);
  };
  const query = (first = 50) => gateway.graphql(LinksWithDataDocument, { first, filter: { externalId } });
  // A link's cached reads dropped and the response cache told, as a webhook does, but with the
  // cached list pages kept: only that link's data may go out again.
  const invalidate = async (linkId: string) => {
    await gateway.app.cache.invalidateLink(linkId);
    gateway.app.cache.changed();
  };

  beforeAll(async () => {
    let env = {};
    if (cache === 'redis') {
      const port = await freePort();
      redis = await startRedis(port);
      env = { REDIS_URL: `redis://127.0.0.1:${port}` };
    }
    gateway = await startGateway(env);
    for (let i = 0; i < 50; i++) await createLink(String(30_000_000 + i));
    // Both webhooks of every link must have landed: each one renews the cached data and pages.
    await eventually(
      () => gateway.sandbox.webhooks.attempts.filter((attempt) => attempt.status === 200).length >= 100,
    );
  });
  afterAll(async () => {
    await gateway.stop();
    if (redis) await stopRedis(redis);
  });

  it('costs one links call and one link__in call per resource, cold', async () => {
    gateway.sandbox.resetCounters();
    const result = await query();
    expect(result.errors).toBeUndefined();
    const links = result.data!.links.nodes;
    expect(links).toHaveLength(50);
    expect(links.every((link) => link.employments.length > 0 && link.owners.length === 1)).toBe(true);
    expect(gateway.sandbox.count('GET', '/api/links/')).toBe(1);
    expect(gateway.sandbox.count('GET', '/api/co/employments/')).toBe(1);
    expect(gateway.sandbox.count('GET', '/api/owners/')).toBe(1);
    expect(gateway.sandbox.count()).toBe(3);
  });

  it('costs nothing upstream the second time within the TTL', async () => {
    await query();
    gateway.sandbox.resetCounters();
    const again = await query();
    expect(again.data!.links.nodes).toHaveLength(50);
    expect(gateway.sandbox.count()).toBe(0);
  });

  it('refetches only the invalidated link', async () => {
    const first = (await query()).data!.links.nodes[0]!;
    await invalidate(first.id);
    gateway.sandbox.resetCounters();
    const result = await query();
    expect(result.data!.links.nodes[0]!.employments).toEqual(first.employments);
    expect(gateway.sandbox.requests.map((request) => request.url).sort()).toEqual(
      [
        `/api/co/employments/?page_size=1000&link__in=${first.id}`,
        `/api/owners/?page_size=1000&link__in=${first.id}`,
      ].sort(),
    );
  });

  it('splits 100 links into link__in chunks of 50 ids', async () => {
    for (let i = 50; i < 100; i++) await createLink(String(30_000_000 + i));
    await eventually(() => gateway.sandbox.world.owners.length >= 100);
    // Every link's two webhooks must have landed: each one renews the cached links pages.
    await eventually(
      () => gateway.sandbox.webhooks.attempts.filter((attempt) => attempt.status === 200).length >= 200,
    );
    for (const link of (await query(100)).data!.links.nodes) await invalidate(link.id);
    gateway.sandbox.resetCounters();
    const result = await query(100);
    expect(result.data!.links.nodes).toHaveLength(100);
    const employmentCalls = gateway.sandbox.requests.filter(
      (request) => request.endpoint === '/api/co/employments/',
    );
    expect(employmentCalls).toHaveLength(2);
    for (const call of employmentCalls) {
      expect(new URL(call.url, 'http://x').searchParams.get('link__in')!.split(',')).toHaveLength(50);
    }
    // The links page itself is still cached; only the data calls go out.
    expect(gateway.sandbox.count()).toBe(2 + 2);
  });
});
