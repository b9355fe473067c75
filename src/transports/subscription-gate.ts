import {
  getOperationAST,
  getVariableValues,
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FormattedExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import { LRUCache } from 'lru-cache';
import type { Principal } from '../auth/principal.js';
import type { RateLimiter } from '../security/rate-limiter.js';
import type { GatewayContext } from '../resources/context.js';
import { createSharedSubscribe, type SharedSubscribe } from './shared-execution.js';

/** The transports that carry subscriptions; metrics and messages name them. */
export type SubscriptionTransport = 'websocket' | 'sse';

export interface SubscriptionGateOptions {
  schema: GraphQLSchema;
  validationRules: ValidationRule[];
  maxTokens: number;
  /** Checks variables before graphql-js walks them (recursively). */
  checkVariables: (variables: unknown) => string | undefined;
  limiter: RateLimiter;
  contextFor: (principal: Principal) => GatewayContext;
  formatError: (formatted: GraphQLFormattedError, thrown: unknown) => GraphQLFormattedError;
  /** Told each operation that passed validation (for metrics). */
  onOperation?: (transport: SubscriptionTransport, type: string) => void;
  /** Each event pushed to a subscriber (for traces and the first-push metric). */
  onPush?: (event: unknown) => void;
}

/** What a client sent to start an operation, whatever the transport (nothing trusted yet). */
export interface OperationRequest {
  query: unknown;
  operationName?: unknown;
  variables?: unknown;
}

export interface SubscriptionGate {
  /**
   * Everything HTTP enforces before execution, for a transport that parses and executes on its own:
   * the rate budget, variable limits, parse with the token cap, the validation rules, subscriptions
   * only, variable coercion. Answers the arguments to execute, or the errors to send (unformatted).
   */
  admit(
    principal: Principal,
    request: OperationRequest,
    transport: SubscriptionTransport,
  ): ExecutionArgs | GraphQLError[];
  /** Errors as HTTP would send them: masked, codes kept, counted. */
  formatAll(errors: readonly GraphQLError[]): GraphQLFormattedError[];
  /** A pushed result with its errors formatted; undefined when it has none (send it as it is). */
  formatResult(result: ExecutionResult): FormattedExecutionResult | undefined;
  /** A pushed result as a `next` payload's JSON: made once per result, for all its subscribers. */
  payloadOf(result: ExecutionResult): string;
  /** graphql-js `subscribe`, one execution per event for every transport's subscribers together. */
  subscribe: SharedSubscribe;
}

const MAX_CACHED_DOCUMENTS = 500;
const TRANSPORT_NAMES: Record<SubscriptionTransport, string> = {
  websocket: 'WebSocket',
  sse: 'Server-Sent Events',
};

/**
 * The checks graphql-ws and graphql-sse both need, in one place: each library does its own parsing
 * and validation, so Apollo's plugins, limits and error formatting do not reach them by themselves.
 */
export function createSubscriptionGate(options: SubscriptionGateOptions): SubscriptionGate {
  const rules = [...specifiedRules, ...options.validationRules];

  // Thousands of clients send the same few subscriptions: parse and validate each text once (as
  // Apollo's document store does over HTTP), sharing one AST among them.
  const checkedDocuments = new LRUCache<string, DocumentNode | GraphQLError[]>({ max: MAX_CACHED_DOCUMENTS });
  const checkDocument = (query: string): DocumentNode | GraphQLError[] => {
    const known = checkedDocuments.get(query);
    if (known) return known;
    let checked: DocumentNode | GraphQLError[];
    try {
      const document = parse(query, { maxTokens: options.maxTokens });
      const errors = validate(options.schema, document, rules);
      checked =
        errors.length > 0 ? errors.map((error) => withCode(error, 'GRAPHQL_VALIDATION_FAILED')) : document;
    } catch (error) {
      checked = [withCode(error as GraphQLError, 'GRAPHQL_PARSE_FAILED')];
    }
    checkedDocuments.set(query, checked);
    return checked;
  };

  const formatAll = (errors: readonly GraphQLError[]) =>
    errors.map((error) => options.formatError(error.toJSON(), error));
  const formatResult = (result: ExecutionResult) =>
    result.errors ? { ...result, errors: formatAll(result.errors) } : undefined;
  const payloads = new WeakMap<ExecutionResult, string>();

  return {
    admit(principal, request, transport) {
      const verdict = options.limiter.take(principal.id);
      if (!verdict.allowed) {
        return [
          new GraphQLError('Too many operations; slow down', {
            extensions: {
              code: 'RATE_LIMITED',
              retryable: true,
              retryAfterSeconds: verdict.retryAfterSeconds,
            },
          }),
        ];
      }
      // Before anything walks them: graphql-js coerces variables recursively, and a value nested
      // tens of thousands of levels deep would overflow the stack.
      const badVariables = options.checkVariables(request.variables);
      if (badVariables) return [withCode(new GraphQLError(badVariables), 'BAD_USER_INPUT')];
      if (
        request.variables != null &&
        (typeof request.variables !== 'object' || Array.isArray(request.variables))
      )
        return [withCode(new GraphQLError('variables must be an object'), 'BAD_REQUEST')];
      if (typeof request.query !== 'string')
        return [withCode(new GraphQLError('query must be a string'), 'BAD_REQUEST')];
      if (request.operationName != null && typeof request.operationName !== 'string')
        return [withCode(new GraphQLError('operationName must be a string'), 'BAD_REQUEST')];
      const checked = checkDocument(request.query);
      if (Array.isArray(checked)) return checked;
      const document = checked as DocumentNode;
      const operationName = request.operationName ?? undefined;
      const operation = getOperationAST(document, operationName);
      if (!operation) {
        return [withCode(new GraphQLError('Name the operation to run'), 'BAD_REQUEST')];
      }
      if (operation.operation !== 'subscription') {
        return [
          withCode(
            new GraphQLError(
              `Only subscriptions are served over ${TRANSPORT_NAMES[transport]}; send queries and mutations over HTTP`,
            ),
            'BAD_REQUEST',
          ),
        ];
      }
      const variableValues = (request.variables ?? {}) as Record<string, unknown>;
      // Variables are checked here, as Apollo does over HTTP: a bad one is the client's error
      // (BAD_USER_INPUT), not an execution failure.
      const variables = getVariableValues(
        options.schema,
        operation.variableDefinitions ?? [],
        variableValues,
        { maxErrors: 10 },
      );
      if (variables.errors) return variables.errors.map((error) => withCode(error, 'BAD_USER_INPUT'));
      options.onOperation?.(transport, operation.operation);
      return {
        schema: options.schema,
        document,
        operationName,
        variableValues,
        contextValue: options.contextFor(principal),
      };
    },
    formatAll,
    formatResult,
    payloadOf(result) {
      let payload = payloads.get(result);
      if (payload === undefined)
        payloads.set(result, (payload = JSON.stringify(formatResult(result) ?? result)));
      return payload;
    },
    subscribe: createSharedSubscribe(options.onPush),
  };
}

export function withCode(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    extensions: { ...error.extensions, code },
  });
}
