import type { FastifyReply, FastifyRequest } from 'fastify';
import { refuseGraphql } from './graphql-refusal.js';
import { ErrorCode } from '../errors/error-codes.js';

/** The message for a /graphql POST that is not JSON, whichever check (preHandler or parser) catches it. */
export const NOT_JSON = 'POST bodies must be application/json';

/**
 * A preHandler that answers 415 to POST bodies that are not JSON. Fastify itself refuses unknown
 * media types, but accepts text/plain, which is exactly what a cross-site form can send.
 */
export async function requireJsonBody(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.method !== 'POST') return;
  if (!isJsonRequest(request)) {
    await refuseGraphql(reply, 415, NOT_JSON, { code: ErrorCode.UNSUPPORTED_MEDIA_TYPE });
  }
}

/**
 * `application/json`, with no parameter or only `charset=utf-8` (any case, optionally quoted). JSON
 * is UTF-8 (RFC 8259); Fastify would decode any body as UTF-8 whatever charset it claims, so a
 * UTF-7 or UTF-16 body would be read as something other than what its sender meant, and a filter
 * in front of the gateway may have read it the other way.
 */
export function isJsonRequest(request: FastifyRequest): boolean {
  return isJsonMediaType(request.headers['content-type']);
}

export function isJsonMediaType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const [type, ...parameters] = header.split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'application/json') return false;
  const given = parameters.filter(Boolean);
  if (given.length === 0) return true;
  return given.length === 1 && /^charset=(utf-8|"utf-8")$/.test(given[0]!);
}
