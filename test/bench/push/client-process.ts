/**
 * The subscribers, in a process of their own (their parsing must not slow the server under test):
 * one subscription per link, over WebSocket (graphql-transport-ws, `perSocket` subscriptions per
 * socket, spoken directly on `ws`: cheap) or over SSE (graphql-sse's distinct connections: one HTTP
 * stream each). Records when each event (by its id) arrives; the driver knows when it was sent.
 */
import { onNextEvents } from '../sse-next-events.js';
import { Agent, request as httpRequest } from 'node:http';
import WebSocket from 'ws';
import { now, serveRequests, type Request } from './worker.js';

interface Subscribe {
  urls: string[];
  transport: 'ws' | 'sse';
  links: string[];
  perSocket: number;
  apiKey: string;
  query: string;
}

/** Arrival times by event id: one per subscriber of the event's link. */
const arrivals = new Map<string, number[]>();
const closers: Array<() => void> = [];
let errors = 0;
let firstError: string | undefined;
/** Subscriptions refused with an error and tried again (the server was not coping). */
let retried = 0;
let firstRetryError: string | undefined;

function failed(message: string) {
  errors++;
  firstError ??= message;
}

/** A pushed result: its event's arrival, or an error. */
function received(payload: { data?: Record<string, { id?: string } | null>; errors?: unknown[] }) {
  if (payload.errors?.length) return failed(JSON.stringify(payload.errors[0]).slice(0, 300));
  const event = payload.data && Object.values(payload.data)[0];
  if (!event?.id) return;
  const times = arrivals.get(event.id);
  if (times) times.push(now());
  else arrivals.set(event.id, [now()]);
}

function openSocket(url: string, links: string[], apiKey: string, query: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
    const subscribe = (id: string) =>
      socket.send(
        JSON.stringify({
          id,
          type: 'subscribe',
          payload: { query, variables: { linkId: links[Number(id)] } },
        }),
      );
    // A subscription refused with an error is tried again, as a client would (up to 3 times).
    const attempts = new Map<string, number>();
    const retry = (id: string, error: string) => {
      const attempt = (attempts.get(id) ?? 0) + 1;
      attempts.set(id, attempt);
      if (attempt > 3) return failed(error);
      retried++;
      firstRetryError ??= error;
      setTimeout(() => subscribe(id), 500 * attempt);
    };
    closers.push(() => socket.terminate());
    socket.on('open', () =>
      socket.send(JSON.stringify({ type: 'connection_init', payload: { 'x-api-key': apiKey } })),
    );
    socket.on('error', (error) => (failed(error.message), reject(error)));
    socket.on('close', (code, reason) => code !== 1000 && failed(`socket closed ${code} ${reason}`));
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as { id?: string; type: string; payload?: never };
      if (message.type === 'next') received(message.payload!);
      else if (message.type === 'error') retry(message.id!, JSON.stringify(message.payload).slice(0, 300));
      else if (message.type === 'ping') socket.send('{"type":"pong"}');
      else if (message.type === 'connection_ack') {
        links.forEach((_, i) => subscribe(String(i)));
        resolve();
      }
    });
  });
}

const agent = new Agent({ keepAlive: false, maxSockets: Infinity });

function openStream(url: string, linkId: string, apiKey: string, query: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ query, variables: { linkId } });
    const request = httpRequest(`${url}/graphql/stream`, {
      method: 'POST',
      agent,
      headers: { accept: 'text/event-stream', 'content-type': 'application/json', 'x-api-key': apiKey },
    });
    closers.push(() => request.destroy());
    request.on('error', (error) => (failed(error.message), reject(error)));
    request.on('response', (response) => {
      if (response.statusCode !== 200) return reject(new Error(`SSE stream answered ${response.statusCode}`));
      onNextEvents(response, (payload) => received(payload as never));
      resolve();
    });
    request.end(body);
  });
}

/** Opens `jobs` with at most `width` at a time (a burst of thousands overflows accept queues). */
async function inBatches(jobs: Array<() => Promise<void>>, width: number): Promise<void> {
  for (let i = 0; i < jobs.length; i += width)
    await Promise.all(jobs.slice(i, i + width).map((job) => job()));
}

serveRequests({
  subscribe: async (request: Request) => {
    const command = request as unknown as Subscribe;
    const started = performance.now();
    const { urls, links, apiKey, query } = command;
    if (command.transport === 'ws') {
      const groups = Math.ceil(links.length / command.perSocket);
      const jobs = Array.from({ length: groups }, (_, g) => () => {
        const group = links.slice(g * command.perSocket, (g + 1) * command.perSocket);
        return openSocket(urls[g % urls.length]!, group, apiKey, query);
      });
      await inBatches(jobs, 20);
    } else {
      const jobs = links.map((linkId, i) => () => openStream(urls[i % urls.length]!, linkId, apiKey, query));
      await inBatches(jobs, 100);
    }
    return { seconds: (performance.now() - started) / 1000 };
  },
  /** The arrivals since the last collect, and the errors seen. */
  collect: () => {
    const answer = { arrivals: [...arrivals], errors, firstError, retried, firstRetryError };
    arrivals.clear();
    errors = 0;
    firstError = undefined;
    retried = 0;
    firstRetryError = undefined;
    return answer;
  },
  stop: () => {
    for (const close of closers) close();
    setTimeout(() => process.exit(0), 50);
    return {};
  },
});
