/**
 * The subscribers, in a process of their own (their parsing must not slow the gateway under test):
 * graphql-transport-ws spoken directly on `ws`, up to PER_SOCKET subscriptions per socket. Records
 * every push: its link, when it arrived, whether it carried the data, and its error codes.
 */
import WebSocket from 'ws';
import { now, serveRequests, type Request } from '../push/worker.js';
import type { Push } from './subscribers.js';

const PER_SOCKET = 100;

interface GraphqlError {
  extensions?: { code?: unknown };
}

let pushes: Push[] = [];
let failures = 0;
let firstFailure: string | undefined;
/** Subscriptions the server ended (`complete`, `error`) or lost with their socket's close. */
let ended = 0;
const sockets: WebSocket[] = [];

function failed(message: string) {
  failures++;
  firstFailure ??= message;
}

const codesOf = (errors: GraphqlError[] | undefined) =>
  (errors ?? []).map((error) =>
    typeof error.extensions?.code === 'string' ? error.extensions.code : 'NO_CODE',
  );

/** The data a subscriber waits for: an event's employments or owners, or a READY link with both. */
function carriesData(root: Record<string, unknown> | null | undefined): boolean {
  if (!root) return false;
  if ('outcome' in root) {
    const link = root.link as { employments?: unknown; owners?: unknown } | null | undefined;
    return root.outcome === 'READY' && Array.isArray(link?.employments) && Array.isArray(link?.owners);
  }
  return Array.isArray(root.employments) || Array.isArray(root.owners);
}

/** One socket: its subscriptions' links by operation id. */
class Socket {
  readonly ready: Promise<void>;
  private readonly links = new Map<string, string>();
  /** Operation ids the server has not ended. */
  private readonly open = new Set<string>();
  private reserved = 0;
  private readonly ws: WebSocket;

  constructor(url: string, apiKey: string) {
    this.ws = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
    sockets.push(this.ws);
    this.ready = new Promise((resolve, reject) => {
      this.ws.on('open', () =>
        this.ws.send(JSON.stringify({ type: 'connection_init', payload: { 'x-api-key': apiKey } })),
      );
      this.ws.on('error', (error) => (failed(error.message), reject(error)));
      this.ws.on('close', (code, reason) => {
        if (code !== 1000) failed(`socket closed ${code} ${reason}`);
        ended += this.open.size;
        this.open.clear();
      });
      this.ws.on('message', (data: Buffer) => {
        const message = JSON.parse(data.toString()) as { id?: string; type: string; payload?: unknown };
        if (message.type === 'connection_ack') resolve();
        else if (message.type === 'next') this.received(message.id!, message.payload as never);
        else if (message.type === 'error') this.refused(message.id!, message.payload as GraphqlError[]);
        else if (message.type === 'complete') this.end(message.id!);
        else if (message.type === 'ping') this.ws.send('{"type":"pong"}');
      });
    });
  }

  /** Takes a place for one more subscription, if there is one. */
  reserve(): boolean {
    if (this.reserved >= PER_SOCKET) return false;
    this.reserved++;
    return true;
  }

  subscribe(link: string, query: string) {
    const id = String(this.links.size);
    this.links.set(id, link);
    this.open.add(id);
    this.ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables: { linkId: link } } }));
  }

  private received(id: string, payload: { data?: Record<string, unknown> | null; errors?: GraphqlError[] }) {
    const root = payload.data ? (Object.values(payload.data)[0] as Record<string, unknown> | null) : null;
    pushes.push({
      link: this.links.get(id) ?? '',
      at: now(),
      id: typeof root?.id === 'string' ? root.id : undefined,
      data: carriesData(root),
      codes: codesOf(payload.errors),
    });
  }

  private end(id: string) {
    if (this.open.delete(id)) ended++;
  }

  /** The subscription was refused as it started: a push that will never carry data. */
  private refused(id: string, errors: GraphqlError[]) {
    this.end(id);
    const codes = codesOf(Array.isArray(errors) ? errors : []);
    pushes.push({ link: this.links.get(id) ?? '', at: now(), data: false, codes, refused: true });
  }
}

let current: Socket | undefined;

/** A socket with room for one more subscription: the current one, or a new one. */
async function socketWithRoom(url: string, apiKey: string): Promise<Socket> {
  if (!current?.reserve()) {
    current = new Socket(url, apiKey);
    current.reserve();
  }
  const socket = current;
  await socket.ready;
  return socket;
}

serveRequests({
  subscribe: async (request: Request) => {
    const { url, apiKey, query, links } = request as unknown as {
      url: string;
      apiKey: string;
      query: string;
      links: string[];
    };
    await Promise.all(links.map(async (link) => (await socketWithRoom(url, apiKey)).subscribe(link, query)));
    return {};
  },
  /** The pushes since the last collect, the socket failures and the subscriptions ended. */
  collect: () => {
    const answer = { pushes, failures, firstFailure, ended };
    pushes = [];
    failures = 0;
    firstFailure = undefined;
    ended = 0;
    return answer;
  },
  stop: () => {
    for (const socket of sockets) socket.terminate();
    setTimeout(() => process.exit(0), 50);
    return {};
  },
});
