import { request as httpRequest, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CreateLinkDocument } from '../generated/graphql.js';
import { startGateway, type Gateway } from '../support/gateway.js';
import { eventually } from '../support/sandbox.js';
import { openSse } from '../support/sse.js';
import { wsClientFor } from '../support/subscriptions.js';
import type { LinkEventRecord } from '../../src/store/link-event.js';
import { SLOW_CONSUMER_CLOSE_CODE } from '../../src/push/ws/frames.js';

const SUBSCRIPTIONS_PER_SOCKET = 25;
/**
 * Large pushes fill the kernel's socket buffers (several MB on loopback) in a few hundred events:
 * a 2,000-character `errorCode` (what the bus carries is not checked again; the webhook route would
 * have dropped it).
 */
const LARGE_CODE = 'x'.repeat(2_000);
const QUERY = `subscription ($linkId: UUID!) {
  linkEvents(linkId: $linkId) { id cursor receivedAt ... on LinkError { reason errorCode errorMessage } }
}`;

/** A LINK_ERROR as the bus carries it: resolved from the record alone, no upstream read. */
function linkError(linkId: string, n: number): LinkEventRecord {
  return {
    id: `slow-consumer-${n}`,
    cursor: String(1_000_000 + n),
    kind: 'LINK_ERROR',
    linkId,
    receivedAt: new Date().toISOString(),
    processType: null,
    requestId: null,
    externalId: null,
    count: null,
    error: { reason: 'invalid_credentials', code: LARGE_CODE },
    newSince: null,
  };
}

/** A raw graphql-transport-ws socket with `count` subscriptions, each live (its replay arrived). */
async function subscribedSocket(url: string, linkId: string, count: number) {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  const firsts = new Set<string>();
  let acknowledged = false;
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as { type: string; id?: string };
    if (message.type === 'connection_ack') acknowledged = true;
    if (message.type === 'next') firsts.add(message.id!);
  });
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  socket.send(JSON.stringify({ type: 'connection_init' }));
  await eventually(() => acknowledged);
  for (let id = 1; id <= count; id++) {
    socket.send(
      JSON.stringify({ id: String(id), type: 'subscribe', payload: { query: QUERY, variables: { linkId } } }),
    );
  }
  await eventually(() => firsts.size === count);
  return { socket, closed };
}

describe('a WebSocket client that stops reading', () => {
  let gateway: Gateway;
  let linkId: string;

  beforeAll(async () => {
    gateway = await startGateway({
      WS_MAX_BUFFERED_BYTES: String(64 * 1024),
      WS_MAX_SUBSCRIPTIONS: String(SUBSCRIPTIONS_PER_SOCKET),
    });
    const created = await gateway.graphql(CreateLinkDocument, { input: { cedula: '1070000077' } });
    linkId = created.data!.createLink.link!.id;
  });
  afterAll(() => gateway.stop());

  it(`is dropped with close code ${SLOW_CONSUMER_CLOSE_CODE} while a subscriber on another socket gets every event`, async () => {
    const client = wsClientFor(gateway.url);
    const received = new Set<string>();
    const stop = client.subscribe<{ linkEvents: { id: string } }>(
      { query: QUERY, variables: { linkId } },
      { next: (result) => received.add(result.data!.linkEvents.id), error: () => {}, complete: () => {} },
    );
    await eventually(() => received.size > 0); // live: the link's recorded events arrived
    const slow = await subscribedSocket(gateway.url, linkId, SUBSCRIPTIONS_PER_SOCKET);
    slow.socket.pause(); // reads nothing more: the gateway's unsent frames pile up

    let published = 0;
    await eventually(async () => {
      for (let i = 0; i < 20; i++) await gateway.app.events.bus.publish(linkError(linkId, ++published));
      // Frames are written as the bus delivers them; let the sockets take what they can.
      await new Promise((resolve) => setImmediate(resolve));
      return gateway.app.ws.activeSubscriptions() === 1 || published >= 5_000;
    }, 60_000);
    expect(gateway.app.ws.activeSubscriptions()).toBe(1); // the slow socket's subscriptions ended at the drop

    const expected = Array.from({ length: published }, (_, i) => `slow-consumer-${i + 1}`);
    await eventually(() => expected.every((id) => received.has(id)), 30_000);
    expect(expected.filter((id) => !received.has(id))).toEqual([]);

    slow.socket.resume(); // reads what was sent before the drop, then the close frame
    expect(await slow.closed).toBe(SLOW_CONSUMER_CLOSE_CODE);
    stop();
    await client.dispose();
  });
});

/** An SSE stream over plain HTTP, so the test can stop reading it; resolves once it is live. */
async function pausableStream(url: string, linkId: string) {
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const request = httpRequest(`${url}/graphql/stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    });
    request.once('response', resolve).once('error', reject);
    request.end(JSON.stringify({ query: QUERY, variables: { linkId } }));
  });
  let text = '';
  response.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const ended = new Promise<void>((resolve) => response.socket.once('close', () => resolve()));
  await eventually(() => text.includes('event: next')); // live: the link's recorded events arrived
  return { response, ended };
}

describe('an SSE client that stops reading', () => {
  let gateway: Gateway;
  let linkId: string;

  beforeAll(async () => {
    gateway = await startGateway({ SSE_MAX_BUFFERED_BYTES: String(64 * 1024) });
    const created = await gateway.graphql(CreateLinkDocument, { input: { cedula: '1070000078' } });
    linkId = created.data!.createLink.link!.id;
  });
  afterAll(() => gateway.stop());

  it('has its stream ended while a stream beside it gets every event, each with its cursor', async () => {
    const reader = await openSse<{ linkEvents: { id: string } }, { linkId: string }>(gateway.url, QUERY, {
      linkId,
    });
    await reader.received(1); // live
    const slow = await pausableStream(gateway.url, linkId);
    expect(gateway.app.sse.openStreams()).toBe(2);
    slow.response.pause(); // reads nothing more: the gateway's unsent events pile up

    let published = 0;
    await eventually(async () => {
      for (let i = 0; i < 20; i++) await gateway.app.events.bus.publish(linkError(linkId, ++published));
      await new Promise((resolve) => setImmediate(resolve));
      return gateway.app.sse.openStreams() === 1 || published >= 5_000;
    }, 60_000);
    expect(gateway.app.sse.openStreams()).toBe(1); // the slow stream ended at the drop

    const expected = Array.from({ length: published }, (_, i) => `slow-consumer-${i + 1}`);
    await eventually(() => {
      const received = new Set(reader.results.map((result) => result.data?.data?.linkEvents.id));
      return expected.every((id) => received.has(id));
    }, 30_000);
    const pushed = reader.results.filter((result) => result.data?.data?.linkEvents.id.startsWith('slow-'));
    expect(pushed.map((result) => result.id)).toEqual(expected.map((_, i) => String(1_000_001 + i)));
    slow.response.resume();
    await slow.ended;
    reader.abort();
  });
});
