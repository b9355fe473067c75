/** Limits of the push transports: WebSocket (graphql-ws) and Server-Sent Events (graphql-sse). */
import { z } from 'zod';
import { int } from './setting.js';

const MANY = 1_000_000;

const ws = z.object({
  connectionInitTimeoutMs: int(
    'WS_INIT_TIMEOUT_MS',
    { default: 10_000, min: 100, max: 120_000 },
    'WebSocket clients must send `connection_init` within this',
  ),
  // Short: a socket that subscribes to nothing only holds memory and a file descriptor.
  idleTimeoutMs: int(
    'WS_IDLE_TIMEOUT_MS',
    { default: 30_000, min: 100, max: 24 * 60 * 60_000 },
    'a WebSocket without subscriptions is closed after this',
  ),
  keepAliveMs: int(
    'WS_KEEPALIVE_MS',
    { default: 12_000, min: 100, max: 10 * 60_000 },
    'ping interval; a socket that misses a pong is dropped',
  ),
  maxSubscriptionsPerSocket: int(
    'WS_MAX_SUBSCRIPTIONS',
    { default: 25, min: 1, max: 1_000 },
    'subscriptions per WebSocket connection',
  ),
  maxMessageBytes: int(
    'WS_MAX_MESSAGE_BYTES',
    { default: 64 * 1024, min: 1024, max: 10 * 1024 * 1024 },
    'largest WebSocket message accepted',
  ),
  // A client that stops reading would make the gateway hold every event for it; past this it is
  // dropped (close code 4413) and resumes with afterCursor, losing nothing.
  maxBufferedBytes: int(
    'WS_MAX_BUFFERED_BYTES',
    { default: 1024 * 1024, min: 1024, max: 256 * 1024 * 1024 },
    'unsent bytes held for a WebSocket client that stops reading; past it the socket is closed (4413)',
  ),
  maxSocketsPerPrincipal: int(
    'WS_MAX_SOCKETS_PER_PRINCIPAL',
    { default: 30, min: 1, max: MANY },
    'open WebSockets per principal, per instance',
  ),
  maxSocketsPerAddress: int(
    'WS_MAX_SOCKETS_PER_ADDRESS',
    { default: 60, min: 1, max: MANY },
    'open WebSockets per source address, authenticated or not, per instance',
  ),
  maxUnauthenticatedPerAddress: int(
    'WS_MAX_UNAUTHENTICATED_PER_ADDRESS',
    { default: 10, min: 1, max: MANY },
    'WebSockets per source address that have not completed `connection_init`',
  ),
});

/**
 * Each SSE subscription holds its own response, where a WebSocket carries many: the caps are those
 * of a WebSocket client's subscriptions, not of its sockets.
 */
const sse = z.object({
  maxStreamsPerPrincipal: int(
    'SSE_MAX_STREAMS_PER_PRINCIPAL',
    { default: 100, min: 1, max: MANY },
    'open SSE subscription streams per principal, per instance (one per subscription)',
  ),
  maxStreamsPerAddress: int(
    'SSE_MAX_STREAMS_PER_ADDRESS',
    { default: 200, min: 1, max: MANY },
    'open SSE subscription streams per source address, per instance',
  ),
  // As WS_MAX_BUFFERED_BYTES: past this a stream whose client stopped reading is ended; it resumes
  // with Last-Event-ID, losing nothing.
  maxBufferedBytes: int(
    'SSE_MAX_BUFFERED_BYTES',
    { default: 1024 * 1024, min: 1024, max: 256 * 1024 * 1024 },
    'unsent bytes held for an SSE stream whose client stops reading; past it the stream is ended',
  ),
});

export type WebSocketConfig = z.infer<typeof ws>;
export type SseConfig = z.infer<typeof sse>;

export const pushSettings = { ws, sse };
