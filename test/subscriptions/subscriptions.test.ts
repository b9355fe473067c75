import type { Client } from 'graphql-ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateLinkDocument,
  DeleteLinkDocument,
  HistoricalUpdateDocument,
  LinkEventsDocument,
  LinkWithDataDocument,
  NewEmploymentsDocument,
  RefreshLinkDocument,
} from '../generated/graphql.js';
import { startGateway, type Gateway } from '../support/gateway.js';
import { redisOfThisFile } from '../support/redis-server.js';
import { eventually } from '../support/sandbox.js';
import { envelope, postWebhook, subscribe, wsClientFor } from '../support/subscriptions.js';

const redis = redisOfThisFile();

describe.each([
  ['in memory', {}],
  ['on Redis', redis.env],
])('subscriptions %s', (_, backendEnv: Record<string, string>) => {
  let gateway: Gateway;
  let client: Client;
  let authorization: string;
  let cedula = 1_050_000_000;

  beforeAll(async () => {
    gateway = await startGateway({
      ...backendEnv,
      SANDBOX_EXTRACTION_DELAY_MS: '150',
      SANDBOX_RECURRENT_INTERVAL_MS: '400',
    });
    authorization = gateway.app.config.webhookAuthorizations[0]!;
  });
  afterAll(() => gateway.stop());

  beforeAll(() => {
    client = wsClientFor(gateway.url);
  });
  afterAll(() => client.dispose());

  afterEach(async () => {
    // Whatever a test left open is gone once its subscribers stop: no listener stays behind.
    await eventually(() => gateway.app.events.bus.listenerCount() === 0);
  });

  async function createLink(extra: Record<string, unknown> = {}) {
    cedula += 1;
    const result = await gateway.graphql(CreateLinkDocument, { input: { cedula: String(cedula), ...extra } });
    expect(result.errors).toBeUndefined();
    return result.data!.createLink.link!.id;
  }

  const deliveredWebhooks = () =>
    gateway.sandbox.webhooks.attempts.filter((attempt) => attempt.status === 200).length;

  it('pushes the employments and owners historical updates, with their data, right after createLink', async () => {
    const linkId = await createLink();
    const subscriber = subscribe(client, HistoricalUpdateDocument, { linkId });
    const results = await subscriber.received(2);
    subscriber.stop();

    expect(results.map((result) => result.errors)).toEqual([undefined, undefined]);
    const updates = results.map((result) => result.data!.historicalUpdate);
    const employments = updates.find((update) => update.__typename === 'EmploymentsHistoricalUpdate');
    const owners = updates.find((update) => update.__typename === 'OwnersHistoricalUpdate');
    if (employments?.__typename !== 'EmploymentsHistoricalUpdate') throw new Error('no employments update');
    if (owners?.__typename !== 'OwnersHistoricalUpdate') throw new Error('no owners update');
    expect(employments.linkId).toBe(linkId);
    expect(employments.employments.length).toBeGreaterThan(0);
    expect(employments.employments).toHaveLength(employments.total!);
    expect(owners.owners).toHaveLength(1);

    const query = await gateway.graphql(LinkWithDataDocument, { id: linkId });
    expect(query.data!.link.employments.map((item) => item!.id).sort()).toEqual(
      employments.employments.map((item) => item!.id).sort(),
    );
  });

  it('replays events that arrived before the subscription, each exactly once, then goes live', async () => {
    const before = deliveredWebhooks();
    const linkId = await createLink();
    await eventually(() => deliveredWebhooks() >= before + 2);

    const subscriber = subscribe(client, LinkEventsDocument, { linkId });
    await subscriber.received(2);
    const live = envelope({ link_id: linkId });
    expect((await postWebhook(gateway.url, live, { authorization })).body.status).toBe('accepted');
    // A repeat of a replayed event and of the live one change nothing; the sentinel shows the end.
    await postWebhook(gateway.url, live, { authorization });
    const sentinel = envelope({ link_id: linkId, webhook_code: 'token_required' });
    await postWebhook(gateway.url, sentinel, { authorization });
    const results = await subscriber.received(4);
    subscriber.stop();

    const events = results.map((result) => result.data!.linkEvents);
    expect(events.map((event) => event.__typename)).toEqual(
      expect.arrayContaining(['EmploymentsHistoricalUpdate', 'OwnersHistoricalUpdate']),
    );
    expect(events.slice(2).map((event) => event.id)).toEqual([live.webhook_id, sentinel.webhook_id]);
    expect(new Set(events.map((event) => event.id)).size).toBe(4);
    expect(results).toHaveLength(4);
    const error = events[2]!;
    expect(error).toMatchObject({
      __typename: 'LinkError',
      reason: 'INVALID_CREDENTIALS',
      errorCode: 'login_error',
    });
    expect(error.link).toMatchObject({ id: linkId });
  });

  it('delivers one webhook posted 20 times concurrently exactly once to each subscriber', async () => {
    const linkId = await createLink();
    const subscribers = [1, 2, 3].map(() => subscribe(client, LinkEventsDocument, { linkId }));
    await Promise.all(subscribers.map((subscriber) => subscriber.received(2)));

    const duplicate = envelope({ link_id: linkId });
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => postWebhook(gateway.url, duplicate, { authorization })),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
    expect(answers.filter((answer) => answer.body.status === 'accepted')).toHaveLength(1);
    expect(answers.filter((answer) => answer.body.status === 'duplicate')).toHaveLength(19);

    const sentinel = envelope({ link_id: linkId, webhook_code: 'token_required' });
    await postWebhook(gateway.url, sentinel, { authorization });
    for (const subscriber of subscribers) {
      const ids = (await subscriber.received(4)).map((result) => result.data!.linkEvents.id);
      expect(ids.filter((id) => id === duplicate.webhook_id)).toHaveLength(1);
      expect(ids.at(-1)).toBe(sentinel.webhook_id);
      subscriber.stop();
    }
    expect(subscribers.map((subscriber) => subscriber.results.length)).toEqual([4, 4, 4]);
  });

  it('shares one upstream read of the event data among all subscribers of the link', async () => {
    const linkId = await createLink();
    const subscribers = Array.from({ length: 5 }, () =>
      subscribe(client, HistoricalUpdateDocument, { linkId }),
    );
    await Promise.all(subscribers.map((subscriber) => subscriber.received(2)));
    for (const subscriber of subscribers) subscriber.stop();

    const reads = gateway.sandbox.requests.filter((request) => request.url.includes(linkId));
    // Link reads are not event data: a webhook that beats createLink's own record of the link has
    // the webhook route ask Belvo about it (GET /api/links/{id}/), depending on timing.
    const dataReads = reads.filter((request) => !request.endpoint.startsWith('/api/links/'));
    expect(dataReads.map((request) => request.endpoint).sort()).toEqual([
      '/api/co/employments/',
      '/api/owners/',
    ]);
  });

  it("pushes a recurrent link's new employments resolved with the contract's created_at__range", async () => {
    const linkId = await createLink({ accessMode: 'RECURRENT' });
    const subscriber = subscribe(client, NewEmploymentsDocument, { linkId });
    const [first] = await subscriber.received(1);
    subscriber.stop();

    const event = first!.data!.newEmploymentsAvailable;
    const today = new Date().toISOString().slice(0, 10);
    expect(event).toMatchObject({ newCount: 1, since: today, until: today });
    // The simulator adds one employment every 400 ms, so by the time the gateway reads the range a
    // later tick may have added another: the first listed is then the newer one. What must hold is
    // that the list starts with a recurrent addition, not with the historical records of the day.
    const records = gateway.sandbox.world.employments.filter((item) => item.link === linkId);
    const historicalAt = records.map((item) => item.created_at!).sort()[0]!;
    const top = records.find((item) => item.id === event.employments[0]!.id);
    expect(top?.created_at).toBeDefined();
    expect(top!.created_at! > historicalAt).toBe(true);
    const rangeReads = gateway.sandbox.requests.filter(
      (request) => request.url.includes(linkId) && request.url.includes('created_at__range'),
    );
    // One read per event pushed (a later tick's event may have been pushed before stop()).
    const ranges = rangeReads.map((request) =>
      new URL(request.url, 'http://x').searchParams.get('created_at__range'),
    );
    expect(ranges.length).toBeGreaterThan(0);
    expect(new Set(ranges)).toEqual(new Set([`${today},${today}`]));
  });

  it('fails a subscription to an unknown link with NOT_FOUND and keeps nothing open', async () => {
    const subscriber = subscribe(client, LinkEventsDocument, {
      linkId: '00000000-0000-4000-8000-000000000000',
    });
    const [result] = await subscriber.received(1);
    await subscriber.done;
    expect(result!.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
  });

  it("waits for a refresh's own events with after: requestedAt, not the creation's still on record", async () => {
    const linkId = await createLink();
    await eventually(async () => (await gateway.app.events.log.list(linkId)).length === 2);
    gateway.sandbox.world.links.get(linkId)!.lastRefreshAt = 0; // past Belvo's cooldown
    const refreshed = await gateway.graphql(RefreshLinkDocument, { id: linkId });
    const { requestedAt } = refreshed.data!.refreshLink.refresh!;

    const everything = subscribe(client, HistoricalUpdateDocument, { linkId });
    const thisRefresh = subscribe(client, HistoricalUpdateDocument, { linkId, after: requestedAt });
    await everything.received(4);
    const results = await thisRefresh.received(2);
    everything.stop();
    thisRefresh.stop();
    const recordedIds = (await gateway.app.events.log.list(linkId)).map((event) => event.id);
    expect(results.map((result) => result.data!.historicalUpdate.id)).toEqual(recordedIds.slice(2));
  });

  it("tells subscribers when the gateway's own deleteLink deletes the link, and ends every subscription", async () => {
    const linkId = await createLink();
    const everything = subscribe(client, LinkEventsDocument, { linkId });
    await everything.received(2);
    const waitingForMore = subscribe(client, NewEmploymentsDocument, { linkId });
    await eventually(() => gateway.app.events.bus.listenerCount() >= 2);

    const deleted = await gateway.graphql(DeleteLinkDocument, { id: linkId });
    expect(deleted.data).toEqual({ deleteLink: { deletedLinkId: linkId, userErrors: [] } });
    await Promise.all([everything.done, waitingForMore.done]);
    expect(everything.results.at(-1)!.data!.linkEvents).toMatchObject({
      __typename: 'LinkDeleted',
      id: expect.stringMatching(/^gateway-delete-/),
      link: null,
    });
    expect(waitingForMore.results).toEqual([]);
    expect(gateway.app.events.bus.listenerCount()).toBe(0);
  });

  it('ends a subscription after the link is deleted', async () => {
    const linkId = await createLink();
    const subscriber = subscribe(client, LinkEventsDocument, { linkId });
    await subscriber.received(2);
    // Belvo deletes the link (an asynchronous delete, or its staleness), then announces it.
    gateway.sandbox.world.deleteLink(linkId, false);
    await postWebhook(gateway.url, envelope({ link_id: linkId, webhook_code: 'link_deleted', data: {} }), {
      authorization,
    });
    await subscriber.done;
    expect(subscriber.failure()).toBeUndefined();
    expect(subscriber.results.at(-1)!.data!.linkEvents).toMatchObject({
      __typename: 'LinkDeleted',
      linkId,
      link: null,
    });
  });

  it('resumes with afterCursor: exactly the events after it, in order, then live ones', async () => {
    const linkId = await createLink();
    const first = subscribe(client, LinkEventsDocument, { linkId });
    const [seen] = await first.received(2);
    first.stop();
    const missed = [
      envelope({ link_id: linkId }),
      envelope({ link_id: linkId, webhook_code: 'token_required' }),
    ];
    for (const body of missed) await postWebhook(gateway.url, body, { authorization });

    const resumed = subscribe(client, LinkEventsDocument, {
      linkId,
      afterCursor: seen!.data!.linkEvents.cursor,
    });
    const replayed = await resumed.received(3);
    const live = envelope({ link_id: linkId });
    await postWebhook(gateway.url, live, { authorization });
    await resumed.received(4);
    resumed.stop();
    const ids = resumed.results.map((result) => result.data!.linkEvents.id);
    expect(ids.slice(1)).toEqual([...missed, live].map((body) => body.webhook_id));
    expect(ids[0]).not.toBe(seen!.data!.linkEvents.id);
    expect(new Set(ids).size).toBe(4);
    const cursors = replayed.map((result) => BigInt(result.data!.linkEvents.cursor));
    expect(cursors.every((cursor, index) => index === 0 || cursor > cursors[index - 1]!)).toBe(true);
  });

  it('refuses an afterCursor it never issued with BAD_USER_INPUT', async () => {
    const linkId = await createLink();
    const subscriber = subscribe(client, LinkEventsDocument, { linkId, afterCursor: '../1' });
    const [result] = await subscriber.received(1);
    expect(result!.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(result!.data ?? null).toBeNull();
  });

  // Last: pruning drops every other test's old events too.
  it('answers CURSOR_EXPIRED for a resume point past the retention', async () => {
    const linkId = await createLink();
    const first = subscribe(client, LinkEventsDocument, { linkId });
    const [seen] = await first.received(1);
    first.stop();
    await postWebhook(gateway.url, envelope({ link_id: linkId }), { authorization });
    await gateway.app.store.events.prune(new Date(Date.now() + 60_000));
    const resumed = subscribe(client, LinkEventsDocument, {
      linkId,
      afterCursor: seen!.data!.linkEvents.cursor,
    });
    const [result] = await resumed.received(1);
    expect(result!.errors?.[0]?.extensions).toMatchObject({ code: 'CURSOR_EXPIRED' });
    expect(result!.data ?? null).toBeNull();
  });
});
