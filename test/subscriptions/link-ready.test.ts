import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateLinkDocument, LinkReadyDocument } from '../generated/graphql.js';
import { startGateway, type Gateway } from '../support/gateway.js';
import { eventually } from '../support/sandbox.js';
import { openSse } from '../support/sse.js';
import { subscribe, wsClientFor } from '../support/subscriptions.js';

/** `linkReady`: the one operation a frontend needs after `createLink`. */
describe('linkReady', () => {
  let gateway: Gateway;
  let client: Client;
  let cedula = 1_060_000_000;

  beforeAll(async () => {
    gateway = await startGateway({ SANDBOX_EXTRACTION_DELAY_MS: '150' });
    client = wsClientFor(gateway.url);
  });
  afterAll(async () => {
    await client.dispose();
    await gateway.stop();
  });

  async function createLink(input: Record<string, unknown> = {}) {
    cedula += 1;
    const created = await gateway.graphql(CreateLinkDocument, {
      input: { cedula: String(cedula), ...input },
    });
    expect(created.errors).toBeUndefined();
    return created.data!.createLink.link!.id;
  }

  it('pushes the link with its employments and owners once both are extracted, then completes (WebSocket)', async () => {
    const linkId = await createLink();
    const subscriber = subscribe(client, LinkReadyDocument, { linkId });
    await subscriber.done;
    expect(subscriber.failure()).toBeUndefined();
    expect(subscriber.results).toHaveLength(1);
    const ready = subscriber.results[0]!.data!.linkReady;
    expect(ready).toMatchObject({ outcome: 'READY', errorReason: null, link: { id: linkId } });
    expect(ready.link!.employments.length).toBeGreaterThan(0);
    expect(ready.link!.owners.length).toBeGreaterThan(0);
    expect((await gateway.app.events.log.list(linkId)).map((event) => event.cursor)).toContain(ready.cursor);
  });

  it('answers at once when the data is already in, over SSE too', async () => {
    const linkId = await createLink();
    const first = subscribe(client, LinkReadyDocument, { linkId });
    await first.done;
    const stream = await openSse(gateway.url, LinkReadyDocument, { linkId });
    await stream.ended;
    expect(stream.results).toHaveLength(1);
    expect(stream.results[0]!.data!.data!.linkReady.outcome).toBe('READY');
    expect(stream.messages.at(-1)!.event).toBe('complete');
  });

  it('waits only for what the link fetches', async () => {
    const linkId = await createLink({ fetchResources: ['EMPLOYMENTS'] });
    const subscriber = subscribe(client, LinkReadyDocument, { linkId });
    await subscriber.done;
    const ready = subscriber.results[0]!.data!.linkReady;
    expect(ready.outcome).toBe('READY');
    expect(ready.link!.employments.length).toBeGreaterThan(0);
  });

  it("ends with the link's error when Belvo cannot extract", async () => {
    const created = await gateway.graphql(CreateLinkDocument, { input: { cedula: '6660000123' } });
    const linkId = created.data!.createLink.link!.id;
    const subscriber = subscribe(client, LinkReadyDocument, { linkId });
    await subscriber.done;
    expect(subscriber.results).toHaveLength(1);
    expect(subscriber.results[0]!.data!.linkReady).toMatchObject({
      outcome: 'LINK_ERROR',
      errorReason: 'INVALID_CREDENTIALS',
    });
  });

  it('leaves no listener behind when the client stops waiting', async () => {
    // Belvo's webhooks withheld: the link stays unextracted, so the subscription is still waiting
    // (not completed by itself) when the client stops.
    const target = gateway.sandbox.webhooks.target;
    gateway.sandbox.setWebhookTarget(undefined);
    try {
      await eventually(() => gateway.app.events.bus.listenerCount() === 0);
      const linkId = await createLink();
      const subscriber = subscribe(client, LinkReadyDocument, { linkId });
      // Stopped only once the gateway listens for the link: a client stopped before it connects
      // would leave nothing behind whatever the gateway does.
      await eventually(() => gateway.app.events.bus.listenerCount() === 1);
      subscriber.stop();
      await eventually(() => gateway.app.events.bus.listenerCount() === 0);
      expect(subscriber.results).toEqual([]);
      expect(subscriber.failure()).toBeUndefined();
    } finally {
      gateway.sandbox.setWebhookTarget(target);
    }
  });
});
