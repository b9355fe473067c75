import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CreateLinkDocument } from '../generated/graphql.js';
import { startGateway, type Gateway } from '../support/gateway.js';
import { eventually } from '../support/sandbox.js';

/**
 * A subscribed socket speaking graphql-transport-ws. With `answerPings: false` its ping frames go
 * unanswered (`ws`'s `autoPong: false`): a peer that vanished without closing (a phone gone out of
 * range, a NAT that dropped the flow) looks exactly like this to the gateway.
 */
async function subscribedSocket(url: string, linkId: string, answerPings: boolean) {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', {
    autoPong: answerPings,
  });
  const messages: Array<{ type: string }> = [];
  let pings = 0;
  socket.on('ping', () => (pings += 1));
  socket.on('message', (data) => messages.push(JSON.parse(String(data)) as { type: string }));
  let closedWith: number | undefined;
  const closed = new Promise<number>((resolve) =>
    socket.on('close', (code) => {
      closedWith = code;
      resolve(code);
    }),
  );
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  socket.send(JSON.stringify({ type: 'connection_init' }));
  await eventually(() => messages.some((message) => message.type === 'connection_ack'));
  socket.send(
    JSON.stringify({
      id: '1',
      type: 'subscribe',
      payload: {
        query: 'subscription ($id: UUID!) { linkEvents(linkId: $id) { id } }',
        variables: { id: linkId },
      },
    }),
  );
  // The link's recorded events are replayed: a `next` proves the subscription is running.
  await eventually(() => messages.some((message) => message.type === 'next'));
  return { socket, closed, closedWith: () => closedWith, pings: () => pings };
}

describe('the WebSocket keep-alive', () => {
  let gateway: Gateway;
  let linkId: string;

  beforeAll(async () => {
    // 2 s: a busy machine still answers each ping well in time; a missed pong costs two intervals.
    gateway = await startGateway({ WS_KEEPALIVE_MS: '2000' });
    const created = await gateway.graphql(CreateLinkDocument, { input: { cedula: '1070000101' } });
    linkId = created.data!.createLink.link!.id;
    await eventually(async () => (await gateway.app.events.log.list(linkId)).length === 2);
  });
  afterAll(() => gateway.stop());

  it('terminates a socket that never answers pings, ends its subscription, and keeps the one that does', async () => {
    const answering = await subscribedSocket(gateway.url, linkId, true);
    const mute = await subscribedSocket(gateway.url, linkId, false);
    expect(gateway.app.ws.clients.size).toBe(2);
    expect(gateway.app.ws.activeSubscriptions()).toBe(2);
    expect(gateway.app.events.bus.listenerCount()).toBe(2);

    // Cut after a ping goes unanswered for an interval (about 4 s); the bound is only for failing.
    await eventually(() => mute.closedWith() !== undefined, 15_000);
    // Terminated, not closed: no close frame (1006 at the client), the peer is presumed gone.
    expect(mute.closedWith()).toBe(1006);
    expect(mute.pings()).toBeGreaterThanOrEqual(1);
    await eventually(
      () =>
        gateway.app.ws.clients.size === 1 &&
        gateway.app.ws.activeSubscriptions() === 1 &&
        gateway.app.events.bus.listenerCount() === 1,
    );
    // The answering socket saw the same pings and is still served.
    expect(answering.pings()).toBeGreaterThanOrEqual(1);
    expect(answering.socket.readyState).toBe(WebSocket.OPEN);

    answering.socket.close();
    await answering.closed;
    await eventually(
      () =>
        gateway.app.ws.clients.size === 0 &&
        gateway.app.ws.activeSubscriptions() === 0 &&
        gateway.app.events.bus.listenerCount() === 0,
    );
  }, 30_000);
});
