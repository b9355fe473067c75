/**
 * How the simulator declares an endpoint: a path and the methods it serves. Every other method is
 * Belvo's 405, and on an item path an unknown id is 404 whatever the method, as Belvo answers.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpAnswer, methodNotAllowed, notFound } from './answer.js';
import { bodyOf } from './json-body.js';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
type Method = (typeof METHODS)[number];

/** One request as an endpoint sees it. */
export interface Call {
  /** The path's `:id`, if it has one. */
  id: string | undefined;
  /** Absolute, on the simulator's own origin: list pages link to their next page with it. */
  url: URL;
  body: unknown;
  /** `X-Belvo-Request-Mode: async`: answer 202 now, do the work in the background. */
  async: boolean;
}

type Handlers<T> = Partial<Record<Method, (call: Call, found: T) => HttpAnswer | Promise<HttpAnswer>>>;

export interface Router {
  /** A path that answers every method alike. */
  everyMethod(path: string, handler: (call: Call) => HttpAnswer): void;
  /** A path served whatever its `:id` (if any) names, e.g. `/api/links/`. */
  collection(path: string, handlers: Handlers<void>): void;
  /** A path whose `:id` must name something `find` knows, e.g. `/api/links/:id/`. */
  item<T>(path: string, find: (id: string) => T | undefined, handlers: Handlers<T>): void;
}

export interface RouterOptions {
  /** The simulator's origin, known once it listens. */
  baseUrl: () => string;
  /** Sends an endpoint's answer (the gate's `respond`, which applies a pending fault). */
  respond: (request: FastifyRequest, reply: FastifyReply, answer: HttpAnswer) => FastifyReply;
}

export function createRouter(app: FastifyInstance, options: RouterOptions): Router {
  const callOf = (request: FastifyRequest): Call => ({
    id: (request.params as { id?: string }).id,
    url: new URL(request.url, options.baseUrl()),
    body: bodyOf(request),
    async: request.headers['x-belvo-request-mode'] === 'async',
  });
  const declare = (path: string, answer: (request: FastifyRequest, method: Method) => Promise<HttpAnswer>) =>
    app.route({
      method: [...METHODS],
      url: path,
      handler: async (request, reply) =>
        options.respond(request, reply, await answer(request, request.method as Method)),
    });
  return {
    everyMethod(path, handler) {
      declare(path, async (request) => handler(callOf(request)));
    },
    collection(path, handlers) {
      declare(path, async (request, method) => {
        const handler = handlers[method];
        return handler ? handler(callOf(request)) : methodNotAllowed();
      });
    },
    item(path, find, handlers) {
      declare(path, async (request, method) => {
        const call = callOf(request);
        const found = find(call.id ?? '');
        if (found === undefined) return notFound();
        const handler = handlers[method];
        return handler ? handler(call, found) : methodNotAllowed();
      });
    },
  };
}
