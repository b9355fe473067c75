import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeleteLinkDocument, CreateLinkDocument, LinkWithDataDocument } from '../generated/graphql.js';
import { startGateway, type Gateway } from '../support/gateway.js';
import { redisOfThisFile } from '../support/redis-server.js';
import { eventually } from '../support/sandbox.js';

const ownRedis = redisOfThisFile();

describe('personal data at rest in Redis', () => {
  let gateway: Gateway;
  let redis: Redis;
  let linkId: string;

  beforeAll(async () => {
    gateway = await startGateway({ REDIS_URL: ownRedis.url() });
    redis = new Redis(ownRedis.url());
    linkId = (await gateway.graphql(CreateLinkDocument, { input: { cedula: '1600000001' } })).data!.createLink
      .link!.id;
    await eventually(async () => (await gateway.app.events.log.list(linkId)).length === 2);
    await gateway.graphql(LinkWithDataDocument, { id: linkId });
  });
  afterAll(async () => {
    redis.disconnect();
    await gateway.stop();
  });

  const keysOf = async (id: string) => (await redis.keys('*beg:v1:*')).filter((key) => key.includes(id));

  it('keeps values sealed (AES-256-GCM), keys free of personal data, and everything with a TTL', async () => {
    const owner = gateway.sandbox.world.owners.find((item) => item.link === linkId)!;
    const employment = gateway.sandbox.world.employments.find((item) => item.link === linkId)!;
    const keys = await keysOf(linkId);
    expect(keys.length).toBeGreaterThanOrEqual(3); // link, employments, owners
    const everything = (await Promise.all(keys.map((key) => redis.dumpBuffer(key)))).map((dump) =>
      dump?.toString('latin1'),
    );
    const text = everything.join('\n');
    expect(text).not.toContain(owner.display_name!);
    expect(text).not.toContain(employment.employer_data!.name!);
    expect(text).not.toContain('1600000001');
    for (const key of keys) expect(await redis.pttl(key)).toBeGreaterThan(0);
  });

  it('keeps no cédula, name or amount in the database: ids, codes, counts and dates only', async () => {
    const owner = gateway.sandbox.world.owners.find((item) => item.link === linkId)!;
    const employment = gateway.sandbox.world.employments.find((item) => item.link === linkId)!;
    const database = gateway.app.config.state.database;
    const client = new pg.Client({ connectionString: database.kind === 'postgres' ? database.url : '' });
    await client.connect();
    const { rows } = await client.query<{ row: string }>(`
      select row_to_json(t)::text as row from (select * from links) t
      union all select row_to_json(t)::text from (select * from link_events) t
      union all select row_to_json(t)::text from (select * from idempotency_keys) t`);
    await client.end();
    const text = rows.map((row) => row.row).join('\n');
    expect(text).toContain(linkId);
    expect(text).not.toContain('1600000001');
    expect(text).not.toContain(owner.display_name!);
    expect(text).not.toContain(employment.employer_data!.name!);
  });

  it('purges the cached data and the event log on deleteLink, keeping only the deletion notice', async () => {
    const result = await gateway.graphql(DeleteLinkDocument, { id: linkId });
    expect(result.data?.deleteLink.deletedLinkId).toBe(linkId);
    expect(await keysOf(linkId)).toEqual([]);
    // The notice (ids and a kind, no personal data) tells its owner resuming later that it is gone.
    const kept = await gateway.app.events.log.list(linkId);
    expect(kept.map((event) => [event.kind, event.count, event.error])).toEqual([
      ['LINK_DELETED', null, null],
    ]);
    expect(await gateway.app.store.links.has(linkId)).toBe(false);
  });
});
