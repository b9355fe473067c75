import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { ResponseCache } from '../cache/response-cache.js';
import type { GatewayMetrics } from '../operations/metrics.js';
import type { GatewayContext } from '../resources/context.js';

/** Over HTTP a subscription would run once and fail obscurely; say where it belongs instead. */
export const subscriptionsOverWebSocketOnly = (
  graphqlPath: string,
  streamPath: string,
): ApolloServerPlugin<GatewayContext> => ({
  async requestDidStart() {
    return {
      async didResolveOperation({ operation }) {
        if (operation?.operation === 'subscription') {
          throw new GraphQLError(
            `Subscriptions are served over WebSocket (graphql-transport-ws) at ${graphqlPath} and over Server-Sent Events (graphql-sse) at ${streamPath}, not as plain HTTP requests`,
            { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } },
          );
        }
      },
    };
  },
});

/** Tells the client, in `extensions.stale`, that Belvo was down and some data is past its TTL. */
export const staleFlag: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ contextValue, response }) {
        if (contextValue.response.servedStale && response.body.kind === 'single') {
          response.body.singleResult.extensions = { ...response.body.singleResult.extensions, stale: true };
        }
      },
    };
  },
};

export const operationMetrics = (metrics: GatewayMetrics): ApolloServerPlugin<GatewayContext> => ({
  async requestDidStart() {
    return {
      async didResolveOperation({ operation }) {
        if (operation) metrics.countOperation('http', operation.operation);
      },
    };
  },
});

/**
 * Decides whether the whole HTTP answer may be reused: a query that succeeded with complete, fresh
 * data. A mutation changes data, so it drops every reusable answer.
 */
export const responseCacheability = (cache: ResponseCache): ApolloServerPlugin<GatewayContext> => ({
  async requestDidStart() {
    return {
      async willSendResponse({ contextValue, operation, response }) {
        if (operation?.operation === 'mutation') {
          cache.invalidate();
          return;
        }
        const flags = contextValue.response;
        flags.cacheable =
          operation?.operation === 'query' &&
          response.body.kind === 'single' &&
          !response.body.singleResult.errors?.length &&
          !flags.servedStale &&
          !flags.incomplete;
      },
    };
  },
});
