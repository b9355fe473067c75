import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateLinkDocument,
  HistoricalUpdateDocument,
  LinkEventsDocument,
  type LinkEventsSubscription,
} from '../generated/graphql.js';
import { apiKeyEntry, randomKey } from '../support/auth.js';
import { startGateway, type Gateway } from '../support/gateway.js';
import { openSse, type SseMessage } from '../support/sse.js';
import { envelope, postWebhook } from '../support/subscriptions.js';

const tenantKey = randomKey();
const otherKey = randomKey();
const asTenant = { 'x-api-key': tenantKey };
const asOther = { 'x-api-key': otherKey };

describe('GraphQL over Server-Sent Events at /graphql/stream', () => {
  let gateway: Gateway;
  let linkId: string;

  beforeAll(async () => {
    gateway = await startGateway({
      CLIENT_API_KEYS: [apiKeyEntry('tenant', tenantKey), apiKeyEntry('other', otherKey)].join(','),
      SSE_MAX_STREAMS_PER_PRINCIPAL: '4',
    });
    const created = await gateway.graphql(CreateLinkDocument, { input: { cedula: '1090000001' } }, asTenant);
    linkId = created.data!.createLink.link!.id;
  });
  afterAll(() => gateway.stop());

  const webhook = async (code: string) => {
    const body = envelope({ link_id: linkId, webhook_code: code });
    const answer = await postWebhook(gateway.url, body, {
      authorization: gateway.app.config.webhookAuthorizations[0]!,
    });
    expect(answer.body.status).toBe('accepted');
    return body.webhook_id;
  };
  const idsOf = (results: SseMessage<LinkEventsSubscription>[]) =>
    results.map((result) => result.data!.data!.linkEvents.id);

  it('pushes both historical updates with their data, unbuffered and uncached, each with its cursor as the SSE id', async () => {
    const stream = await openSse(gateway.url, HistoricalUpdateDocument, { linkId }, asTenant);
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(stream.headers.get('cache-control')).toContain('no-cache');
    expect(stream.headers.get('x-accel-buffering')).toBe('no');
    expect(stream.headers.get('content-encoding')).toBeNull();
    const received = await stream.received(2);
    stream.abort();
    // Belvo sends the two webhooks at once: either may be recorded first.
    const updates = received.map((message) => message.data!.data!.historicalUpdate);
    expect(updates.map((update) => update.__typename).sort()).toEqual([
      'EmploymentsHistoricalUpdate',
      'OwnersHistoricalUpdate',
    ]);
    for (const update of updates) {
      if (update.__typename === 'EmploymentsHistoricalUpdate')
        expect(update.employments.length).toBeGreaterThan(0);
      if (update.__typename === 'OwnersHistoricalUpdate') expect(update.owners.length).toBeGreaterThan(0);
    }
    const [first, second] = received;
    expect(first!.id).toMatch(/^\d+$/);
    expect(BigInt(second!.id!)).toBeGreaterThan(BigInt(first!.id!));
  });

  it('resumes a dropped stream with Last-Event-ID: exactly the missed events, then live ones, none twice', async () => {
    const first = await openSse(gateway.url, LinkEventsDocument, { linkId }, asTenant);
    const seen = await first.received(2);
    expect(seen.map((message) => message.id)).toEqual(
      seen.map((message) => message.data!.data!.linkEvents.cursor),
    );
    first.abort();
    await first.ended;

    const missed = [await webhook('invalid_credentials'), await webhook('token_required')];
    const resumed = await openSse(
      gateway.url,
      LinkEventsDocument,
      { linkId },
      {
        ...asTenant,
        'last-event-id': seen.at(-1)!.id!,
      },
    );
    expect(idsOf(await resumed.received(2))).toEqual(missed);
    const live = await webhook('invalid_credentials');
    expect(idsOf(await resumed.received(3))).toEqual([...missed, live]);
    resumed.abort();
    expect(resumed.results).toHaveLength(3);
  });

  it('takes the later of afterCursor and Last-Event-ID (a reconnect repeats its first request)', async () => {
    const all = await openSse(gateway.url, LinkEventsDocument, { linkId }, asTenant);
    const events = await all.received(3);
    all.abort();
    const [oldest, middle] = events.map((message) => message.id!);
    const resumed = await openSse(
      gateway.url,
      LinkEventsDocument,
      { linkId, afterCursor: oldest },
      { ...asTenant, 'last-event-id': middle! },
    );
    const first = (await resumed.received(1))[0]!;
    resumed.abort();
    expect(BigInt(first.id!)).toBeGreaterThan(BigInt(middle!));
  });

  it('answers a link of another principal with NOT_FOUND, and completes', async () => {
    const stream = await openSse(gateway.url, LinkEventsDocument, { linkId }, asOther);
    await stream.ended;
    expect(stream.status).toBe(200);
    expect(stream.results).toHaveLength(1);
    expect(stream.results[0]!.data!.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    expect(stream.messages.at(-1)!.event).toBe('complete');
  });

  it('answers a resume point past the retention with CURSOR_EXPIRED, and a malformed Last-Event-ID with BAD_USER_INPUT', async () => {
    const before = await openSse(gateway.url, LinkEventsDocument, { linkId }, asTenant);
    const oldest = (await before.received(1))[0]!.id!;
    before.abort();
    const store = gateway.app.store;
    // Everything logged so far falls out of the retention (later tests need no replay).
    await store.events.prune(new Date(Date.now() + 60_000));
    const expired = await openSse(
      gateway.url,
      LinkEventsDocument,
      { linkId },
      {
        ...asTenant,
        'last-event-id': oldest,
      },
    );
    await expired.ended;
    const error = expired.results[0]!.data!.errors![0]!;
    expect(error.extensions!.code).toBe('CURSOR_EXPIRED');
    expect(error.message).toMatch(/read the link again/);
    const malformed = await openSse(
      gateway.url,
      LinkEventsDocument,
      { linkId },
      {
        ...asTenant,
        'last-event-id': 'not-a-cursor',
      },
    );
    await malformed.ended;
    expect(malformed.results[0]!.data!.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'Last-Event-ID',
    });
  });

  it('serves subscriptions only, validated like HTTP, with coded errors', async () => {
    const query = await openSse(gateway.url, '{ links(first: 1) { totalCount } }', {}, asTenant);
    await query.ended;
    expect(query.results[0]!.data!.errors![0]).toMatchObject({
      message: expect.stringContaining('Only subscriptions'),
      extensions: { code: 'BAD_REQUEST' },
    });
    const unknown = await openSse(gateway.url, 'subscription { nope }', {}, asTenant);
    await unknown.ended;
    expect(unknown.results[0]!.data!.errors![0]!.extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const broken = await openSse(gateway.url, 'subscription {', {}, asTenant);
    await broken.ended;
    expect(broken.results[0]!.data!.errors![0]!.extensions!.code).toBe('GRAPHQL_PARSE_FAILED');
    const badVariable = await openSse(gateway.url, LinkEventsDocument, { linkId: 'x' }, asTenant);
    await badVariable.ended;
    expect(badVariable.results[0]!.data!.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
  });

  it('refuses unauthenticated streams (401), foreign origins (403) and non-stream requests (406)', async () => {
    const anonymous = await openSse(gateway.url, LinkEventsDocument, { linkId });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    const foreign = await openSse(
      gateway.url,
      LinkEventsDocument,
      { linkId },
      {
        ...asTenant,
        origin: 'https://evil.example',
      },
    );
    expect(foreign.status).toBe(403);
    const plain = await fetch(`${gateway.url}/graphql/stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...asTenant },
      body: JSON.stringify({ query: 'subscription { __typename }' }),
    });
    expect(plain.status).toBe(406);
  });

  it('answers CORS preflights from allowed origins, allowing Last-Event-ID', async () => {
    const preflight = await fetch(`${gateway.url}/graphql/stream`, {
      method: 'OPTIONS',
      headers: {
        origin: gateway.url,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'last-event-id, x-api-key, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('last-event-id');
  });

  it('caps open streams per principal (429) and counts streams and operations in the metrics', async () => {
    const streams = await Promise.all(
      Array.from({ length: 4 }, () => openSse(gateway.url, LinkEventsDocument, { linkId }, asTenant)),
    );
    expect(streams.map((stream) => stream.status)).toEqual([200, 200, 200, 200]);
    const over = await openSse(gateway.url, LinkEventsDocument, { linkId }, asTenant);
    expect(over.status).toBe(429);
    expect(over.body).toMatchObject({ errors: [{ extensions: { code: 'TOO_MANY_STREAMS' } }] });
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(metrics).toMatch(/gateway_sse_streams 4/);
    expect(metrics).toMatch(/transport="sse",type="subscription"/);
    for (const stream of streams) stream.abort();
    await Promise.all(streams.map((stream) => stream.ended));
  });

  it('stops with streams open, ending them', async () => {
    const other = await startGateway();
    const created = await other.graphql(CreateLinkDocument, { input: { cedula: '1090000002' } });
    const stream = await openSse(other.url, LinkEventsDocument, {
      linkId: created.data!.createLink.link!.id,
    });
    await stream.received(2);
    await other.stop();
    await stream.ended;
    expect(other.app.sse.openStreams()).toBe(0);
  });
});
