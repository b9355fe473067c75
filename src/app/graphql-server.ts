import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import type { FastifyInstance } from 'fastify';
import type { GraphQLFormattedError, GraphQLSchema, ValidationRule } from 'graphql';
import type { Config } from '../config.js';
import {
  operationMetrics,
  responseOutcome,
  subscriptionsOverWebSocketOnly,
} from '../graphql/apollo-plugins.js';
import { buildGatewaySchema } from '../graphql/schema.js';
import { extraValidationRules } from '../graphql/validation-rules.js';
import { checkVariables as checkVariablesWithin } from '../graphql/variables-limit.js';
import { formatError, maskedErrorForLog } from '../errors/graphql-errors.js';
import type { Logger } from '../observability/logger.js';
import type { GatewayMetrics } from '../operations/metrics.js';
import type { GatewayContext } from '../resources/context.js';
import { GRAPHQL_PATH, GRAPHQL_STREAM_PATH } from '../requests/paths.js';
import { graphqlSpans } from './graphql-spans.js';

/** The schema and the rules every transport applies to an operation, HTTP, WebSocket and SSE alike. */
export interface GraphqlRules {
  schema: GraphQLSchema;
  validationRules: ValidationRule[];
  /** Checks variables (depth, size) before anything walks them; answers the reason to refuse. */
  checkVariables: (variables: unknown, name?: string) => string | undefined;
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
}

export async function createGraphqlRules(
  config: Config,
  metrics: GatewayMetrics,
  logger: Logger,
): Promise<GraphqlRules> {
  const limits = { maxDepth: config.limits.maxVariablesDepth, maxBytes: config.limits.maxVariablesBytes };
  return {
    schema: await buildGatewaySchema(),
    validationRules: extraValidationRules(config),
    checkVariables: (variables, name) => checkVariablesWithin(variables, limits, name),
    formatError: (formatted, error) => {
      const sent = formatError(formatted, error, {
        stackTraces: config.stackTraces,
        hideSuggestions: config.hideSuggestions,
        onMasked: (cause) =>
          logger.error({ err: maskedErrorForLog(cause) }, 'unexpected error masked in a GraphQL response'),
      });
      metrics.countError(sent.extensions?.code);
      return sent;
    },
  };
}

/** Apollo Server for queries and mutations over HTTP, started. */
export async function startApollo(
  config: Config,
  rules: GraphqlRules,
  fastify: FastifyInstance,
  metrics: GatewayMetrics,
): Promise<ApolloServer<GatewayContext>> {
  const apollo = new ApolloServer<GatewayContext>({
    schema: rules.schema,
    validationRules: rules.validationRules,
    parseOptions: { maxTokens: config.limits.maxTokens },
    introspection: config.introspection,
    includeStacktraceInErrorResponses: config.stackTraces,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // main.ts owns signals and stops everything in order; Apollo stopping itself first races it.
    stopOnTerminationSignals: false,
    formatError: rules.formatError,
    plugins: [
      fastifyApolloDrainPlugin(fastify),
      ApolloServerPluginLandingPageDisabled(),
      // Its per-field hooks cost time on every field and the gateway sends no cache hints.
      ApolloServerPluginCacheControlDisabled(),
      subscriptionsOverWebSocketOnly(GRAPHQL_PATH, GRAPHQL_STREAM_PATH),
      responseOutcome,
      operationMetrics(metrics),
      // Three hooks per request: only when spans are exported at all.
      ...(config.telemetry.enabled ? [graphqlSpans] : []),
    ],
  });
  await apollo.start();
  return apollo;
}
