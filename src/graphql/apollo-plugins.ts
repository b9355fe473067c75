import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { deprecatedFieldsIn } from '../graphql-kit/deprecated-fields.js';
import type { GatewayMetrics } from '../operations/metrics.js';
import type { GatewayContext } from '../resources/context.js';
import { ErrorCode } from '../errors/error-codes.js';

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
            { extensions: { code: ErrorCode.BAD_REQUEST, http: { status: 400 } } },
          );
        }
      },
    };
  },
});

/**
 * The end of every HTTP operation, read from the flags its loaders set on `contextValue.response`:
 * `extensions.stale: true` when Belvo was down and expired data was served, and `cacheable` — may
 * the response cache (graphql-http.ts) keep the whole answer? Only a query that succeeded with
 * complete, fresh data. Mutations change data through `dataChanged`, which empties the cache.
 */
export const responseOutcome: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ contextValue, operation, response }) {
        const flags = contextValue.response;
        if (response.body.kind !== 'single') return;
        const result = response.body.singleResult;
        if (flags.servedStale) result.extensions = { ...result.extensions, stale: true };
        flags.cacheable =
          operation?.operation === 'query' &&
          !result.errors?.length &&
          !flags.servedStale &&
          !flags.incomplete;
      },
    };
  },
};

export const operationMetrics = (metrics: GatewayMetrics): ApolloServerPlugin<GatewayContext> => ({
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, document, schema }) {
        if (operation) metrics.countOperation('http', operation.operation);
        for (const field of deprecatedFieldsIn(schema, document)) metrics.countDeprecatedUse(field);
      },
    };
  },
});
