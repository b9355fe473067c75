/**
 * The simulator's HTTP face on fastify: Belvo's checks as an onRequest hook (gate.ts), bodies as
 * JSON (json-body.ts), one declaration per endpoint (link-routes.ts, data-routes.ts), and Belvo's
 * error bodies for whatever no endpoint answers.
 */
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { World } from '../world.js';
import { AnswerError, HttpAnswer, belvoError, notFound, sendAnswer, unexpectedError } from './answer.js';
import { dataRoutes } from './data-routes.js';
import type { RequestGate } from './gate.js';
import { BODY_LIMIT_BYTES, readBodiesAsJson } from './json-body.js';
import { linkRoutes } from './link-routes.js';
import { createRouter } from './routes.js';

export interface SandboxAppOptions {
  gate: RequestGate;
  world: World;
  now: () => Date;
  /** The simulator's origin, known once it listens. */
  baseUrl: () => string;
}

export function createSandboxApp({ gate, world, now, baseUrl }: SandboxAppOptions): FastifyInstance {
  const app = Fastify({
    bodyLimit: BODY_LIMIT_BYTES,
    keepAliveTimeout: 5_000,
    // stop() ends the simulator at once, in-flight requests included (a test's or a slow fault's).
    forceCloseConnections: true,
    // HEAD is not Belvo's: 405 like any method an endpoint does not serve.
    exposeHeadRoutes: false,
    // A URL fastify cannot route (bad percent-encoding) names nothing Belvo has.
    frameworkErrors: (_error, _request, reply) => void sendAnswer(reply, notFound()),
  });
  readBodiesAsJson(app);
  app.addHook('onRequest', gate.onRequest);
  app.setNotFoundHandler((_request, reply) => sendAnswer(reply, notFound()));
  app.setErrorHandler((error, _request, reply) => sendAnswer(reply, answerFor(error)));

  const router = createRouter(app, { baseUrl, respond: gate.respond });
  // The API root answers any method; the SDKs check their keys with a GET.
  router.everyMethod('/api/', () => new HttpAnswer(200, { links: `${baseUrl()}/api/links/` }));
  linkRoutes(router, world);
  dataRoutes(router, world, now);
  return app;
}

/** A body fastify refused before any endpoint saw it, or a failure of the simulator itself. */
function answerFor(error: unknown): HttpAnswer {
  if (error instanceof AnswerError) return error.answer;
  const { code } = error as Partial<FastifyError>;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return belvoError(413, { code: 'request_too_large', message: 'Request body too large.' });
  }
  return unexpectedError();
}
