import type { FastifyReply, FastifyRequest } from 'fastify';
import { refuseGraphql } from './graphql-refusal.js';

/** The message for a /graphql POST that is not JSON, whichever check (preHandler or parser) catches it. */
export const NOT_JSON = 'POST bodies must be application/json';

/**
 * A preHandler that answers 415 to POST bodies that are not JSON. Fastify itself refuses unknown
 * media types, but accepts text/plain, which is exactly what a cross-site form can send.
 */
export async function requireJsonBody(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.method !== 'POST') return;
  if (!isJsonRequest(request)) {
    await refuseGraphql(reply, 415, NOT_JSON, { code: 'UNSUPPORTED_MEDIA_TYPE' });
  }
}

export function isJsonRequest(request: FastifyRequest): boolean {
  return request.headers['content-type']?.split(';')[0]?.trim().toLowerCase() === 'application/json';
}
