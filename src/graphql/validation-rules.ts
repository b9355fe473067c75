import { NoSchemaIntrospectionCustomRule, type ValidationRule } from 'graphql';

/**
 * Validation rules beyond the GraphQL spec's, applied identically over HTTP (Apollo) and WebSocket
 * (graphql-ws runs its own validation, so it must be handed the same list).
 */
export function extraValidationRules(options: { introspection: boolean }): ValidationRule[] {
  return options.introspection ? [] : [NoSchemaIntrospectionCustomRule];
}

/** Cap on lexical tokens in one document: parsing stops early on a huge or pathological query. */
export const MAX_TOKENS = 5_000;
