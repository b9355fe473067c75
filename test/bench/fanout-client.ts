/**
 * The subscribers of the fan-out benchmark, in a process of their own (so their work does not slow
 * the gateway's event loop): `count` subscriptions to one link over many graphql-ws connections.
 * Driven by the bench over IPC; reports each delivery's arrival time, which the bench compares with
 * the time it posted the webhook (same machine, same clock).
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

type Command =
  | { type: 'subscribe'; url: string; linkId: string; count: number; perSocket: number; apiKey: string }
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

process.on('message', (command: Command) => {
  if (command.type === 'subscribe') {
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
              query: 'subscription ($linkId: UUID!) { linkEvents(linkId: $linkId) { id } }',
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
    // Every subscription replays the link's first recorded event once its live listener is attached.
    const started = Date.now();
    const wait = setInterval(() => {
      if (live.size >= command.count) {
        clearInterval(wait);
        send({ type: 'ready', seconds: (Date.now() - started) / 1000 });
      }
    }, 20);
  } else if (command.type === 'expect') {
    expected = { eventId: command.eventId, arrivals: [], target: disposers.length };
    send({ type: 'expecting' });
  } else if (command.type === 'close') {
    for (const dispose of disposers) dispose();
    void Promise.all(clients.map((client) => client.dispose())).then(() => process.exit(0));
  }
});
