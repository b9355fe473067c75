import type { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import type { FastifyInstance } from 'fastify';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from '../graphql/context.js';
import { requireJsonBody } from './require-json.js';

export const GRAPHQL_PATH = '/graphql';

/** GraphQL over HTTP at /graphql: POST for everything, GET for queries (Apollo refuses GET mutations). */
export async function registerGraphqlRoute(
  fastify: FastifyInstance,
  apollo: ApolloServer<GatewayContext>,
  contextFor: () => Promise<GatewayContext>,
): Promise<void> {
  await fastify.register(async (scope) => {
    scope.addHook('preHandler', requireJsonBody);
    scope.route({
      url: GRAPHQL_PATH,
      method: ['GET', 'POST', 'OPTIONS'],
      handler: fastifyApolloHandler(apollo, { context: contextFor }),
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
