import { Client, fetchExchange, subscriptionExchange } from '@urql/core';
import { cacheExchange, type Cache } from '@urql/exchange-graphcache';
import { introspectionFromSchema } from 'graphql';
import { createClient as createWsClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { keys } from '../../clients/urql-cache.js';
import { CreateLinkDocument, HistoricalUpdateDocument, LinkWithDataDocument } from '../generated/graphql.js';
import { startGateway, type Gateway } from '../support/gateway.js';
import { eventually } from '../support/sandbox.js';
import { objectTypesWithoutId, schema } from './schema-types.js';

describe("urql Graphcache's normalised cache over this schema (clients/urql-cache.ts)", () => {
  let gateway: Gateway;
  beforeAll(async () => {
    gateway = await startGateway();
  });
  afterAll(() => gateway.stop());

  it('has a key for every object type without an id', () => {
    expect(Object.keys(keys).sort()).toEqual(objectTypesWithoutId());
  });

  interface Seen {
    queryLink: unknown;
    link: string | null;
    employments: string[];
    employerData: unknown;
  }

  function look(cache: Cache, args: Record<string, unknown>): Seen {
    const linkId = String(args.linkId);
    const link = cache.keyOfEntity({ __typename: 'Link', id: linkId });
    const employments = (link ? cache.resolve(link, 'employments') : []) as string[];
    return {
      queryLink: cache.resolve('Query', 'link', { id: linkId }),
      link,
      employments,
      employerData: employments[0] ? cache.resolve(employments[0], 'employerData') : undefined,
    };
  }

  /** A link created, read by a query, then pushed by a subscription that selects less of each employment. */
  async function queryThenPush(withKeys: boolean) {
    const ws = createWsClient({
      url: `${gateway.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
    });
    // Graphcache's store is read inside an updater only: what the last push left, read there.
    let seen: Seen | undefined;
    const urql = new Client({
      url: `${gateway.url}/graphql`,
      preferGetMethod: false, // urql sends short queries as GET, which the gateway's CSRF check refuses
      exchanges: [
        cacheExchange({
          schema: introspectionFromSchema(schema),
          ...(withKeys ? { keys } : {}),
          updates: {
            Subscription: { historicalUpdate: (_result, args, cache) => void (seen = look(cache, args)) },
          },
        }),
        fetchExchange,
        subscriptionExchange({
          forwardSubscription: (request) => ({
            subscribe: (sink) => ({
              unsubscribe: ws.subscribe({ ...request, query: request.query ?? '' }, sink),
            }),
          }),
        }),
      ],
    });
    try {
      const created = await urql
        .mutation(CreateLinkDocument, { input: { cedula: '1093000002' } })
        .toPromise();
      const linkId = created.data!.createLink.link!.id;
      await eventually(async () => (await gateway.app.events.log.list(linkId)).length >= 2);
      const read = await urql.query(LinkWithDataDocument, { id: linkId }).toPromise();
      expect(read.error).toBeUndefined();
      let pushes = 0;
      const subscription = urql
        .subscription(HistoricalUpdateDocument, { linkId })
        .subscribe((result) => void (result.data && (pushes += 1)));
      await eventually(() => pushes >= 2, 10_000);
      subscription.unsubscribe();
      const again = await urql
        .query(LinkWithDataDocument, { id: linkId }, { requestPolicy: 'cache-only' })
        .toPromise();
      return { linkId, read: read.data!, again: again.data, seen: seen! };
    } finally {
      await ws.dispose();
    }
  }

  it('keeps one entry per link and per employment across a query and a push, loses nothing, warns nothing', async () => {
    const warn = vi.spyOn(console, 'warn');
    try {
      const { linkId, read, again, seen } = await queryThenPush(true);
      expect(seen.link).toBe(`Link:${linkId}`);
      expect(seen.queryLink).toBe(seen.link);
      expect(seen.employments).toEqual(read.link.employments.map((item) => `Employment:${item!.id}`));
      // Employer data is embedded in its employment, not an entity of its own: no NIT shared by two people.
      expect(String(seen.employerData)).toMatch(/^Employment:[0-9a-f-]+\.employerData$/);
      // The push selected only the employer's name: the whole query still reads from the cache.
      expect(again).toEqual(read);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it('without the keys, Graphcache warns that the value types have no key', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      await queryThenPush(false);
      expect(warn.mock.calls.map(([message]) => String(message))).toContainEqual(
        expect.stringMatching(/^Invalid key: [\s\S]*create a custom `keys` config for `EmployerData`/),
      );
    } finally {
      warn.mockRestore();
    }
  });
});
