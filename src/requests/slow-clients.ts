import type { FastifyInstance } from 'fastify';

/**
 * A request answered before its body arrived (401, 415, 413, 403…) would otherwise keep its
 * connection: Node reads the rest of the body to reuse the socket, so a client trickling bytes
 * holds it for as long as it likes. Such answers close the connection instead.
 */
export function closeUnreadRequests(fastify: FastifyInstance): void {
  fastify.addHook('onSend', async (request, reply, payload) => {
    if (!request.raw.complete) void reply.header('connection', 'close');
    return payload;
  });
}
