/** What a GraphQL operation may ask for, and what the API shows about itself. */
import { z } from 'zod';
import { bool, int, optionalBool } from './setting.js';

const limits = z.object({
  maxTokens: int(
    'GRAPHQL_MAX_TOKENS',
    { default: 2_000, min: 50, max: 100_000 },
    'maximum lexical tokens per document',
  ),
  maxDepth: int(
    'GRAPHQL_MAX_DEPTH',
    { default: 8, min: 2, max: 100 },
    'maximum selection depth, in fields (fragments add no level)',
  ),
  maxAliases: int(
    'GRAPHQL_MAX_ALIASES',
    { default: 10, min: 0, max: 1_000 },
    'maximum aliases per operation',
  ),
  maxDirectives: int(
    'GRAPHQL_MAX_DIRECTIVES',
    { default: 10, min: 0, max: 1_000 },
    'maximum directives per operation',
  ),
  maxCost: int(
    'GRAPHQL_MAX_COST',
    { default: 5_000, min: 10, max: 1_000_000 },
    'maximum estimated cost (graphql-armor; `first` multiplies)',
  ),
  maxDuplicateFields: int(
    'GRAPHQL_MAX_DUPLICATE_FIELDS',
    { default: 5, min: 1, max: 1_000 },
    'copies of one field (response key) in one selection set, fragments included',
  ),
  // Checked before anything walks the variables.
  maxVariablesDepth: int(
    'GRAPHQL_MAX_VARIABLES_DEPTH',
    { default: 10, min: 2, max: 1_000 },
    'nesting of `variables`',
  ),
  maxVariablesBytes: int(
    'GRAPHQL_MAX_VARIABLES_BYTES',
    { default: 16 * 1024, min: 64, max: 10 * 1024 * 1024 },
    'size of `variables` as JSON',
  ),
  ratePerMinute: int(
    'RATE_LIMIT_PER_MINUTE',
    { default: 600, min: 1, max: 1_000_000 },
    'operations per principal per minute, over HTTP and WebSocket together, per instance',
  ),
});

export type OperationLimits = z.infer<typeof limits>;

const UNLESS_PRODUCTION = '`true` unless `NODE_ENV=production`';

export const graphqlSettings = {
  limits,
  introspection: optionalBool('GRAPHQL_INTROSPECTION', { shown: UNLESS_PRODUCTION }, 'schema introspection'),
  explorer: optionalBool(
    'GRAPHQL_EXPLORER',
    { shown: UNLESS_PRODUCTION },
    'serve GraphiQL to browsers opening `/graphql`',
  ),
  // A reference for frontend teams, wired to the simulator's people: not a product page.
  referenceApp: optionalBool(
    'REFERENCE_APP',
    { shown: '`true` in embedded mode' },
    'serve the reference onboarding app (examples/web/) at `/app`',
  ),
  stackTraces: bool(
    'GRAPHQL_STACK_TRACES',
    { default: false },
    'include stack traces in errors (development only)',
  ),
  // So the schema cannot be mapped by guessing.
  hideSuggestions: optionalBool(
    'GRAPHQL_HIDE_SUGGESTIONS',
    { shown: '`true` if `NODE_ENV=production`' },
    'drop "Did you mean …?" from validation errors',
  ),
};
