import { CriticalityLevel, diff } from '@graphql-inspector/core';
import { buildSchema, isInterfaceType, isObjectType, type GraphQLSchema } from 'graphql';

/** A breaking change of the schema against the released one, and what it lacks to be allowed. */
export interface BreakingChange {
  /** Schema coordinate, e.g. `Query.employments` or `EmployerData.tenure`. */
  path: string;
  message: string;
  /** What is missing: a deprecation in the released schema (removals only), a CHANGELOG entry. */
  missing: string[];
}

/**
 * The breaking changes (GraphQL Inspector's criticality BREAKING) from `released` to `current`, each
 * with what it lacks: a removed field must have been deprecated in the released schema, and every
 * breaking change must be named (its coordinate in backquotes) in the CHANGELOG's Unreleased part.
 */
export async function unannouncedBreakingChanges(
  released: string,
  current: string,
  changelog: string,
): Promise<BreakingChange[]> {
  const before = buildSchema(released);
  const changes = await diff(before, buildSchema(current));
  const unreleased = changelog.split(/^## (?!Unreleased)/m)[0] ?? '';
  return changes
    .filter((change) => change.criticality.level === CriticalityLevel.Breaking)
    .map((change) => {
      const path = change.path ?? '';
      const missing = [];
      if (change.type === 'FIELD_REMOVED' && !wasDeprecated(before, path))
        missing.push('a deprecation first');
      if (!unreleased.includes(`\`${path}\``)) missing.push(`a CHANGELOG entry naming \`${path}\``);
      return { path, message: change.message, missing };
    })
    .filter((change) => change.missing.length > 0);
}

function wasDeprecated(schema: GraphQLSchema, path: string): boolean {
  const [typeName, fieldName] = path.split('.');
  const type = schema.getType(typeName ?? '');
  if (!fieldName || !(isObjectType(type) || isInterfaceType(type))) return false;
  return Boolean(type.getFields()[fieldName]?.deprecationReason);
}
