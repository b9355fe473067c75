import type { FastifyReply } from 'fastify';
import type { ErrorCode } from '../errors/error-codes.js';

/**
 * Refuses a /graphql request before GraphQL runs (authentication, rate limit, media type, body), in
 * the `{ errors: [{ message, extensions: { code } }] }` shape of GraphQL's own answers, so a client
 * has one error format to handle.
 */
export function refuseGraphql(
  reply: FastifyReply,
  status: number,
  message: string,
  extensions: { code: ErrorCode } & Record<string, unknown>,
) {
  return reply.code(status).send({ errors: [{ message, extensions }] });
}
