import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';

/** Normal closure: an idle socket has served its purpose; a lazy graphql-ws client reopens on demand. */
export const IDLE_CLOSE_CODE = 1000;

/**
 * The socket's token expired. Distinct from graphql-ws's 4403 (refused at `connection_init`) and
 * not one of the codes its client treats as fatal, so a client that computes `connectionParams`
 * per connection reconnects, with a fresh token, by itself.
 */
export const CREDENTIALS_EXPIRED_CLOSE_CODE = 4419;

/** setTimeout's longest delay (about 24.8 days); longer waits are taken in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Answers an upgrade request with a plain HTTP refusal, before any WebSocket exists. */
export function refuseUpgrade(
  socket: Duplex,
  status: number,
  reason = STATUS_CODES[status],
  retryAfterSeconds?: number,
) {
  const headers = [
    `HTTP/1.1 ${status} ${reason}`,
    'Connection: close',
    'Content-Length: 0',
    ...(retryAfterSeconds === undefined ? [] : [`Retry-After: ${retryAfterSeconds}`]),
  ];
  socket.end(`${headers.join('\r\n')}\r\n\r\n`, () => socket.destroy());
}

/**
 * Closes a socket when the credential it authenticated with expires: its subscriptions would
 * otherwise outlive the token by hours. One timer per socket, cleared when it closes.
 */
export function closeWhenCredentialsExpire() {
  const timers = new Set<NodeJS.Timeout>();
  return {
    closeAt(socket: WebSocket, expiresAtMs: number) {
      let timer: NodeJS.Timeout;
      const wait = () => {
        const remaining = expiresAtMs - Date.now();
        if (remaining <= 0) {
          timers.delete(timer);
          socket.close(CREDENTIALS_EXPIRED_CLOSE_CODE, 'Credentials expired; reconnect with a fresh token');
          return;
        }
        timers.delete(timer);
        timer = setTimeout(wait, Math.min(remaining, MAX_TIMER_MS));
        timers.add(timer);
      };
      wait();
      socket.once('close', () => {
        clearTimeout(timer);
        timers.delete(timer);
      });
    },
    stop() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

/**
 * Closes sockets that carried no subscription for a whole idle period. One sweep for all sockets,
 * a few times per period, rather than a timer per socket juggled through graphql-ws's hooks.
 */
export function watchIdleSockets(wss: WebSocketServer, idleTimeoutMs: number) {
  const connections = new WeakMap<WebSocket, { subscriptions: Record<string, unknown> }>();
  const idleSince = new Map<WebSocket, number>();
  const activeOn = (socket: WebSocket) => Object.keys(connections.get(socket)?.subscriptions ?? {}).length;
  const sweep = setInterval(
    () => {
      const now = Date.now();
      for (const socket of wss.clients) {
        const active = activeOn(socket);
        if (active > 0) {
          idleSince.delete(socket);
          continue;
        }
        const since = idleSince.get(socket) ?? now;
        idleSince.set(socket, since);
        if (now - since >= idleTimeoutMs) socket.close(IDLE_CLOSE_CODE, 'Idle timeout');
      }
      for (const socket of idleSince.keys()) if (!wss.clients.has(socket)) idleSince.delete(socket);
    },
    Math.max(50, Math.floor(idleTimeoutMs / 4)),
  );
  return {
    /** graphql-ws keeps the connection's live subscriptions in `connection.subscriptions`. */
    track(socket: WebSocket, connection: { subscriptions: Record<string, unknown> }) {
      connections.set(socket, connection);
    },
    activeSubscriptions: () => [...wss.clients].reduce((sum, socket) => sum + activeOn(socket), 0),
    stop: () => clearInterval(sweep),
  };
}
