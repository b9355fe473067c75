/**
 * Request bodies as the simulator reads them: JSON whatever the content type says (clients and
 * SDKs differ in what they send), an empty body as `{}`, and Belvo's answers for the rest.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AnswerError, belvoError } from './answer.js';

/** Past this, 413 `request_too_large` (fastify's body limit, before any of it is parsed). */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/** Only these carry a body the endpoints read; one sent with another method is ignored. */
const BODY_METHODS = new Set(['POST', 'PATCH', 'PUT']);

export function readBodiesAsJson(app: FastifyInstance): void {
  // Not consulted, so not checked either: fastify would refuse a malformed one (415) before any parser.
  app.addHook('preParsing', async (request, _reply, payload) => {
    delete request.headers['content-type'];
    return payload;
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (request, text, done) => {
    if (!BODY_METHODS.has(request.method)) return done(null, undefined);
    if ((text as string).trim() === '') return done(null, {});
    try {
      done(null, JSON.parse(text as string));
    } catch {
      done(
        new AnswerError(belvoError(400, { code: 'parse_error', message: 'JSON parse error.' })),
        undefined,
      );
    }
  });
}

/** fastify skips the parser when there is no body at all: that reads as `{}` too. */
export const bodyOf = (request: FastifyRequest): unknown =>
  request.body ?? (BODY_METHODS.has(request.method) ? {} : undefined);
