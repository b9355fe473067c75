import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AuthenticationError, type Authenticate, type Credentials } from '../auth/authenticator.js';
import type { Principal } from '../auth/principal.js';
import type { RateLimiter } from '../security/rate-limiter.js';
import { refuseGraphql } from './graphql-refusal.js';
import { ErrorCode } from '../errors/error-codes.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling: set by an `authenticateRequests` hook; read it with `principalOf`. */
    principal: Principal | null;
  }
}

/** Declares the request's `principal` slot once, so every request has the same shape. */
export function decoratePrincipal(fastify: FastifyInstance): void {
  fastify.decorateRequest('principal', null);
}

/** The principal an `authenticateRequests` hook attached to this request. */
export function principalOf(request: FastifyRequest): Principal {
  const principal = request.principal;
  if (!principal) throw new Error('No principal: the authentication hook did not run for this route');
  return principal;
}

export const credentialsFromHeaders = (request: FastifyRequest): Credentials => ({
  authorization: request.headers.authorization,
  apiKey: typeof request.headers['x-api-key'] === 'string' ? request.headers['x-api-key'] : undefined,
});

/** graphql-ws `connection_init` payload: `{ "x-api-key": … }`, `{ apiKey: … }` or `{ authorization: "Bearer …" }`. */
export function credentialsFromConnectionParams(
  params: Readonly<Record<string, unknown>> | undefined,
): Credentials {
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    authorization: text(params?.authorization) ?? text(params?.Authorization),
    apiKey: text(params?.['x-api-key']) ?? text(params?.apiKey),
  };
}

/**
 * An onRequest hook: who is calling (401 otherwise) and whether they still may (429 otherwise),
 * decided before the body is read. Without a limiter only who: the SSE route takes the rate budget
 * per operation in the subscription gate, as the WebSocket path does.
 */
export function authenticateRequests(authenticate: Authenticate, limiter?: RateLimiter) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method === 'OPTIONS') return;
    let principal: Principal;
    try {
      principal = await authenticate(credentialsFromHeaders(request));
    } catch (error) {
      const message = error instanceof AuthenticationError ? error.message : 'Authentication failed';
      return refuseGraphql(reply.header('www-authenticate', 'Bearer'), 401, message, {
        code: ErrorCode.UNAUTHENTICATED,
      });
    }
    const verdict = limiter?.take(principal.id) ?? { allowed: true, retryAfterSeconds: 0 };
    if (!verdict.allowed) {
      return refuseGraphql(
        reply.header('retry-after', String(verdict.retryAfterSeconds)),
        429,
        'Too many operations; slow down',
        { code: ErrorCode.RATE_LIMITED, retryable: true, retryAfterSeconds: verdict.retryAfterSeconds },
      );
    }
    request.principal = principal;
  };
}
