import type { ApolloServer } from '@apollo/server';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import type { Principal } from '../auth/principal.js';
import type { GatewayContext } from '../graphql/context.js';
import { principalOf } from './client-auth.js';
import { requireJsonBody } from './require-json.js';

export const GRAPHQL_PATH = '/graphql';

/** GraphQL over HTTP at /graphql: POST for everything, GET for queries (Apollo refuses GET mutations). */
export async function registerGraphqlRoute(
  fastify: FastifyInstance,
  apollo: ApolloServer<GatewayContext>,
  options: {
    /** An onRequest hook that authenticates (see client-auth.ts). */
    authenticate: onRequestHookHandler;
    contextFor: (principal: Principal) => GatewayContext;
  },
): Promise<void> {
  await fastify.register(async (scope) => {
    scope.addHook('onRequest', options.authenticate);
    scope.addHook('preHandler', requireJsonBody);
    scope.route({
      url: GRAPHQL_PATH,
      method: ['GET', 'POST', 'OPTIONS'],
      handler: fastifyApolloHandler(apollo, {
        context: async (request) => options.contextFor(principalOf(request)),
      }),
    });
  });
}
