/**
 * The floors the gateway's push is compared with, each in a process of its own like the gateway:
 * `raw`, a bare `ws` server that answers graphql-transport-ws's handshake and, per webhook, sends
 * one pre-serialized `next` message to the link's subscriber with `ws.send`; `raw-direct`, the same
 * with the message framed by the gateway's `textFrames` and written straight to the TCP socket, as
 * the gateway pushes (what that path buys over `ws.send`); `graphql-ws`, a minimal stock
 * graphql-ws server (useServer, a tiny schema, an in-memory pub/sub). Both take the same webhook
 * POSTs as the gateway, and push the same shape of data, held in memory (no upstream read).
 */
import { buildSchema, type GraphQLObjectType } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import WebSocket, { WebSocketServer } from 'ws';
import { textFrames } from '../../../src/push/ws/frames.js';
import { processStats, serveRequests } from './worker.js';

const mode = (['raw', 'raw-direct'] as const).find((kind) => kind === process.argv[2]) ?? 'graphql-ws';

/** What the gateway pushes for a link's event (as the README's selection asks), kept constant. */
function eventData(kind: string, id: string) {
  return kind === 'OWNERS'
    ? { __typename: 'OwnersHistoricalUpdate', id, owners: [{ displayName: 'MARÍA FERNANDA GÓMEZ RUIZ' }] }
    : {
        __typename: 'EmploymentsHistoricalUpdate',
        id,
        total: 3,
        employments: ['ALMACENES ÉXITO S.A.', 'BANCOLOMBIA S.A.', 'ECOPETROL S.A.'].map((name) => ({
          employerData: { name, tenure: '2 years 3 months' },
        })),
      };
}

const SDL = `scalar UUID
type Query { ok: Boolean }
type EmployerData { name: String tenure: String }
type Employment { employerData: EmployerData }
type Owner { displayName: String }
type EmploymentsHistoricalUpdate { id: ID! total: Int employments: [Employment]! }
type OwnersHistoricalUpdate { id: ID! owners: [Owner]! }
union HistoricalUpdate = EmploymentsHistoricalUpdate | OwnersHistoricalUpdate
type Subscription { historicalUpdate(linkId: UUID!): HistoricalUpdate! }`;

type Push = (kind: string, eventId: string) => void;
/** The pushes of each link's subscribers. */
const subscribers = new Map<string, Set<Push>>();

function listen(linkId: string, push: Push): () => void {
  let set = subscribers.get(linkId);
  if (!set) subscribers.set(linkId, (set = new Set()));
  set.add(push);
  return () => {
    set.delete(push);
    if (set.size === 0) subscribers.delete(linkId);
  };
}

/**
 * An async iterator of one link's events: the in-memory pub/sub of the stock server. Written out
 * (not an async generator) so that `return()` unsubscribes at once, even while waiting.
 */
function linkEvents(linkId: string): AsyncIterableIterator<{ historicalUpdate: object }> {
  const queue: Array<{ historicalUpdate: object }> = [];
  let waiting: ((result: IteratorResult<{ historicalUpdate: object }>) => void) | undefined;
  const stop = listen(linkId, (kind, id) => {
    const value = { historicalUpdate: eventData(kind, id) };
    if (waiting) waiting({ value, done: false });
    else queue.push(value);
    waiting = undefined;
  });
  const iterator: AsyncIterableIterator<{ historicalUpdate: object }> = {
    next: () =>
      queue.length > 0
        ? Promise.resolve({ value: queue.shift()!, done: false })
        : new Promise((resolve) => (waiting = resolve)),
    return: () => {
      stop();
      waiting?.({ value: undefined, done: true });
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

function stockServer(wss: WebSocketServer) {
  const schema = buildSchema(SDL);
  const field = (schema.getType('Subscription') as GraphQLObjectType).getFields().historicalUpdate!;
  field.subscribe = (_source, args: { linkId: string }) => linkEvents(args.linkId);
  useServer({ schema }, wss);
}

/** How a raw server hands one message to a socket: through ws, or as a frame on the TCP socket. */
type Send = (socket: WebSocket, tcp: Duplex, message: string) => void;
const throughWs: Send = (socket, _tcp, message) => socket.send(message);
const direct: Send = (_socket, tcp, message) => void tcp.write(textFrames([message]));

/** Raw: the frame is serialized once per event, around the subscriber's operation id. */
function rawServer(wss: WebSocketServer, send: Send) {
  wss.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    const stops: Array<() => void> = [];
    socket.once('close', () => stops.forEach((stop) => stop()));
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as {
        type: string;
        id?: string;
        payload?: { variables?: { linkId?: string } };
      };
      if (message.type === 'connection_init') socket.send('{"type":"connection_ack"}');
      else if (message.type === 'subscribe') {
        const prefix = `{"id":${JSON.stringify(message.id)},"type":"next","payload":{"data":{"historicalUpdate":`;
        stops.push(
          listen(message.payload!.variables!.linkId!, (kind, id) =>
            send(socket, request.socket, `${prefix}${JSON.stringify(eventData(kind, id))}}}}`),
          ),
        );
      }
    });
  });
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

const server = createServer((request, response) => {
  void readBody(request).then((body) => {
    const webhook = JSON.parse(body) as { link_id: string; webhook_id: string; webhook_type: string };
    for (const push of subscribers.get(webhook.link_id) ?? []) push(webhook.webhook_type, webhook.webhook_id);
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
});
const wss = new WebSocketServer({ server, path: '/graphql' });
if (mode === 'graphql-ws') stockServer(wss);
else rawServer(wss, mode === 'raw' ? throughWs : direct);

serveRequests({
  start: async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  },
  stats: (request) => ({
    ...processStats(Boolean(request.collect)),
    subscriptions: [...subscribers.values()].reduce((sum, set) => sum + set.size, 0),
    upstreamRequests: 0,
  }),
  stop: () => {
    for (const client of wss.clients) client.terminate();
    server.close();
    setImmediate(() => process.exit(0));
    return {};
  },
});
