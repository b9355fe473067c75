import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { isAbstractType } from 'graphql';
import { createClient as createWsClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { typePolicies } from '../../clients/apollo-cache.js';
import { CreateLinkDocument, HistoricalUpdateDocument, LinkWithDataDocument } from '../generated/graphql.js';
import { startGateway, type Gateway } from '../support/gateway.js';
import { eventually } from '../support/sandbox.js';
import { objectTypesWithoutId, schema } from './schema-types.js';

const possibleTypes = Object.fromEntries(
  Object.values(schema.getTypeMap())
    .filter(isAbstractType)
    .map((type) => [type.name, schema.getPossibleTypes(type).map((possible) => possible.name)]),
);

/** Pages of `links`: left to a pagination policy (see clients/apollo-cache.ts). */
const PAGES = new Set(['LinkConnection', 'LinkEdge', 'PageInfo']);
/** A mutation's answer: read once from the mutation's result, never merged with anything. */
const PAYLOADS = new Set(['CreateLinkPayload', 'DeleteLinkPayload', 'RefreshLinkPayload', 'UserError']);

describe("Apollo Client's normalised cache over this schema (clients/apollo-cache.ts)", () => {
  let gateway: Gateway;
  beforeAll(async () => {
    gateway = await startGateway();
  });
  afterAll(() => gateway.stop());

  it('has a policy for every object type without an id, the pages of links and mutation payloads aside', () => {
    const valueTypes = objectTypesWithoutId().filter((name) => !PAGES.has(name) && !PAYLOADS.has(name));
    expect(Object.keys(typePolicies).sort()).toEqual(valueTypes);
  });

  /** A link read by a query, then pushed by a subscription that selects less of each employment. */
  async function queryThenPush(cache: InMemoryCache) {
    const ws = createWsClient({
      url: `${gateway.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
    });
    const apollo = new ApolloClient({
      cache,
      link: ApolloLink.split(
        ({ query }) => {
          const definition = getMainDefinition(query);
          return definition.kind === 'OperationDefinition' && definition.operation === 'subscription';
        },
        new GraphQLWsLink(ws),
        new HttpLink({ uri: `${gateway.url}/graphql` }),
      ),
    });
    try {
      const created = await apollo.mutate({
        mutation: CreateLinkDocument,
        variables: { input: { cedula: '1093000001' } },
      });
      const linkId = created.data!.createLink.link!.id;
      await eventually(async () => (await gateway.app.events.log.list(linkId)).length >= 2);
      const read = await apollo.query({ query: LinkWithDataDocument, variables: { id: linkId } });
      const employments = read.data!.link.employments.length;
      let pushes = 0;
      const subscription = apollo
        .subscribe({ query: HistoricalUpdateDocument, variables: { linkId } })
        .subscribe({ next: () => (pushes += 1) });
      await eventually(() => pushes >= 2, 10_000);
      subscription.unsubscribe();
      return { linkId, employments, entries: Object.keys(cache.extract()) };
    } finally {
      apollo.stop();
      await ws.dispose();
    }
  }

  it('keeps one entry per link and per employment across a query and a push, loses nothing, warns nothing', async () => {
    const warn = vi.spyOn(console, 'warn');
    try {
      const cache = new InMemoryCache({ possibleTypes, typePolicies });
      const { linkId, employments, entries } = await queryThenPush(cache);
      expect(entries.filter((key) => key.startsWith('Link:'))).toEqual([`Link:${linkId}`]);
      expect(entries.filter((key) => key.startsWith('Employment:'))).toHaveLength(employments);
      // The push selected only the employer's name: what the query read of it is still there.
      const employment = cache.extract()[entries.find((key) => key.startsWith('Employment:'))!] as {
        employerData: { idNumber?: unknown; name?: unknown };
      };
      expect(employment.employerData.idNumber).toBeDefined();
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it('without the policies, Apollo warns that the push replaced what the query read', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      await queryThenPush(new InMemoryCache({ possibleTypes }));
      expect(warn.mock.calls.map(([message]) => String(message))).toContainEqual(
        expect.stringMatching(/^Cache data may be lost when replacing the %s field/),
      );
    } finally {
      warn.mockRestore();
    }
  });
});
