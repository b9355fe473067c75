import type { FastifyInstance } from 'fastify';

export interface IndexRouteOptions {
  explorer: boolean;
  /** The reference onboarding app's path, when it is served. */
  appPath?: string | undefined;
  graphqlPath: string;
  /** Server-Sent Events (graphql-sse): subscriptions for clients that cannot open a WebSocket. */
  streamPath: string;
  webhookPath: string;
}

/**
 * `GET /`: a browser goes to the explorer when it is on; anything else (curl, a probe, a browser
 * with the explorer off) gets a short index of the routes, instead of a bare 404 that reads like
 * a wrong port.
 */
export function registerIndexRoute(fastify: FastifyInstance, options: IndexRouteOptions): void {
  const index = {
    service: 'belvo-employments-gateway',
    routes: {
      graphql: `${options.graphqlPath} (POST or GET; WebSocket graphql-transport-ws for subscriptions)`,
      stream: `${options.streamPath} (POST or GET; Server-Sent Events, graphql-sse protocol, for subscriptions; resumes with Last-Event-ID)`,
      ...(options.explorer && { explorer: `${options.graphqlPath} (open in a browser)` }),
      ...(options.appPath && {
        app: `${options.appPath} (the reference onboarding app: cédula to income chart; open in a browser)`,
      }),
      webhooks: `${options.webhookPath} (POST, for Belvo)`,
      health: '/healthz',
      readiness: '/readyz',
      metrics: '/metrics',
    },
  };
  fastify.get('/', async (request, reply) => {
    if (options.explorer && (request.headers.accept ?? '').includes('text/html')) {
      return reply.redirect(options.graphqlPath, 302);
    }
    return reply.header('cache-control', 'no-store').send(index);
  });
}
