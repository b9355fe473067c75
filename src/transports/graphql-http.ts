import type { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import type { Principal } from '../auth/principal.js';
import { GraphQLError } from 'graphql';
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

/** Over HTTP a subscription would run once and fail obscurely; say where it belongs instead. */
export const subscriptionsOverWebSocketOnly: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation }) {
        if (operation?.operation === 'subscription') {
          throw new GraphQLError(
            `Subscriptions are served over WebSocket (graphql-transport-ws) at ${GRAPHQL_PATH}, not over HTTP`,
            { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } },
          );
        }
      },
    };
  },
};
