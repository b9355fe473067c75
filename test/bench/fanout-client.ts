/**
 * The subscribers of the fan-out benchmark, in a process of their own (so their work does not slow
 * the gateway's event loop): `count` subscriptions to one link over many graphql-ws connections, or
 * over as many graphql-sse streams.
 * Driven by the bench over IPC; reports each delivery's arrival time, which the bench compares with
 * the time it posted the webhook (same machine, same clock).
 */
import { onNextEvents } from './sse-next-events.js';
import { createClient, type Client } from 'graphql-ws';
import { Agent, request as httpRequest } from 'node:http';
import WebSocket from 'ws';

type Command =
  | {
      type: 'subscribe';
      url: string;
      linkId: string;
      count: number;
      perSocket: number;
      apiKey: string;
      transport?: 'ws' | 'sse';
    }
  | { type: 'expect'; eventId: string }
  | { type: 'close' };

const now = () => performance.timeOrigin + performance.now();
const clients: Client[] = [];
const disposers: Array<() => void> = [];
/** Subscriptions that received a replayed event, so their live listener is attached. */
const live = new Set<number>();
let expected: { eventId: string; arrivals: number[]; target: number } | undefined;

function send(message: unknown) {
  process.send?.(message);
}

function onEvent(subscription: number, id: string) {
  if (!expected || id !== expected.eventId) {
    live.add(subscription);
    return;
  }
  expected.arrivals.push(now());
  if (expected.arrivals.length === expected.target) {
    send({ type: 'delivered', eventId: expected.eventId, arrivals: expected.arrivals });
    expected = undefined;
  }
}

const QUERY = 'subscription ($linkId: UUID!) { linkEvents(linkId: $linkId) { id } }';
const agent = new Agent({ keepAlive: false, maxSockets: Infinity });

/** One graphql-sse stream (distinct connections mode): a POST answered with text/event-stream. */
function openStream(url: string, linkId: string, apiKey: string, subscription: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${url}/graphql/stream`, {
      method: 'POST',
      agent,
      headers: { accept: 'text/event-stream', 'content-type': 'application/json', 'x-api-key': apiKey },
    });
    disposers.push(() => request.destroy());
    request.on('error', reject);
    request.on('response', (response) => {
      if (response.statusCode !== 200) return reject(new Error(`SSE stream answered ${response.statusCode}`));
      onNextEvents(response, (payload) => {
        const result = payload as { data?: { linkEvents: { id: string } } };
        if (result.data) onEvent(subscription, result.data.linkEvents.id);
      });
      resolve();
    });
    request.end(JSON.stringify({ query: QUERY, variables: { linkId } }));
  });
}

async function subscribeOverSse(command: Extract<Command, { type: 'subscribe' }>): Promise<void> {
  // A hundred at a time: a burst of thousands of connections overflows the accept queue.
  for (let i = 0; i < command.count; i += 100) {
    const batch = Array.from({ length: Math.min(100, command.count - i) }, (_, j) =>
      openStream(command.url, command.linkId, command.apiKey, i + j),
    );
    await Promise.all(batch);
  }
}

function waitUntilLive(count: number) {
  // Every subscription replays the link's first recorded event once its live listener is attached.
  const started = Date.now();
  const wait = setInterval(() => {
    if (live.size >= count) {
      clearInterval(wait);
      send({ type: 'ready', seconds: (Date.now() - started) / 1000 });
    }
  }, 20);
}

process.on('message', (command: Command) => {
  if (command.type === 'subscribe' && command.transport === 'sse') {
    subscribeOverSse(command).catch((error: unknown) => send({ type: 'error', message: String(error) }));
    waitUntilLive(command.count);
  } else if (command.type === 'subscribe') {
    const sockets = Math.ceil(command.count / command.perSocket);
    for (let s = 0; s < sockets; s++) {
      const client = createClient({
        url: `${command.url.replace(/^http/, 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: { 'x-api-key': command.apiKey },
        retryAttempts: 0,
      });
      clients.push(client);
      const here = Math.min(command.perSocket, command.count - s * command.perSocket);
      for (let i = 0; i < here; i++) {
        const subscription = s * command.perSocket + i;
        disposers.push(
          client.subscribe<{ linkEvents: { id: string } }>(
            {
              query: QUERY,
              variables: { linkId: command.linkId },
            },
            {
              next: (result) => result.data && onEvent(subscription, result.data.linkEvents.id),
              error: (error) =>
                send({ type: 'error', message: String((error as Error)?.message ?? JSON.stringify(error)) }),
              complete: () => {},
            },
          ),
        );
      }
    }
    waitUntilLive(command.count);
  } else if (command.type === 'expect') {
    expected = { eventId: command.eventId, arrivals: [], target: disposers.length };
    send({ type: 'expecting' });
  } else if (command.type === 'close') {
    for (const dispose of disposers) dispose();
    void Promise.all(clients.map((client) => client.dispose())).then(() => process.exit(0));
  }
});
