import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { EmploymentResolver, LinkEmploymentsResolver } from '../resources/employments/employment.resolver.js';
import { LinkResolver } from '../resources/links/link.resolver.js';
import { LinkOwnersResolver, OwnerResolver } from '../resources/owners/owner.resolver.js';

export const RESOLVERS = [
  LinkResolver,
  LinkEmploymentsResolver,
  EmploymentResolver,
  LinkOwnersResolver,
  OwnerResolver,
] as const;

export function buildGatewaySchema(): Promise<GraphQLSchema> {
  // Inputs are checked by explicit validators (see *.validation.ts), not class-validator.
  return buildSchema({ resolvers: RESOLVERS, validate: false });
}

/** The committed artefact's text: sorted, so diffs show real changes only. */
export const printGatewaySchema = (schema: GraphQLSchema) =>
  `${printSchema(lexicographicSortSchema(schema))}\n`;
