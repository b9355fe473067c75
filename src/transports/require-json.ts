import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * A preHandler that answers 415 to POST bodies that are not JSON. Fastify itself refuses unknown
 * media types, but accepts text/plain, which is exactly what a cross-site form can send.
 */
export async function requireJsonBody(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.method !== 'POST') return;
  if (!isJsonRequest(request)) {
    await reply.code(415).send({
      errors: [
        { message: 'POST bodies must be application/json', extensions: { code: 'UNSUPPORTED_MEDIA_TYPE' } },
      ],
    });
  }
}

export function isJsonRequest(request: FastifyRequest): boolean {
  return request.headers['content-type']?.split(';')[0]?.trim().toLowerCase() === 'application/json';
}
