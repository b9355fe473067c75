import type { ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { linkTopic } from '../../src/push/events/event-bus.js';
import {
  CreateLinkDocument,
  LinkEventsDocument,
  LinksPageDocument,
  LinkWithDataDocument,
} from '../generated/graphql.js';
import { apiKeyEntry, encryptionKey, randomKey } from '../support/auth.js';
import { freshDatabaseUrl } from '../support/database.js';
import { startGateway } from '../support/gateway.js';
import { freePort } from '../support/ports.js';
import { startRedis as startPrivateRedis, stopRedis } from '../support/redis-server.js';
import { eventually, SANDBOX_KEYS, startSandbox } from '../support/sandbox.js';
import { envelope, postWebhook, subscribe, wsClientFor } from '../support/subscriptions.js';

const AUTHORIZATION = 'Bearer webhook-secret-of-this-file';
const API_KEY = randomKey();
const asClient = { 'x-api-key': API_KEY };

/** Redis servers of this file's own, on free ports, so stopping one disturbs no other test. */
const running: ChildProcess[] = [];
const startRedis = async (port: number) => {
  const child = await startPrivateRedis(port);
  running.push(child);
  return child;
};

afterEach(async () => {
  for (const child of running.splice(0)) await stopRedis(child);
});

const readiness = async (url: string) => (await (await fetch(`${url}/readyz`)).json()) as { status: string };

describe('Redis failing', () => {
  it('down at start: Belvo still serves, health says degraded, and webhooks wait for Redis instead of being lost', async () => {
    const port = await freePort();
    const gateway = await startGateway({
      REDIS_URL: `redis://127.0.0.1:${port}`,
      SANDBOX_WEBHOOK_RETRY_DELAY_MS: '300',
      READINESS_CACHE_MS: '0', // every probe checks again: the test waits for Redis, not the cache
    });
    try {
      const created = await gateway.graphql(CreateLinkDocument, { input: { cedula: '1500000001' } });
      const linkId = created.data!.createLink.link!.id;
      expect((await gateway.graphql(LinkWithDataDocument, { id: linkId })).errors).toBeUndefined();
      expect(await readiness(gateway.url)).toMatchObject({
        status: 'degraded',
        checks: { redis: 'failing' },
      });
      await eventually(() => gateway.sandbox.webhooks.attempts.some((attempt) => attempt.status === 503));

      await startRedis(port);
      // The simulator redelivers like Belvo; once Redis answers, each webhook is finally accepted
      // (the record is written before the answer, so wait for the answers, not the record).
      const everyWebhookAccepted = () => {
        const attempts = gateway.sandbox.webhooks.attempts;
        const ids = new Set(attempts.map((attempt) => attempt.webhookId));
        // Two webhooks: the employments and the owners historical update.
        return (
          ids.size === 2 &&
          [...ids].every((id) =>
            attempts.some((attempt) => attempt.webhookId === id && attempt.status === 200),
          )
        );
      };
      await eventually(everyWebhookAccepted, 10_000);
      expect(await gateway.app.events.log.list(linkId)).toHaveLength(2);
      await eventually(async () => (await readiness(gateway.url)).status === 'ready', 8_000);
    } finally {
      await gateway.stop();
    }
  }, 30_000);

  it('stopped mid-traffic: queries go on, a webhook gets 503 + Retry-After, and after a restart its redelivery reaches the subscriber', async () => {
    const port = await freePort();
    let redis = await startRedis(port);
    const gateway = await startGateway({ REDIS_URL: `redis://127.0.0.1:${port}` });
    const client = wsClientFor(gateway.url);
    const observer = new Redis({ port }).on('error', () => {}); // down during the outage, on purpose
    try {
      const created = await gateway.graphql(CreateLinkDocument, { input: { cedula: '1500000002' } });
      const linkId = created.data!.createLink.link!.id;
      const subscriber = subscribe(client, LinkEventsDocument, { linkId });
      await subscriber.received(2);

      await stopRedis(redis);
      const event = envelope({ link_id: linkId });
      const authorization = gateway.app.config.webhookAuthorizations[0]!;
      const refused = await postWebhook(gateway.url, event, { authorization });
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('5');
      expect((await gateway.graphql(LinkWithDataDocument, { id: linkId })).errors).toBeUndefined();
      expect(await readiness(gateway.url)).toMatchObject({ status: 'degraded' });

      redis = await startRedis(port);
      // The subscriber's channel is subscribed again once the connection is back.
      await eventually(async () => {
        const [, count] = (await observer.pubsub('NUMSUB', linkTopic(linkId))) as [string, number];
        return count > 0;
      }, 10_000);
      // Belvo redelivers until answered 2xx: the publishing connection may come back a moment after
      // the subscriber's (each reconnects on its own schedule), and answers 503 until then.
      await eventually(
        async () => (await postWebhook(gateway.url, event, { authorization })).body.status === 'accepted',
        10_000,
      );
      await eventually(() =>
        subscriber.results.some((result) => result.data?.linkEvents.id === event.webhook_id),
      );
      subscriber.stop();
    } finally {
      observer.disconnect();
      await client.dispose();
      await gateway.stop();
    }
  }, 30_000);

  it('stopped with events recorded meanwhile: once Redis is back they reach the live subscribers of both instances, in order, each once', async () => {
    const port = await freePort();
    let redis = await startRedis(port);
    // Real mode, as in production: one Belvo (the simulator), one PostgreSQL, one Redis.
    const started = await startSandbox({ extractionDelayMs: 0 });
    const shared = {
      BELVO_BASE_URL: started.url,
      BELVO_SECRET_ID: SANDBOX_KEYS.secretId,
      BELVO_SECRET_PASSWORD: SANDBOX_KEYS.secretPassword,
      REDIS_URL: `redis://127.0.0.1:${port}`,
      DATABASE_URL: await freshDatabaseUrl(),
      WEBHOOK_AUTHORIZATION: AUTHORIZATION,
      CLIENT_API_KEYS: apiKeyEntry('frontend', API_KEY),
      CACHE_ENCRYPTION_KEY: encryptionKey(),
    };
    const a = await startGateway(shared);
    const b = await startGateway(shared);
    // Belvo's webhooks reach A only; B's subscriber hears them through Redis.
    started.sandbox.setWebhookTarget({ url: `${a.url}/webhooks/belvo`, authorization: AUTHORIZATION });
    const clients = [a, b].map((gateway) => wsClientFor(gateway.url, { connectionParams: asClient }));
    try {
      const created = await a.graphql(CreateLinkDocument, { input: { cedula: '1500000004' } }, asClient);
      const linkId = created.data!.createLink.link!.id;
      const subscribers = clients.map((client) => subscribe(client, LinkEventsDocument, { linkId }));
      for (const subscriber of subscribers) await subscriber.received(2);

      await stopRedis(redis);
      const authorization = AUTHORIZATION;
      // Recorded in the log, then refused (503): the publish failed, and nobody heard of them.
      const during = [
        envelope({ link_id: linkId }),
        envelope({ link_id: linkId, webhook_code: 'token_required' }),
      ];
      for (const event of during)
        expect((await postWebhook(a.url, event, { authorization })).status).toBe(503);

      redis = await startRedis(port);
      const ids = (subscriber: (typeof subscribers)[number]) =>
        subscriber.results.map((result) => result.data!.linkEvents.id);
      // No redelivery yet: the log is read again when the bus is back.
      for (const subscriber of subscribers) await subscriber.received(4);
      const after = envelope({ link_id: linkId });
      await eventually(
        async () => (await postWebhook(a.url, after, { authorization })).status === 200,
        10_000,
      );
      // Belvo's redelivery of the refused ones comes too: recorded already, not delivered twice.
      for (const event of during) await postWebhook(a.url, event, { authorization });
      for (const subscriber of subscribers) await subscriber.received(5);
      const recorded = (await a.app.events.log.list(linkId)).map((event) => event.id);
      for (const subscriber of subscribers) {
        expect(ids(subscriber).slice(2)).toEqual([
          ...during.map((event) => event.webhook_id),
          after.webhook_id,
        ]);
        expect(ids(subscriber)).toEqual(recorded);
        const cursors = subscriber.results.map((result) => BigInt(result.data!.linkEvents.cursor));
        expect(cursors).toEqual([...cursors].sort((x, y) => (x < y ? -1 : 1)));
        subscriber.stop();
      }
    } finally {
      await Promise.all(clients.map((client) => client.dispose()));
      await Promise.all([a.stop(), b.stop()]);
      await started.sandbox.stop();
    }
  }, 40_000);

  it('flushed, then down, then back: a tenant keeps reading and listing its links, and resumes its events exactly', async () => {
    const port = await freePort();
    let redis = await startRedis(port);
    const key = randomKey();
    const asTenant = { 'x-api-key': key };
    const gateway = await startGateway({
      REDIS_URL: `redis://127.0.0.1:${port}`,
      CLIENT_API_KEYS: apiKeyEntry('tenant', key),
    });
    const client = wsClientFor(gateway.url, { connectionParams: asTenant });
    const authorization = gateway.app.config.webhookAuthorizations[0]!;
    try {
      const linkIds: string[] = [];
      for (const cedula of ['1500000011', '1500000012', '1500000013']) {
        const created = await gateway.graphql(CreateLinkDocument, { input: { cedula } }, asTenant);
        linkIds.push(created.data!.createLink.link!.id);
      }
      const [linkId] = linkIds as [string];
      const first = subscribe(client, LinkEventsDocument, { linkId });
      const seen = await first.received(2);
      first.stop();
      const lastCursor = seen.at(-1)!.data!.linkEvents.cursor;

      const flusher = new Redis({ port });
      await flusher.flushall();
      flusher.disconnect();
      const readAndList = async () => {
        const read = await gateway.graphql(LinkWithDataDocument, { id: linkId }, asTenant);
        const listed = await gateway.graphql(LinksPageDocument, { first: 10 }, asTenant);
        return { read, listed };
      };
      const afterFlush = await readAndList();
      expect(afterFlush.read.errors).toBeUndefined();
      expect(afterFlush.listed.data?.links.totalCount).toBe(3);

      await stopRedis(redis);
      const duringOutage = await readAndList();
      expect(duringOutage.read.errors).toBeUndefined();
      expect(duringOutage.listed.data?.links.edges.map((edge) => edge.node.id)).toEqual(
        [...linkIds].reverse(),
      );
      // Committed before the answer; only its publication waits for Redis.
      const missedDuringOutage = envelope({ link_id: linkId });
      expect((await postWebhook(gateway.url, missedDuringOutage, { authorization })).status).toBe(503);

      redis = await startRedis(port);
      const missedAfter = envelope({ link_id: linkId, webhook_code: 'token_required' });
      expect((await postWebhook(gateway.url, missedAfter, { authorization })).body.status).toBe('accepted');

      const resumed = subscribe(client, LinkEventsDocument, { linkId, afterCursor: lastCursor });
      const missed = await resumed.received(2);
      resumed.stop();
      expect(missed.map((result) => result.data!.linkEvents.id)).toEqual([
        missedDuringOutage.webhook_id,
        missedAfter.webhook_id,
      ]);
      expect(resumed.results).toHaveLength(2);
    } finally {
      await client.dispose();
      await gateway.stop();
    }
  }, 30_000);
});
