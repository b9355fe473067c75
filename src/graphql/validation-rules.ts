import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { OperationLimits } from '../config.js';

/**
 * graphql-armor throws its refusals by default, which Apollo and graphql-ws turn into 500s and
 * internal errors; reported like any validation error they become 400 GRAPHQL_VALIDATION_FAILED.
 */
const REPORT = {
  exposeLimits: true,
  propagateOnRejection: false,
  onReject: [
    (context: ValidationContext | null, error: GraphQLError) =>
      context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, ''))),
  ],
};

/**
 * Validation rules beyond the GraphQL spec's, applied identically over HTTP (Apollo) and WebSocket
 * (graphql-ws runs its own validation, so it must be handed the same list). They run before any
 * resolver, so a refused operation never reaches Belvo. The token cap is a parse option, not a rule.
 */
export function extraValidationRules(options: {
  introspection: boolean;
  limits: OperationLimits;
}): ValidationRule[] {
  const { limits } = options;
  return [
    maxDepthRule({ n: limits.maxDepth, ...REPORT }),
    maxAliasesRule({ n: limits.maxAliases, ...REPORT }),
    maxDirectivesRule({ n: limits.maxDirectives, ...REPORT }),
    costLimitRule({ maxCost: limits.maxCost, ...REPORT }),
    ...(options.introspection ? [] : [NoSchemaIntrospectionCustomRule]),
  ] as ValidationRule[];
}
