import {
  getOperationAST,
  type OperationDefinitionNode,
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
import { ErrorCode } from '../../errors/error-codes.js';
import { deprecatedFieldsIn } from '../../graphql-kit/deprecated-fields.js';
import type { Principal } from '../../auth/principal.js';
import type { RateLimiter } from '../../security/rate-limiter.js';
import type { GatewayContext } from '../../resources/context.js';
import { operationNameProblem } from '../../requests/operation-name.js';
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
  /** Told each operation that passed validation (for metrics), with the deprecated fields it selects. */
  onOperation?: (transport: SubscriptionTransport, type: string, deprecated: readonly string[]) => void;
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
  const formatAll = (errors: readonly GraphQLError[]) =>
    errors.map((error) => options.formatError(error.toJSON(), error));
  const formatResult = (result: ExecutionResult) =>
    result.errors ? { ...result, errors: formatAll(result.errors) } : undefined;
  const payloads = new WeakMap<ExecutionResult, string>();
  return {
    admit: admission(options, documentChecker(options)),
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

type CheckDocument = (query: string) => DocumentNode | GraphQLError[];

/**
 * Thousands of clients send the same few subscriptions: parse and validate each text once (as
 * Apollo's document store does over HTTP), sharing one AST among them.
 */
function documentChecker(options: SubscriptionGateOptions): CheckDocument {
  const rules = [...specifiedRules, ...options.validationRules];
  const checked = new LRUCache<string, DocumentNode | GraphQLError[]>({ max: MAX_CACHED_DOCUMENTS });
  return (query) => {
    let verdict = checked.get(query);
    if (!verdict) {
      verdict = parseAndValidate(query, options.schema, rules, options.maxTokens);
      checked.set(query, verdict);
    }
    return verdict;
  };
}

function parseAndValidate(
  query: string,
  schema: GraphQLSchema,
  rules: readonly ValidationRule[],
  maxTokens: number,
): DocumentNode | GraphQLError[] {
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens });
  } catch (error) {
    return [withCode(error as GraphQLError, ErrorCode.GRAPHQL_PARSE_FAILED)];
  }
  const errors = validate(schema, document, rules);
  return errors.length > 0
    ? errors.map((error) => withCode(error, ErrorCode.GRAPHQL_VALIDATION_FAILED))
    : document;
}

/** The gate's `admit`: each step answers the errors to send, or lets the request on. */
function admission(
  options: SubscriptionGateOptions,
  checkDocument: CheckDocument,
): SubscriptionGate['admit'] {
  return (principal, request, transport) => {
    const refusal = rateLimited(options.limiter, principal) ?? malformed(request, options.checkVariables);
    if (refusal) return refusal;
    const document = checkDocument(request.query as string);
    if (Array.isArray(document)) return document;
    // The transport keeps its request for the subscription's life: hold the cached document's own
    // copy of the text rather than the copy each message parsed (a whole query per subscription).
    const text = document.loc?.source.body;
    if (text !== undefined && text === request.query) request.query = text;
    const operationName = (request.operationName as string | null | undefined) ?? undefined;
    const operation = chooseOperation(document, operationName, transport);
    if (Array.isArray(operation)) return operation;
    const variableValues = (request.variables ?? {}) as Record<string, unknown>;
    const badVariables = coercionErrors(options.schema, operation, variableValues);
    if (badVariables) return badVariables;
    options.onOperation?.(transport, operation.operation, deprecatedFieldsIn(options.schema, document));
    return {
      schema: options.schema,
      document,
      operationName,
      variableValues,
      contextValue: options.contextFor(principal),
    };
  };
}

function rateLimited(limiter: RateLimiter, principal: Principal): GraphQLError[] | undefined {
  const verdict = limiter.take(principal.id);
  if (verdict.allowed) return undefined;
  return [
    new GraphQLError('Too many operations; slow down', {
      extensions: {
        code: ErrorCode.RATE_LIMITED,
        retryable: true,
        retryAfterSeconds: verdict.retryAfterSeconds,
      },
    }),
  ];
}

/**
 * The request's shape: variables an object within limits, the query a string, the name a short one
 * (it is quoted back when no operation has it).
 */
function malformed(
  request: OperationRequest,
  checkVariables: SubscriptionGateOptions['checkVariables'],
): GraphQLError[] | undefined {
  // Before anything walks them: graphql-js coerces variables recursively, and a value nested
  // tens of thousands of levels deep would overflow the stack.
  const badVariables = checkVariables(request.variables);
  if (badVariables) return [withCode(new GraphQLError(badVariables), ErrorCode.BAD_USER_INPUT)];
  const { variables, query, operationName } = request;
  const problem =
    variables != null && (typeof variables !== 'object' || Array.isArray(variables))
      ? 'variables must be an object'
      : typeof query !== 'string'
        ? 'query must be a string'
        : operationNameProblem(operationName);
  return problem === undefined ? undefined : [withCode(new GraphQLError(problem), ErrorCode.BAD_REQUEST)];
}

/** The operation to run, named or the only one, and a subscription; answered as HTTP would. */
function chooseOperation(
  document: DocumentNode,
  operationName: string | undefined,
  transport: SubscriptionTransport,
): OperationDefinitionNode | GraphQLError[] {
  const operation = getOperationAST(document, operationName);
  if (!operation) {
    // Apollo's words and code over HTTP, so a client handles the three transports alike.
    const message =
      operationName === undefined
        ? 'Must provide operation name if query contains multiple operations.'
        : `Unknown operation named "${operationName}".`;
    return [withCode(new GraphQLError(message), ErrorCode.OPERATION_RESOLUTION_FAILURE)];
  }
  if (operation.operation === 'subscription') return operation;
  return [
    withCode(
      new GraphQLError(
        `Only subscriptions are served over ${TRANSPORT_NAMES[transport]}; send queries and mutations over HTTP`,
      ),
      ErrorCode.BAD_REQUEST,
    ),
  ];
}

/**
 * Variables are coerced here, as Apollo does over HTTP: a bad one is the client's error
 * (BAD_USER_INPUT), not an execution failure.
 */
function coercionErrors(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variableValues: Record<string, unknown>,
): GraphQLError[] | undefined {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variableValues, {
    maxErrors: 10,
  });
  return coerced.errors?.map((error) => withCode(error, ErrorCode.BAD_USER_INPUT));
}

export function withCode(error: GraphQLError, code: ErrorCode): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    extensions: { ...error.extensions, code },
  });
}
