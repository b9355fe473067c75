import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { decoratePrincipal } from '../requests/client-auth.js';
import { closeUnreadRequests } from '../requests/slow-clients.js';

/** The one HTTP server every route and both push transports share. */
export function createHttpServer(config: Config): FastifyInstance {
  const fastify = Fastify({
    bodyLimit: config.bodyLimitBytes,
    logger: false,
    // A client trickling headers or a body, or idling after its answer, holds a socket and memory:
    // each phase gets a deadline of a few seconds.
    requestTimeout: config.http.requestTimeoutMs,
    keepAliveTimeout: config.http.keepAliveTimeoutMs,
    http: {
      headersTimeout: config.http.headersTimeoutMs,
      // Node checks both deadlines only this often (30 s by default), which would be the real limit.
      connectionsCheckingInterval: Math.max(
        50,
        Math.min(1_000, Math.floor(config.http.headersTimeoutMs / 4)),
      ),
    },
  });
  closeUnreadRequests(fastify);
  decoratePrincipal(fastify);
  return fastify;
}
