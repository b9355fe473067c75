import type { FastifyReply, FastifyRequest } from 'fastify';
import { refuseGraphql } from './graphql-refusal.js';
import { ErrorCode } from '../errors/error-codes.js';

/**
 * Which browser origins may talk to the gateway. Browsers send `Origin` on every WebSocket upgrade
 * and cross-site request, and a page on another site runs with the user's network position (a
 * loopback gateway with authentication off is reachable from any tab): the WebSocket upgrade and
 * CORS both ask this one list. Requests without `Origin` come from non-browser clients, which a
 * hostile page cannot impersonate, and are not an origin question.
 */
export class OriginPolicy {
  private allowed: Set<string>;

  /** `configured` is `ALLOWED_ORIGINS` (other sites' front ends); the gateway's own come at `listening`. */
  constructor(private readonly configured: readonly string[] = []) {
    this.allowed = new Set(configured);
  }

  /**
   * Adds the gateway's own origins once the port is known: its public origin and the loopback
   * origins of its port. Pages there are served by the gateway itself (the explorer), so they stay
   * allowed whatever `ALLOWED_ORIGINS` lists.
   */
  listening(port: number, publicUrl: string | undefined): void {
    const own = [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`];
    if (publicUrl) own.push(new URL(publicUrl).origin);
    this.allowed = new Set([...this.configured, ...own]);
  }

  /** `Origin: null` (sandboxed frames, files) is a browser hiding its origin: refused. */
  allows(origin: string | undefined): boolean {
    return origin === undefined || this.allowed.has(origin.toLowerCase());
  }
}

// last-event-id: an SSE client resuming its stream (see graphql-sse.ts).
const ALLOWED_HEADERS = 'content-type, authorization, x-api-key, apollo-require-preflight, last-event-id';
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * An onRequest hook for /graphql: answers CORS preflights and refuses (403) requests from browser
 * origins outside the list before authentication or the body, so a foreign page neither reads
 * answers nor spends the caller's rate budget.
 */
export function corsFor(policy: OriginPolicy) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const origin = request.headers.origin;
    if (origin === undefined) return;
    void reply.header('vary', 'Origin');
    if (!policy.allows(origin)) {
      return refuseGraphql(reply, 403, 'This origin may not call the gateway', { code: ErrorCode.FORBIDDEN });
    }
    void reply.header('access-control-allow-origin', origin);
    if (request.method === 'OPTIONS') {
      return reply
        .code(204)
        .header('access-control-allow-methods', 'GET, POST, OPTIONS')
        .header('access-control-allow-headers', ALLOWED_HEADERS)
        .header('access-control-max-age', String(PREFLIGHT_MAX_AGE_SECONDS))
        .send();
    }
  };
}
