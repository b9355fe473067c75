import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { EmploymentResolver, LinkEmploymentsResolver } from '../resources/employments/employment.resolver.js';
import {
  EmploymentsHistoricalUpdateResolver,
  LinkEventResolver,
  LinkEventSubscriptionResolver,
  NewEmploymentsAvailableResolver,
  NewOwnersAvailableResolver,
  OwnersHistoricalUpdateResolver,
} from '../resources/events/link-event.resolver.js';
import { LinkIncomeProfileResolver } from '../resources/income/income-profile.resolver.js';
import { LinkReadyResolver } from '../resources/events/link-ready.resolver.js';
import { LinkResolver } from '../resources/links/link.resolver.js';
import { LinkOwnersResolver, OwnerResolver } from '../resources/owners/owner.resolver.js';

export const RESOLVERS = [
  LinkResolver,
  LinkEmploymentsResolver,
  LinkIncomeProfileResolver,
  EmploymentResolver,
  LinkOwnersResolver,
  OwnerResolver,
  LinkEventSubscriptionResolver,
  LinkReadyResolver,
  LinkEventResolver,
  EmploymentsHistoricalUpdateResolver,
  NewEmploymentsAvailableResolver,
  OwnersHistoricalUpdateResolver,
  NewOwnersAvailableResolver,
] as const;

const ROOT_DESCRIPTIONS = {
  Query: 'Reads of links, employments and owners, served from Belvo through batching and a shared cache.',
  Mutation: 'Changes to links in Belvo: create, refresh, delete.',
  Subscription:
    'Pushes of Belvo webhook events for a link, over WebSocket (graphql-ws at /graphql) or Server-Sent Events (graphql-sse at /graphql/stream).',
};

/**
 * type-graphql insists on a pubSub, but every subscription here brings its own `subscribe`
 * (replay, then the per-link bus), so topic-based subscriptions must not creep in.
 */
const noTopics = (): never => {
  throw new Error('Topic subscriptions are not used; give the @Subscription a `subscribe` function');
};
const NO_TOPICS = { publish: noTopics, subscribe: noTopics };

export async function buildGatewaySchema(): Promise<GraphQLSchema> {
  // Inputs are checked by explicit validators (see *.validation.ts), not class-validator.
  const schema = await buildSchema({ resolvers: RESOLVERS, validate: false, pubSub: NO_TOPICS });
  // type-graphql has no option for root type descriptions; they show first in the explorer.
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (root) root.description = ROOT_DESCRIPTIONS[root.name as keyof typeof ROOT_DESCRIPTIONS];
  }
  return schema;
}

/** The committed artefact's text: sorted, so diffs show real changes only. */
export const printGatewaySchema = (schema: GraphQLSchema) =>
  `${printSchema(lexicographicSortSchema(schema))}\n`;
