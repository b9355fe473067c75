import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { GraphQLError } from 'graphql';

/** What envelop hands the hook that runs when validation ends (only the fields the plugin reads). */
type ValidationEnd = (payload: {
  valid: boolean;
  result: readonly GraphQLError[];
  setResult: (errors: GraphQLError[]) => void;
}) => void;

/*
 * graphql-armor's block-field-suggestions is an envelop plugin that rewrites errors when validation
 * ends. Apollo, graphql-ws and graphql-sse do not run envelop, and variables are coerced (with
 * their own "Did you mean") after validation, so the hook is called from the error formatter, the
 * one place every transport's errors pass. The plugin never reads its start payload.
 */
const onValidationEnd = (
  blockFieldSuggestionsPlugin({ mask: '' }).onValidate as unknown as () => ValidationEnd
)();

/** graphql-js words enum suggestions "Did you mean the enum value …?", which armor's pattern misses. */
const ENUM_VALUE_SUGGESTION = / Did you mean the enum value .*\?$/;

/** The message without "Did you mean …?": with introspection off, suggestions would map the schema. */
export function withoutSuggestions(message: string): string {
  let masked = message;
  onValidationEnd({
    valid: false,
    result: [new GraphQLError(message)],
    setResult: ([error]) => (masked = error?.message ?? masked),
  });
  return masked.replace(ENUM_VALUE_SUGGESTION, '');
}
