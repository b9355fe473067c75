import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSchema, type GraphQLFieldResolver, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { readFileSync } from 'node:fs';
import type { BelvoClient } from '../../src/belvo/client.js';
import { toEmploymentItem } from '../../src/resources/employments/employment.mapper.js';
import { toLink } from '../../src/resources/links/link.mapper.js';
import { toOwnerItem } from '../../src/resources/owners/owner.mapper.js';

/*
 * The baselines a team would otherwise write: the same schema (the committed SDL), the same
 * simulator, the same mappers — only the data access differs.
 */

const SCHEMA_SDL = readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each resolver declares its own source and args
type Resolvers = Record<string, Record<string, (source: any, args: any, ctx: BaselineContext) => unknown>>;

function schemaWith(resolvers: Resolvers): GraphQLSchema {
  const schema = buildSchema(SCHEMA_SDL);
  for (const [typeName, fields] of Object.entries(resolvers)) {
    const type = schema.getType(typeName) as GraphQLObjectType;
    for (const [fieldName, resolve] of Object.entries(fields)) {
      type.getFields()[fieldName]!.resolve = resolve as GraphQLFieldResolver<unknown, unknown>;
    }
  }
  return schema;
}

interface BaselineContext {
  /** GET through this: naive calls Belvo every time; the data-source style dedupes per request. */
  get<T>(key: string, fetch: () => Promise<T>): Promise<T>;
}

function resolversFor(belvo: BelvoClient): Resolvers {
  return {
    Query: {
      links: async (_root, args: { first?: number }, ctx) => {
        const page = await ctx.get(`links:${args.first}`, () =>
          belvo.linksPage({ institution: 'pila_co_employment' }, 1, args.first ?? 20),
        );
        const nodes = page.results.map(toLink);
        return {
          nodes,
          edges: [],
          totalCount: page.count,
          pageInfo: { hasNextPage: false, hasPreviousPage: false },
        };
      },
      link: async (_root, args: { id: string }, ctx) =>
        toLink(await ctx.get(`link:${args.id}`, () => belvo.getLink(args.id))),
    },
    Link: {
      // One REST call per field per link: what a straightforward resolver does.
      employments: async (link: { id: string }, _args, ctx) =>
        (await ctx.get(`employments:${link.id}`, () => belvo.allEmployments({ link: link.id }))).map(
          toEmploymentItem,
        ),
      owners: async (link: { id: string }, _args, ctx) =>
        (await ctx.get(`owners:${link.id}`, () => belvo.allOwners({ link: link.id }))).map(toOwnerItem),
    },
  };
}

export type BaselineKind = 'naive' | 'datasource';

/**
 * `naive`: every field fetches. `datasource`: Apollo RESTDataSource-style in-flight dedupe — the same
 * GET within one request is sent once — but no batching and no cache across requests.
 */
export async function startBaseline(
  kind: BaselineKind,
  belvo: BelvoClient,
): Promise<{ url: string; stop(): Promise<void> }> {
  const server = new ApolloServer<BaselineContext>({
    schema: schemaWith(resolversFor(belvo)),
    csrfPrevention: false,
  });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async () => {
      if (kind === 'naive') return { get: (_key, fetch) => fetch() };
      const inFlight = new Map<string, Promise<unknown>>();
      return {
        get: <T>(key: string, fetch: () => Promise<T>) => {
          if (!inFlight.has(key)) inFlight.set(key, fetch());
          return inFlight.get(key) as Promise<T>;
        },
      };
    },
  });
  return { url: url.replace(/\/$/, ''), stop: () => server.stop() };
}

/** Bare Apollo Server 5 answering a constant: the floor any GraphQL server pays. */
export async function startBareApollo(): Promise<{ url: string; stop(): Promise<void> }> {
  const server = new ApolloServer({
    typeDefs: 'type Query { hello: String! }',
    resolvers: { Query: { hello: () => 'world' } },
    csrfPrevention: false,
  });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return { url: url.replace(/\/$/, ''), stop: () => server.stop() };
}
