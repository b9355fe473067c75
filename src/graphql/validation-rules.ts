import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  GraphQLError,
  Kind,
  NoSchemaIntrospectionCustomRule,
  type SelectionSetNode,
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
    // Fields are what nest and cost; a fragment spread or inline fragment is not a level (client
    // libraries write a fragment per type, which would otherwise count twice).
    maxDepthRule({ n: limits.maxDepth, flattenFragments: true, ...REPORT }),
    maxAliasesRule({ n: limits.maxAliases, ...REPORT }),
    maxDirectivesRule({ n: limits.maxDirectives, ...REPORT }),
    costLimitRule({ maxCost: limits.maxCost, ...REPORT }),
    maxDuplicateFieldsRule(limits.maxDuplicateFields),
    ...(options.introspection ? [] : [NoSchemaIntrospectionCustomRule]),
  ] as ValidationRule[];
}

/**
 * graphql-js merges repeated fields into one answer but still resolves and completes every copy,
 * and the cost rule prices a field once per selection set: `{ totalCount totalCount … }` 500 times
 * over would run 500 times at the price of one. Counts each response key (alias or name) in a
 * selection set together with its inline fragments and named fragments (each name once, as
 * execution does); one error per document is enough. The walk keeps its own stack.
 */
export function maxDuplicateFieldsRule(max: number): ValidationRule {
  return (context: ValidationContext) => {
    let reported = false;
    return {
      SelectionSet(node: SelectionSetNode) {
        if (reported) return;
        const counts = new Map<string, number>();
        const fragments = new Set<string>();
        const pending: SelectionSetNode[] = [node];
        while (pending.length > 0) {
          for (const selection of pending.pop()!.selections) {
            if (selection.kind === Kind.FIELD) {
              const key = selection.alias?.value ?? selection.name.value;
              const count = (counts.get(key) ?? 0) + 1;
              counts.set(key, count);
              if (count > max) {
                reported = true;
                context.reportError(
                  new GraphQLError(
                    `Duplicate fields limit of ${max} exceeded: a field is selected more often in one selection set`,
                    {
                      nodes: [selection],
                    },
                  ),
                );
                return;
              }
            } else if (selection.kind === Kind.INLINE_FRAGMENT) {
              pending.push(selection.selectionSet);
            } else if (!fragments.has(selection.name.value)) {
              fragments.add(selection.name.value);
              const fragment = context.getFragment(selection.name.value);
              if (fragment) pending.push(fragment.selectionSet);
            }
          }
        }
      },
    };
  };
}
