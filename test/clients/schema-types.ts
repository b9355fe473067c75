import { buildSchema, isObjectType } from 'graphql';
import { readFileSync } from 'node:fs';

/** The committed schema, as a client's cache configuration is written against it. */
export const schema = buildSchema(
  readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8'),
);

/** Object types a normalising cache cannot key by `id` (the root types aside): each needs a word in its config. */
export const objectTypesWithoutId = (): string[] =>
  Object.values(schema.getTypeMap())
    .filter(isObjectType)
    .filter(
      (type) => !type.name.startsWith('__') && !['Query', 'Mutation', 'Subscription'].includes(type.name),
    )
    .filter((type) => !('id' in type.getFields()))
    .map((type) => type.name)
    .sort();
