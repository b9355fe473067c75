import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { NoSchemaIntrospectionCustomRule, type ValidationRule } from 'graphql';
import type { OperationLimits } from '../config.js';

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
    maxDepthRule({ n: limits.maxDepth, exposeLimits: true }),
    maxAliasesRule({ n: limits.maxAliases, exposeLimits: true }),
    maxDirectivesRule({ n: limits.maxDirectives, exposeLimits: true }),
    costLimitRule({ maxCost: limits.maxCost, exposeLimits: true }),
    ...(options.introspection ? [] : [NoSchemaIntrospectionCustomRule]),
  ] as ValidationRule[];
}
