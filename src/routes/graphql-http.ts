import type { ApolloServer } from '@apollo/server';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  onRequestHookHandler,
} from 'fastify';
import type { Logger } from '../observability/logger.js';
import type { Principal } from '../auth/principal.js';
import type { Lookup, ResponseCache } from '../cache/response-cache.js';
import type { GatewayContext } from '../resources/context.js';
import { principalOf } from '../requests/client-auth.js';
import { refuseGraphql } from '../requests/graphql-refusal.js';
import { operationNameProblem } from '../requests/operation-name.js';
import { NOT_JSON, requireJsonBody } from '../requests/require-json.js';
import { ErrorCode } from '../errors/error-codes.js';
import { GRAPHQL_PATH } from '../requests/paths.js';

/** GraphQL over HTTP at /graphql: POST for everything, GET for queries (Apollo refuses GET mutations). */
export async function registerGraphqlRoute(
  fastify: FastifyInstance,
  apollo: ApolloServer<GatewayContext>,
  options: {
    /** An onRequest hook that answers CORS and refuses foreign browser origins (see origin-policy.ts). */
    cors: onRequestHookHandler;
    /** An onRequest hook that authenticates (see client-auth.ts). */
    authenticate: onRequestHookHandler;
    contextFor: (principal: Principal) => GatewayContext;
    responseCache: ResponseCache;
    /** Checks variables (depth, size) before anything walks them; answers the reason to refuse. */
    checkVariables: (variables: unknown, name?: string) => string | undefined;
    bodyLimitBytes: number;
    logger: Logger;
  },
): Promise<void> {
  const contexts = new WeakMap<FastifyRequest, GatewayContext>();

  await fastify.register(async (scope) => {
    scope.addHook('onRequest', options.cors);
    scope.addHook('onRequest', options.authenticate);
    // Before the body is read: Fastify's parser would otherwise decode any charset as UTF-8.
    scope.addHook('onRequest', requireJsonBody);
    scope.setErrorHandler((error: FastifyError, _request, reply) =>
      answerBodyError(error, reply, options.bodyLimitBytes, options.logger),
    );
    // First of the body's readers: the response cache key and Apollo both walk variables
    // recursively (JSON.stringify, graphql-js's coercion).
    scope.addHook('preHandler', (request, reply) => refuseUnsafeBody(request, reply, options.checkVariables));
    if (options.responseCache.enabled) {
      serveFromResponseCache(
        scope,
        options.responseCache,
        (request) => contexts.get(request)?.response.cacheable,
      );
    }
    scope.route({
      url: GRAPHQL_PATH,
      method: ['GET', 'POST', 'OPTIONS'],
      handler: fastifyApolloHandler(apollo, {
        context: async (request) => {
          const context = options.contextFor(principalOf(request));
          contexts.set(request, context);
          return context;
        },
      }),
    });
  });
}

/**
 * Refuses variables or extensions too deep or too large, and an operationName that is not text or is
 * too long to be echoed (in a POST body or a GET query string).
 */
async function refuseUnsafeBody(
  request: FastifyRequest,
  reply: FastifyReply,
  checkVariables: (variables: unknown, name?: string) => string | undefined,
) {
  const problem = checkVariables(variablesOf(request));
  if (problem) return refuseGraphql(reply, 400, problem, { code: ErrorCode.BAD_USER_INPUT });
  const body = request.method === 'POST' ? (request.body as Record<string, unknown> | null) : null;
  // Turned into text by the response cache key and Apollo (String() of an array recurses), and
  // quoted back by Apollo when no operation has that name.
  const sent: unknown = request.method === 'POST' ? body : request.query;
  const name = operationNameProblem(isObject(sent) ? sent.operationName : undefined);
  if (name) return refuseGraphql(reply, 400, name, { code: ErrorCode.BAD_REQUEST });
  if (!isObject(body)) return;
  const extensions = checkVariables(body.extensions, 'Extensions');
  if (extensions) return refuseGraphql(reply, 400, extensions, { code: ErrorCode.BAD_REQUEST });
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A repeated POST query is answered from the response cache before GraphQL runs at all; a fresh
 * answer is stored when the operation's outcome says it may be (`cacheable`, see ResponseFlags).
 */
function serveFromResponseCache(
  scope: FastifyInstance,
  responseCache: ResponseCache,
  cacheable: (request: FastifyRequest) => boolean | undefined,
) {
  const lookups = new WeakMap<FastifyRequest, Lookup>();
  scope.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST' || typeof request.body !== 'object' || request.body === null) return;
    const body = request.body as { query?: unknown; operationName?: unknown; variables?: unknown };
    if (typeof body.query !== 'string') return;
    const { hit, lookup } = responseCache.lookup([
      principalOf(request).id,
      request.headers.accept ?? '',
      String(body.operationName ?? ''),
      body.query,
      JSON.stringify(body.variables ?? {}),
    ]);
    if (hit)
      return reply.header('content-type', hit.contentType).header('x-response-cache', 'hit').send(hit.body);
    lookups.set(request, lookup);
  });
  scope.addHook('onSend', async (request, reply, payload) => {
    const lookup = lookups.get(request);
    if (lookup && cacheable(request) && reply.statusCode === 200 && typeof payload === 'string') {
      responseCache.store(lookup, payload, String(reply.getHeader('content-type') ?? 'application/json'));
    }
    return payload;
  });
}

/** The request's variables: in the JSON body, or as JSON text in the query string of a GET. */
function variablesOf(request: FastifyRequest): unknown {
  if (request.method === 'POST') {
    const body = request.body;
    return typeof body === 'object' && body !== null
      ? (body as { variables?: unknown }).variables
      : undefined;
  }
  const text = (request.query as { variables?: unknown } | undefined)?.variables;
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text) as unknown; // V8's parser does not recurse
  } catch {
    return undefined; // Apollo answers the syntax error
  }
}

/** Failures before GraphQL runs (body too large, not JSON, unknown media type), as GraphQL errors. */
function answerBodyError(error: FastifyError, reply: FastifyReply, bodyLimitBytes: number, logger: Logger) {
  const answer = (status: number, code: ErrorCode, message: string) =>
    refuseGraphql(reply, status, message, { code });
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return answer(
        413,
        ErrorCode.PAYLOAD_TOO_LARGE,
        `Request bodies are limited to ${bodyLimitBytes} bytes`,
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return answer(415, ErrorCode.UNSUPPORTED_MEDIA_TYPE, NOT_JSON);
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return answer(400, ErrorCode.BAD_REQUEST, 'The body is not valid JSON');
  }
  if (error.statusCode !== undefined && error.statusCode < 500) {
    return answer(error.statusCode, ErrorCode.BAD_REQUEST, 'The request could not be read');
  }
  logger.error({ err: error }, 'unexpected error on /graphql');
  return answer(500, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error');
}
