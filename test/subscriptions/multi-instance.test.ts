import type { Client } from 'graphql-ws';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkTopic } from '../../src/push/events/event-bus.js';
import type { BelvoSandbox } from '../../src/sandbox/server.js';
import {
  CreateLinkDocument,
  HistoricalUpdateDocument,
  LinkEventsDocument,
  LinkWithDataDocument,
  LinksPageDocument,
} from '../generated/graphql.js';
import { freshDatabaseUrl } from '../support/database.js';
import { startGateway, type Gateway } from '../support/gateway.js';
import { redisOfThisFile } from '../support/redis-server.js';
import { eventually, SANDBOX_KEYS, startSandbox } from '../support/sandbox.js';
import { apiKeyEntry, encryptionKey, randomKey } from '../support/auth.js';
import { envelope, postWebhook, subscribe, wsClientFor } from '../support/subscriptions.js';

const ownRedis = redisOfThisFile();
const AUTHORIZATION = 'Bearer shared-webhook-secret';
const API_KEY = randomKey();
const asClient = { 'x-api-key': API_KEY };

/** Two gateway instances in real mode, sharing one Belvo (the simulator), one PostgreSQL and one Redis. */
describe('two gateway instances on one PostgreSQL and one Redis', () => {
  let sandbox: BelvoSandbox;
  let a: Gateway;
  let b: Gateway;
  let clientOfB: Client;
  let redis: Redis;

  beforeAll(async () => {
    const started = await startSandbox({ extractionDelayMs: 150 });
    sandbox = started.sandbox;
    const env = {
      BELVO_BASE_URL: started.url,
      BELVO_SECRET_ID: SANDBOX_KEYS.secretId,
      BELVO_SECRET_PASSWORD: SANDBOX_KEYS.secretPassword,
      REDIS_URL: ownRedis.url(),
      DATABASE_URL: await freshDatabaseUrl(),
      WEBHOOK_AUTHORIZATION: AUTHORIZATION,
      CLIENT_API_KEYS: apiKeyEntry('frontend', API_KEY),
      CACHE_ENCRYPTION_KEY: encryptionKey(),
      RATE_LIMIT_PER_MINUTE: '100000', // the 1,000-cycle test is a deliberate burst
    };
    [a, b] = await Promise.all([startGateway(env), startGateway(env)]);
    // Belvo's webhooks reach instance A only; B's subscribers must hear them through Redis.
    sandbox.setWebhookTarget({ url: `${a.url}/webhooks/belvo`, authorization: AUTHORIZATION });
    clientOfB = wsClientFor(b.url, { connectionParams: asClient });
    redis = new Redis(ownRedis.url());
  });
  afterAll(async () => {
    await clientOfB.dispose();
    await Promise.all([a.stop(), b.stop()]);
    await sandbox.stop();
    redis.disconnect();
  });

  async function createLinkOn(gateway: Gateway, cedula: string) {
    const created = await gateway.graphql(CreateLinkDocument, { input: { cedula } }, asClient);
    return created.data!.createLink.link!.id;
  }

  it('pushes a webhook received by A to a subscriber on B, exactly once', async () => {
    const linkId = await createLinkOn(a, '1080000001');
    const subscriber = subscribe(clientOfB, HistoricalUpdateDocument, { linkId });
    const results = await subscriber.received(2);
    const sentinelSeen = subscribe(clientOfB, LinkEventsDocument, { linkId });
    const sentinel = envelope({ link_id: linkId });
    await postWebhook(a.url, sentinel, { authorization: AUTHORIZATION });
    await eventually(() =>
      sentinelSeen.results.some((result) => result.data?.linkEvents.id === sentinel.webhook_id),
    );
    subscriber.stop();
    sentinelSeen.stop();

    expect(subscriber.results).toHaveLength(2);
    expect(results.map((result) => result.data!.historicalUpdate.__typename).sort()).toEqual([
      'EmploymentsHistoricalUpdate',
      'OwnersHistoricalUpdate',
    ]);
    expect(sentinelSeen.results.map((result) => result.data!.linkEvents.id)).toHaveLength(3);
  });

  it('replays on B what A recorded before B was asked: each event once, in the order recorded', async () => {
    const linkId = await createLinkOn(a, '1080000002');
    await eventually(async () => (await a.app.events.log.list(linkId)).length === 2);
    const recorded = await a.app.events.log.list(linkId);
    const subscriber = subscribe(clientOfB, LinkEventsDocument, { linkId });
    await subscriber.received(2);
    // A live event after the replay: everything before it in the stream is all the replay sent.
    const sentinel = envelope({ link_id: linkId });
    await postWebhook(a.url, sentinel, { authorization: AUTHORIZATION });
    await eventually(() =>
      subscriber.results.some((result) => result.data?.linkEvents.id === sentinel.webhook_id),
    );
    subscriber.stop();

    expect(recorded.map((event) => event.kind).sort()).toEqual([
      'EMPLOYMENTS_HISTORICAL_UPDATE',
      'OWNERS_HISTORICAL_UPDATE',
    ]);
    expect(subscriber.results.map((result) => result.data?.linkEvents)).toEqual([
      ...recorded.map((event) => expect.objectContaining({ id: event.id, cursor: event.cursor })),
      expect.objectContaining({ id: sentinel.webhook_id }),
    ]);
    expect(subscriber.results.every((result) => result.errors === undefined)).toBe(true);
  });

  it('lets the owner read and list through B a link created through A', async () => {
    const linkId = await createLinkOn(a, '1080000008');
    const read = await b.graphql(LinkWithDataDocument, { id: linkId }, asClient);
    expect(read.data?.link.id).toBe(linkId);
    const listed = await b.graphql(LinksPageDocument, { first: 200 }, asClient);
    expect(listed.data?.links.edges.map((edge) => edge.node.id)).toContain(linkId);
  });

  it('creates one link at Belvo for concurrent createLink calls with one idempotency key on A and B', async () => {
    const posts = () => sandbox.count('POST', '/api/links/');
    const before = posts();
    const input = { cedula: '1080000009', idempotencyKey: 'checkout-7781' };
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        (index % 2 ? a : b).graphql(CreateLinkDocument, { input }, asClient),
      ),
    );
    const ids = new Set(answers.map((answer) => answer.data?.createLink.link!.id));
    expect(answers.every((answer) => answer.errors === undefined)).toBe(true);
    expect(ids.size).toBe(1);
    expect(posts() - before).toBe(1);
    const other = await a.graphql(
      CreateLinkDocument,
      { input: { ...input, cedula: '1080000010' } },
      asClient,
    );
    expect(other.data!.createLink.userErrors).toMatchObject([
      { field: ['input', 'idempotencyKey'], code: 'IDEMPOTENCY_KEY_REUSED' },
    ]);
    expect(posts() - before).toBe(1);
  });

  it('deduplicates across instances: 25 copies to A and 25 to B at once, recorded once', async () => {
    const linkId = await createLinkOn(a, '1080000003');
    const subscriber = subscribe(clientOfB, LinkEventsDocument, { linkId });
    await subscriber.received(2);
    const body = envelope({ link_id: linkId });
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        postWebhook(index % 2 ? a.url : b.url, body, { authorization: AUTHORIZATION }),
      ),
    );
    expect(answers.filter((answer) => answer.body.status === 'accepted')).toHaveLength(1);
    expect(answers.filter((answer) => answer.body.status === 'duplicate')).toHaveLength(49);
    expect(
      (await a.app.events.log.list(linkId)).filter((event) => event.id === body.webhook_id),
    ).toHaveLength(1);
    const sentinel = envelope({ link_id: linkId, webhook_code: 'token_required' });
    await postWebhook(b.url, sentinel, { authorization: AUTHORIZATION });
    const ids = (await subscriber.received(4)).map((result) => result.data!.linkEvents.id);
    subscriber.stop();
    expect(ids.filter((id) => id === body.webhook_id)).toHaveLength(1);
    expect(ids.at(-1)).toBe(sentinel.webhook_id);
  });

  it('survives foreign messages on a link channel and still delivers the next event', async () => {
    const linkId = await createLinkOn(a, '1080000005');
    const otherLinkId = await createLinkOn(a, '1080000006');
    const subscriber = subscribe(clientOfB, LinkEventsDocument, { linkId });
    await subscriber.received(2);
    // Anyone who can write to Redis: not JSON, empty, JSON of the wrong shape, another link's event.
    const otherEvent = (await a.app.events.log.list(otherLinkId))[0];
    for (const message of ['not json', '', '{"kind":"LINK_DELETED"}', '[]', JSON.stringify(otherEvent)]) {
      await redis.publish(linkTopic(linkId), message);
    }
    const sentinel = envelope({ link_id: linkId });
    await postWebhook(a.url, sentinel, { authorization: AUTHORIZATION });
    const ids = (await subscriber.received(3)).map((result) => result.data!.linkEvents.id);
    subscriber.stop();
    expect(ids.at(-1)).toBe(sentinel.webhook_id);
    expect(subscriber.results.every((result) => result.errors === undefined)).toBe(true);
  });

  it('keeps pub/sub messages sealed in Redis, and no event records there', async () => {
    const created = await a.graphql(
      CreateLinkDocument,
      { input: { cedula: '1080000007', externalId: 'customer_ref_5521' } },
      asClient,
    );
    const linkId = created.data!.createLink.link!.id;
    const spy = new Redis(ownRedis.url());
    const messages: string[] = [];
    spy.on('message', (_channel: string, message: string) => messages.push(message));
    await spy.subscribe(linkTopic(linkId));
    const subscriber = subscribe(clientOfB, LinkEventsDocument, { linkId });
    const results = await subscriber.received(2);
    subscriber.stop();
    await eventually(() => messages.length >= 1);
    spy.disconnect();

    expect(results.map((result) => result.data!.linkEvents.externalId)).toEqual([
      'customer_ref_5521',
      'customer_ref_5521',
    ]);
    expect(await redis.keys(`*events:${linkId}*`)).toEqual([]);
    for (const stored of messages) {
      expect(stored).toMatch(/^gcm1:/);
      expect(stored).not.toContain('customer_ref_5521');
    }
  });

  it('returns to baseline after 1,000 subscribe/unsubscribe cycles: no listeners, no Redis subscriptions', async () => {
    const linkId = await createLinkOn(a, '1080000004');
    await eventually(async () => (await a.app.events.log.list(linkId)).length === 2);
    const channelCount = async () => {
      const [, count] = (await redis.pubsub('NUMSUB', linkTopic(linkId))) as [string, number];
      return count;
    };
    expect(await channelCount()).toBe(0);

    let peakListeners = 0;
    const cycle = async () => {
      const subscriber = subscribe(clientOfB, LinkEventsDocument, { linkId });
      // The first replayed event proves the live listener was attached (it is attached before the replay).
      await subscriber.received(1);
      peakListeners = Math.max(peakListeners, b.app.events.bus.listenerCount());
      subscriber.stop();
    };
    for (let round = 0; round < 100; round++) await Promise.all(Array.from({ length: 10 }, cycle));

    expect(peakListeners).toBeGreaterThan(0);
    await eventually(() => b.app.events.bus.listenerCount() === 0);
    await eventually(async () => (await channelCount()) === 0);
    expect(b.app.events.bus.listenerCount()).toBe(0);
  }, 60_000);
});
