import { CloseCode, type Server } from 'graphql-ws';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket } from 'ws';
import type { Logger } from '../../observability/logger.js';
import { SLOW_CONSUMER_CLOSE_CODE, SocketWriter } from './frames.js';

/** What graphql-ws's hooks see of a connection (`ctx.extra`). */
export interface ConnectionExtra {
  socket: WebSocket;
  request: IncomingMessage;
  /** Where the gateway writes the connection's pushed results (bypassing graphql-ws's `send`). */
  writer: SocketWriter;
}

export interface ConnectionOptions {
  keepAliveMs: number;
  maxBufferedBytes: number;
  logger: Logger;
}

/**
 * Serves one upgraded socket with graphql-ws's protocol machine (`makeServer`): connection_init and
 * ack, ping/pong, subscribe, complete, errors and close codes are graphql-ws's own. The gateway owns
 * the socket around it (what its `use/ws` adapter did): the keep-alive, logging client errors as
 * warnings rather than console errors, and a writer for pushes.
 */
export function serveConnection(
  server: Server<ConnectionExtra>,
  socket: WebSocket,
  request: IncomingMessage,
  tcp: Duplex,
  options: ConnectionOptions,
): void {
  let released = false;
  // Ends the connection's subscriptions once: at the drop of a slow client (its socket may take a
  // while to close) or at the close. (Only ever called after `closed` below is set.)
  const release = (code: number, reason: string) => {
    if (released) return;
    released = true;
    closed(code, reason).catch((error: unknown) =>
      options.logger.warn({ err: (error as Error).message }, 'WebSocket cleanup failed'),
    );
  };
  const writer = new SocketWriter(socket, tcp, options.maxBufferedBytes, () => {
    options.logger.warn('WebSocket dropped: its client stopped reading');
    release(SLOW_CONSUMER_CLOSE_CODE, 'slow consumer');
  });
  // An oversized message or a broken frame: the client's fault, and ws closed with the right code.
  socket.on('error', (error) => options.logger.warn({ err: error.message }, 'WebSocket client error'));
  const stopKeepAlive = keepAlive(socket, options.keepAliveMs);
  const closed = server.opened(
    {
      protocol: socket.protocol,
      // Nothing awaits a write: a frame is queued on the socket; a failed one surfaces as its close.
      send: (data) => {
        if (socket.readyState === WebSocket.OPEN) socket.send(data);
      },
      close: (code, reason) => socket.close(code, reason),
      onMessage: (handle) =>
        socket.on('message', (data) => handleMessage(handle, String(data), socket, options.logger)),
    },
    { socket, request, writer },
  );
  socket.once('close', (code, reason) => {
    stopKeepAlive();
    release(code, String(reason));
  });
}

/**
 * Not an async function: graphql-ws's handling of a `subscribe` settles only when the subscription
 * ends, and an `await` here would keep a suspended function (its frame, promise and reaction) per
 * open subscription; a `catch` on its promise is all that is needed.
 */
function handleMessage(
  handle: (data: string) => Promise<void>,
  data: string,
  socket: WebSocket,
  logger: Logger,
): void {
  // A socket closing (a slow client dropped, whose close handshake waits behind its unread frames)
  // has had its subscriptions ended: one started now would never be.
  if (socket.readyState !== WebSocket.OPEN) return;
  handle(data).catch((error: unknown) => {
    logger.error({ err: (error as Error).message }, 'unexpected error handling a WebSocket message');
    socket.close(CloseCode.InternalServerError, 'Internal server error');
  });
}

/** Pings every `intervalMs`; a socket that has not answered by the next ping is cut. */
function keepAlive(socket: WebSocket, intervalMs: number): () => void {
  let pongWait: NodeJS.Timeout | undefined;
  const interval = setInterval(() => {
    if (socket.readyState !== WebSocket.OPEN) return;
    pongWait ??= setTimeout(() => socket.terminate(), intervalMs);
    socket.ping();
  }, intervalMs);
  socket.on('pong', () => {
    clearTimeout(pongWait);
    pongWait = undefined;
  });
  return () => {
    clearInterval(interval);
    clearTimeout(pongWait);
  };
}
