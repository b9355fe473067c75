import type { FastifyReply } from 'fastify';
import type { Logger } from '../../observability/logger.js';
import type { Ticket } from '../execution/connection-admission.js';
import type { PushedStream } from './push.js';

/** What the handler carries per request between graphql-sse's hooks and the writer below. */
export interface StreamState {
  /** Cursors of the `next` messages, in the order graphql-sse will hand them to the writer. */
  cursors: Array<string | undefined>;
  lastEventId: string | undefined;
  principalId: string;
  /** The subscription's results in push mode, written straight to the response (push.ts). */
  pushed?: PushedStream;
}

const STREAM_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  // Proxies and CDNs must neither cache, compress nor hold back a stream whose every event counts.
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
  // No `connection` header: HTTP/1.1 keeps the connection by default, and an HTTP/1.0 stream has no
  // length or chunks, so it ends only when the connection closes (Node says `close` for it).
};
/** setTimeout's longest delay; longer waits are chained. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The streams open now, each with its way to end it and when it has ended. */
export class OpenStreams {
  private readonly open = new Map<() => void, Promise<void>>();

  get size(): number {
    return this.open.size;
  }

  /** Registers a stream; call the answer once it has ended. */
  add(end: () => void): () => void {
    let ended = () => {};
    this.open.set(end, new Promise<void>((resolve) => (ended = resolve)));
    return () => {
      this.open.delete(end);
      ended();
    };
  }

  async endAll(): Promise<void> {
    const closing = [...this.open.values()];
    for (const end of this.open.keys()) end();
    await Promise.all(closing);
  }
}

export interface StreamWriting {
  state: StreamState;
  ticket: Ticket;
  /** When the credentials behind the stream expire: it ends then. */
  expiresAtMs: number | undefined;
  streams: OpenStreams;
  /** Unsent bytes the stream may hold for a client that does not read them (SSE_MAX_BUFFERED_BYTES). */
  maxBufferedBytes: number;
  logger: Logger;
}

/**
 * Writes graphql-sse's messages to the response as they come, each `next` with its cursor as `id:`,
 * until the subscription ends, the client leaves, its credentials expire or it stops reading.
 */
export async function writeStream(
  reply: FastifyReply,
  body: AsyncIterableIterator<string>,
  writing: StreamWriting,
): Promise<void> {
  const raw = openResponse(reply);
  const end = () => void body.return?.(undefined);
  const ended = writing.streams.add(end);
  raw.once('close', end);
  const expiry = writing.expiresAtMs === undefined ? undefined : endAt(writing.expiresAtMs, end);
  writing.state.pushed?.attach(raw, () => dropIfUnread(raw, writing));
  try {
    await copyMessages(body, raw, writing);
  } catch (error) {
    writing.logger.warn({ err: (error as Error).message }, 'SSE stream ended by an error');
  } finally {
    raw.off('close', end);
    if (expiry) clearTimeout(expiry.timer);
    writing.ticket.release();
    if (!raw.writableEnded && !raw.destroyed) raw.end();
    await body.return?.(undefined);
    ended();
  }
}

/** From here on the response is a stream written directly: Fastify's reply is done with. */
function openResponse(reply: FastifyReply): FastifyReply['raw'] {
  reply.hijack();
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  reply.raw.writeHead(200, { ...headers, ...STREAM_HEADERS });
  reply.raw.flushHeaders();
  return reply.raw;
}

async function copyMessages(
  body: AsyncIterable<string>,
  raw: FastifyReply['raw'],
  writing: StreamWriting,
): Promise<void> {
  for await (const message of body) {
    if (raw.destroyed || raw.writableEnded) return;
    raw.write(withId(message, writing.state));
    if (dropIfUnread(raw, writing)) return;
  }
}

/**
 * A client that stops reading would make the gateway hold every event for it; it is dropped
 * instead, and loses nothing: it reconnects with Last-Event-ID.
 */
function dropIfUnread(raw: FastifyReply['raw'], writing: StreamWriting): boolean {
  if (raw.destroyed) return true;
  if (raw.writableLength <= writing.maxBufferedBytes) return false;
  writing.logger.warn('SSE stream dropped: its client stopped reading');
  raw.destroy();
  return true;
}

/** Adds `id: <cursor>` to a `next` message, so EventSource-style clients resume with Last-Event-ID. */
function withId(message: string, state: StreamState): string {
  if (!message.startsWith('event: next')) return message; // pings and `complete`
  const cursor = state.cursors.shift();
  return cursor === undefined ? message : `id: ${cursor}\n${message}`;
}

export function cursorOf(event: unknown): string | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const cursor = (event as { cursor?: unknown }).cursor;
  // A cursor is digits only, so it can never break the `id:` line.
  return typeof cursor === 'string' && /^\d+$/.test(cursor) ? cursor : undefined;
}

/** Ends a stream when its credentials expire, as the WebSocket path closes its socket (4419). */
function endAt(expiresAtMs: number, end: () => void): { timer: NodeJS.Timeout } {
  const holder = { timer: undefined as unknown as NodeJS.Timeout };
  const wait = () => {
    const remaining = expiresAtMs - Date.now();
    if (remaining <= 0) return end();
    holder.timer = setTimeout(wait, Math.min(remaining, MAX_TIMER_MS));
  };
  wait();
  return holder;
}
