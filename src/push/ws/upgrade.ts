import type { FastifyInstance } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../../observability/logger.js';
import { GRAPHQL_PATH } from '../../requests/paths.js';
import type { OriginPolicy } from '../../requests/origin-policy.js';
import type { Ticket, WebSocketAdmission } from '../execution/connection-admission.js';
import { refuseUpgrade } from './sockets.js';

const UPGRADE_RETRY_AFTER_SECONDS = 10;

export interface UpgradeOptions {
  wss: WebSocketServer;
  origins: OriginPolicy;
  admission: WebSocketAdmission;
  logger: Logger;
  /** An upgraded socket, with its place in the admission counts and the TCP socket under it. */
  onSocket(socket: WebSocket, request: IncomingMessage, tcp: Duplex, ticket: Ticket): void;
}

/**
 * Upgrades requests for the GraphQL path that pass the origin check and the per-address caps;
 * everything else is refused with a plain HTTP answer before any WebSocket exists.
 */
export function acceptUpgrades(fastify: FastifyInstance, options: UpgradeOptions): void {
  fastify.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(request.url ?? '/', 'http://localhost').pathname !== GRAPHQL_PATH) {
      socket.destroy();
      return;
    }
    const address = request.socket.remoteAddress ?? 'unknown';
    if (!admitted(request, socket, address, options)) return;
    options.wss.handleUpgrade(request, socket, head, (ws) => {
      // Counted only once upgraded: a failed handshake never reaches here, and would never release.
      const ticket = options.admission.admit(address);
      ws.once('close', () => ticket.release());
      options.onSocket(ws, request, socket, ticket);
    });
  });
}

function admitted(request: IncomingMessage, socket: Duplex, address: string, options: UpgradeOptions) {
  // Cross-site WebSocket hijacking: browsers let any page open a socket anywhere, with the
  // user's cookies and network position; only the Origin header tells whose page it is.
  if (!options.origins.allows(request.headers.origin)) {
    options.logger.warn('WebSocket upgrade refused: origin not allowed');
    refuseUpgrade(socket, 403, 'Forbidden');
    return false;
  }
  const refusal = options.admission.refusalFor(address);
  if (refusal) {
    options.logger.warn({ reason: refusal }, 'WebSocket upgrade refused');
    refuseUpgrade(socket, 429, 'Too Many Requests', UPGRADE_RETRY_AFTER_SECONDS);
    return false;
  }
  return true;
}
