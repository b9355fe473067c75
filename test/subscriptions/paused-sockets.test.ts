import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CreateLinkDocument } from '../generated/graphql.js';
import { startGateway, type Gateway } from '../support/gateway.js';
import { eventually } from '../support/sandbox.js';
import { envelope, postWebhook } from '../support/subscriptions.js';

const SOCKETS = 10;
const SUBSCRIPTIONS_PER_SOCKET = 5;
/** Resolved from the record alone: nothing to wait for before its frames could be written. */
const QUERY = `subscription ($linkId: UUID!) {
  linkEvents(linkId: $linkId) { id cursor ... on LinkError { reason errorCode } }
}`;

/** A graphql-transport-ws client with `count` subscriptions to the link; counts each event's frames. */
async function subscribedSocket(url: string, linkId: string) {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  const framesOf = new Map<string, number>();
  let acknowledged = false;
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as {
      type: string;
      payload?: { data?: { linkEvents?: { id: string } } };
    };
    if (message.type === 'connection_ack') acknowledged = true;
    const id = message.payload?.data?.linkEvents?.id;
    if (message.type === 'next' && id) framesOf.set(id, (framesOf.get(id) ?? 0) + 1);
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  socket.send(JSON.stringify({ type: 'connection_init' }));
  await eventually(() => acknowledged);
  for (let id = 1; id <= SUBSCRIPTIONS_PER_SOCKET; id++) {
    socket.send(
      JSON.stringify({ id: String(id), type: 'subscribe', payload: { query: QUERY, variables: { linkId } } }),
    );
  }
  return { socket, framesOf: (eventId: string) => framesOf.get(eventId) ?? 0 };
}

const linkError = (linkId: string) =>
  envelope({ link_id: linkId, webhook_code: 'token_required', data: { error_code: 'token_required' } });

describe('webhook answers and subscribers that stopped reading', () => {
  let gateway: Gateway;
  beforeAll(async () => {
    gateway = await startGateway({ SANDBOX_EXTRACTION_DELAY_MS: '600000' });
  });
  afterAll(() => gateway.stop());

  it(`answers a webhook before a frame of its event is written to ${SOCKETS} paused sockets, then delivers it to each`, async () => {
    // The gateway's end of every WebSocket: what it has written there, read or not by the client.
    const gatewaySockets: Socket[] = [];
    gateway.app.fastify.server.on('upgrade', (_request, socket: Socket) => gatewaySockets.push(socket));
    const written = () => gatewaySockets.reduce((sum, socket) => sum + socket.bytesWritten, 0);
    // What had been written to them when the webhook's answer left (synchronously, in `end()`).
    const writtenAtAnswer: number[] = [];
    gateway.app.fastify.server.on('request', (request, response) => {
      if (request.url === '/webhooks/belvo')
        response.once('prefinish', () => writtenAtAnswer.push(written()));
    });

    const created = await gateway.graphql(CreateLinkDocument, { input: { cedula: '1070000401' } });
    const linkId = created.data!.createLink.link!.id;
    const clients = await Promise.all(
      Array.from({ length: SOCKETS }, () => subscribedSocket(gateway.url, linkId)),
    );
    try {
      expect(gatewaySockets).toHaveLength(SOCKETS);
      const authorization = gateway.app.config.webhookAuthorizations[0];
      const headers: Record<string, string> = authorization ? { authorization } : {};
      // Live: an event reaches every subscription.
      const warmUp = linkError(linkId);
      expect((await postWebhook(gateway.url, warmUp, headers)).body.status).toBe('accepted');
      await eventually(() =>
        clients.every((client) => client.framesOf(warmUp.webhook_id) === SUBSCRIPTIONS_PER_SOCKET),
      );

      for (const client of clients) client.socket.pause(); // they read nothing more
      const before = written();
      const webhook = linkError(linkId);
      const answer = await postWebhook(gateway.url, webhook, headers);
      expect(answer.status).toBe(200);
      expect(answer.body.status).toBe('accepted');
      expect(writtenAtAnswer.at(-1)).toBe(before); // answered before any of its frames was written
      await eventually(() => written() > before); // then written, to sockets nobody reads

      for (const client of clients) client.socket.resume();
      await eventually(() =>
        clients.every((client) => client.framesOf(webhook.webhook_id) === SUBSCRIPTIONS_PER_SOCKET),
      );
    } finally {
      for (const client of clients) client.socket.terminate();
    }
  });
});
