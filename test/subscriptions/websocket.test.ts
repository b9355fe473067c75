import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CreateLinkDocument, LinkEventsDocument } from '../generated/graphql.js';
import { startGateway, type Gateway } from '../support/gateway.js';
import { eventually } from '../support/sandbox.js';
import { subscribe, wsClientFor } from '../support/subscriptions.js';

/** A raw socket speaking graphql-transport-ws, for what a well-behaved client never does. */
async function rawSocket(url: string) {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  const messages: Array<Record<string, unknown>> = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data)) as Record<string, unknown>));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const init = async () => {
    socket.send(JSON.stringify({ type: 'connection_init' }));
    await eventually(() => messages.some((message) => message.type === 'connection_ack'));
  };
  return { socket, messages, closed, init };
}

describe('the WebSocket transport', () => {
  let gateway: Gateway;
  let linkId: string;

  beforeAll(async () => {
    gateway = await startGateway({
      WS_INIT_TIMEOUT_MS: '300',
      WS_IDLE_TIMEOUT_MS: '400',
      // Long enough that a busy machine answers each ping in time (a late pong ends the socket):
      // 500 ms could cut sockets on a busy machine. Tests keep it at 2 s or more.
      WS_KEEPALIVE_MS: '2000',
      WS_MAX_SUBSCRIPTIONS: '2',
      WS_MAX_MESSAGE_BYTES: '2048',
    });
    const created = await gateway.graphql(CreateLinkDocument, { input: { cedula: '1070000001' } });
    linkId = created.data!.createLink.link!.id;
    // Both webhooks recorded: a webhook that outran createLink's own record asks Belvo about the
    // link, and that call must not land inside a test that counts Belvo's calls.
    await eventually(async () => (await gateway.app.events.log.list(linkId)).length === 2);
  });
  afterAll(() => gateway.stop());

  async function firstResult(query: string, variables: Record<string, unknown> = { linkId }) {
    const client = wsClientFor(gateway.url);
    try {
      return await new Promise<{ errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }>(
        (resolve, reject) => {
          client.subscribe(
            { query, variables },
            { next: resolve as never, error: reject, complete: () => {} },
          );
        },
      );
    } catch (errors) {
      return { errors: errors as never };
    } finally {
      await client.dispose();
    }
  }

  it('serves subscriptions only: a query is refused with BAD_REQUEST, before any upstream call', async () => {
    gateway.sandbox.resetCounters();
    const result = await firstResult('query { links(first: 1) { totalCount } }');
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    expect(gateway.sandbox.count()).toBe(0);
  });

  it('validates like HTTP: syntax and unknown fields get their codes, no stack traces', async () => {
    const parse = await firstResult('subscription { linkEvents(');
    expect(parse.errors?.[0]?.extensions).toEqual({ code: 'GRAPHQL_PARSE_FAILED' });
    const invalid = await firstResult(
      'subscription ($linkId: UUID!) { linkEvents(linkId: $linkId) { nope } }',
    );
    expect(invalid.errors?.[0]?.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
  });

  it('answers an unnamed operation in a multi-operation document with OPERATION_RESOLUTION_FAILURE, as HTTP does', async () => {
    const twoOperations = `subscription A($linkId: UUID!) { linkEvents(linkId: $linkId) { id } }
      subscription B($linkId: UUID!) { linkEvents(linkId: $linkId) { cursor } }`;
    const overWs = await firstResult(twoOperations);
    const overHttp = (await (
      await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'query A { __typename } query B { __typename }' }),
      })
    ).json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(overHttp.errors[0]!.extensions.code).toBe('OPERATION_RESOLUTION_FAILURE');
    expect(overWs.errors?.[0]).toMatchObject({
      message: overHttp.errors[0]!.message,
      extensions: { code: 'OPERATION_RESOLUTION_FAILURE' },
    });
  });

  it('refuses bad variables as BAD_USER_INPUT, without echoing the value, before any upstream call', async () => {
    gateway.sandbox.resetCounters();
    const query = 'subscription ($linkId: UUID!) { linkEvents(linkId: $linkId) { id } }';
    for (const variables of [{ linkId: '1020304050' }, { linkId: { nested: true } }, {}]) {
      const result = await firstResult(query, variables);
      expect(result.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT' });
      expect(JSON.stringify(result)).not.toContain('1020304050');
    }
    expect(gateway.sandbox.count()).toBe(0);
  });

  it('caps subscriptions per connection', async () => {
    const client = wsClientFor(gateway.url);
    const subscribers = [1, 2, 3].map(() => subscribe(client, LinkEventsDocument, { linkId }));
    await eventually(() => subscribers[2]!.failure() ?? false);
    expect(JSON.stringify(subscribers[2]!.failure())).toContain('TOO_MANY_SUBSCRIPTIONS');
    for (const subscriber of subscribers) subscriber.stop();
    await client.dispose();
  });

  it('closes a connection that never sends connection_init (4408)', async () => {
    const { closed } = await rawSocket(gateway.url);
    expect((await closed).code).toBe(4408);
  });

  it('closes an initialised connection that stays without subscriptions', async () => {
    const { init, closed } = await rawSocket(gateway.url);
    await init();
    expect(await closed).toEqual({ code: 1000, reason: 'Idle timeout' });
  });

  it('keeps an open subscription alive past the idle timeout, with pings', async () => {
    const subscribed = await rawSocket(gateway.url);
    let pings = 0;
    subscribed.socket.on('ping', () => (pings += 1));
    await subscribed.init();
    subscribed.socket.send(
      JSON.stringify({
        id: '1',
        type: 'subscribe',
        payload: {
          query: 'subscription ($id: UUID!) { linkEvents(linkId: $id) { id } }',
          variables: { id: linkId },
        },
      }),
    );
    await eventually(() => subscribed.messages.some((message) => message.type === 'next'));
    // A socket initialised after the subscription started, without one of its own, is closed for
    // idling: a whole idle timeout has passed since the subscription started.
    const idle = await rawSocket(gateway.url);
    await idle.init();
    expect(await idle.closed).toEqual({ code: 1000, reason: 'Idle timeout' });
    // A round trip on the subscribed socket: a close sent before the idle one would arrive first.
    subscribed.socket.send(JSON.stringify({ type: 'ping' }));
    await eventually(
      () =>
        subscribed.messages.some((message) => message.type === 'pong') || subscribed.socket.readyState > 1,
    );
    expect(subscribed.socket.readyState).toBe(WebSocket.OPEN);
    expect(subscribed.messages.filter((message) => message.type === 'pong')).toHaveLength(1);
    // Kept alive by the server's ping frames (WS_KEEPALIVE_MS), answered by this client's pongs.
    await eventually(() => pings >= 1);
    expect(subscribed.socket.readyState).toBe(WebSocket.OPEN);
    subscribed.socket.close();
  });

  it('drops a message over the size limit with close code 1009', async () => {
    const { socket, init, closed } = await rawSocket(gateway.url);
    await init();
    socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: `# ${'x'.repeat(4_000)}` } }));
    expect((await closed).code).toBe(1009);
  });

  it('answers an upgrade on another path by closing it', async () => {
    const socket = new WebSocket(`${gateway.url.replace(/^http/, 'ws')}/elsewhere`, 'graphql-transport-ws');
    await expect(
      new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject)),
    ).rejects.toThrow();
  });

  it('leaves no listener and no socket behind once clients leave', async () => {
    const client = wsClientFor(gateway.url);
    const subscribers = [1, 2].map(() => subscribe(client, LinkEventsDocument, { linkId }));
    await Promise.all(subscribers.map((subscriber) => subscriber.received(1)));
    expect(gateway.app.ws.clients.size).toBeGreaterThan(0);
    expect(gateway.app.events.bus.listenerCount()).toBeGreaterThan(0);
    for (const subscriber of subscribers) subscriber.stop();
    await client.dispose();
    await eventually(() => gateway.app.ws.clients.size === 0 && gateway.app.events.bus.listenerCount() === 0);
  });
});

describe('the WebSocket transport with default limits', () => {
  it('refuses a document over the token limit before any upstream call', async () => {
    const gateway = await startGateway();
    const client = wsClientFor(gateway.url);
    try {
      const fields = Array.from({ length: 6_000 }, () => 'id').join(' ');
      const query = `subscription ($linkId: UUID!) { linkEvents(linkId: $linkId) { ${fields} } }`;
      const errors = await new Promise<unknown>((resolve) =>
        client.subscribe(
          { query, variables: { linkId: '00000000-0000-4000-8000-000000000000' } },
          {
            next: () => {},
            error: resolve,
            complete: () => resolve(undefined),
          },
        ),
      );
      expect(JSON.stringify(errors)).toContain('GRAPHQL_PARSE_FAILED');
      expect(gateway.sandbox.count()).toBe(0);
    } finally {
      await client.dispose();
      await gateway.stop();
    }
  });
});
