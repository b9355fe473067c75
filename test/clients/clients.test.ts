import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { buildSchema, isAbstractType, print } from 'graphql';
import { readFileSync } from 'node:fs';
import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SseLink } from '../../clients/apollo-sse-link.js';
import {
  CreateLinkDocument,
  LinkEventsDocument,
  LinkWithDataDocument,
  type LinkEventsSubscription,
} from '../generated/graphql.js';
import { apiKeyEntry, randomKey } from '../support/auth.js';
import { startGateway, type Gateway } from '../support/gateway.js';
import { startProxy, type Proxy } from '../support/proxy.js';
import { eventually } from '../support/sandbox.js';
import { envelope, postWebhook } from '../support/subscriptions.js';

/** Apollo's cache must know which types implement LinkEvent: taken from the committed schema. */
function possibleTypes(): Record<string, string[]> {
  const schema = buildSchema(readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8'));
  return Object.fromEntries(
    Object.values(schema.getTypeMap())
      .filter(isAbstractType)
      .map((type) => [type.name, schema.getPossibleTypes(type).map((possible) => possible.name)]),
  );
}

const key = randomKey();
const headers = { 'x-api-key': key };

/**
 * The clients frontends use, each through a TCP proxy that drops its connection mid-stream: the
 * client creates a link, receives both historical updates, loses its connection while two webhooks
 * arrive, comes back, and must see exactly those two, then a live one, and nothing twice.
 */
describe('real clients: create a link, wait for its data, resume after a dropped connection', () => {
  let gateway: Gateway;
  let proxy: Proxy;
  let cedula = 1_091_000_000;

  beforeAll(async () => {
    gateway = await startGateway({ CLIENT_API_KEYS: apiKeyEntry('frontend', key) });
  });
  afterAll(() => gateway.stop());

  const withProxy = async (run: () => Promise<void>) => {
    proxy = await startProxy(gateway.url);
    try {
      await run();
    } finally {
      await proxy.stop();
    }
  };

  const webhook = async (linkId: string, code: string) => {
    const body = envelope({ link_id: linkId, webhook_code: code });
    const answer = await postWebhook(gateway.url, body, {
      authorization: gateway.app.config.webhookAuthorizations[0]!,
    });
    expect(answer.body.status).toBe('accepted');
    return body.webhook_id;
  };

  /** Drops the connection, has two webhooks arrive meanwhile, and lets the client back in. */
  const dropWhileWebhooksArrive = async (linkId: string, whileDown?: () => Promise<void>) => {
    proxy.cut();
    const missed = [await webhook(linkId, 'invalid_credentials'), await webhook(linkId, 'token_required')];
    await whileDown?.();
    proxy.restore();
    return missed;
  };

  const eventIds = (results: Array<{ data?: LinkEventsSubscription | null }>) =>
    results.map((result) => result.data!.linkEvents.id);

  const createLink = async () => {
    const created = await gateway.graphql(
      CreateLinkDocument,
      { input: { cedula: String(cedula++) } },
      headers,
    );
    return created.data!.createLink.link!.id;
  };

  it('graphql-ws: resumes on its own when the variables carry the last cursor', async () => {
    await withProxy(async () => {
      const client = createWsClient({
        url: `${proxy.url.replace(/^http/, 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: headers,
        lazy: true,
        retryAttempts: 5,
        shouldRetry: () => true,
        retryWait: async () => {}, // the proxy holds the reconnection until restore()
      });
      try {
        const linkId = await createLink();
        // graphql-ws sends this same object again on every reconnection.
        const variables: { linkId: string; afterCursor?: string } = { linkId };
        const results: Array<{ data?: LinkEventsSubscription | null }> = [];
        client.subscribe<LinkEventsSubscription>(
          { query: print(LinkEventsDocument), variables },
          {
            next: (result) => {
              results.push(result);
              if (result.data) variables.afterCursor = result.data.linkEvents.cursor;
            },
            error: () => {},
            complete: () => {},
          },
        );
        const historical = await eventually(() => results.length >= 2 && eventIds(results), 10_000);
        const missed = await dropWhileWebhooksArrive(linkId);
        await eventually(() => results.length >= 4, 10_000);
        const live = await webhook(linkId, 'invalid_credentials');
        await eventually(() => results.length >= 5, 10_000);
        expect(eventIds(results)).toEqual([...historical, ...missed, live]);
        expect(proxy.accepted()).toBe(2);
      } finally {
        await client.dispose();
      }
    });
  });

  it('graphql-sse: resumes on its own when Last-Event-ID carries the last cursor', async () => {
    await withProxy(async () => {
      let lastCursor: string | undefined;
      const client = createSseClient({
        url: `${proxy.url}/graphql/stream`,
        // Called again for every reconnection.
        headers: () => (lastCursor ? { ...headers, 'last-event-id': lastCursor } : headers),
        retryAttempts: 5,
        retry: async () => {}, // the proxy holds the reconnection until restore()
      });
      try {
        const linkId = await createLink();
        const results: Array<{ data?: LinkEventsSubscription | null }> = [];
        client.subscribe<LinkEventsSubscription>(
          { query: print(LinkEventsDocument), variables: { linkId } },
          {
            next: (result) => {
              results.push(result);
              if (result.data) lastCursor = result.data.linkEvents.cursor;
            },
            error: () => {},
            complete: () => {},
          },
        );
        const historical = await eventually(() => results.length >= 2 && eventIds(results), 10_000);
        const missed = await dropWhileWebhooksArrive(linkId);
        await eventually(() => results.length >= 4, 10_000);
        const live = await webhook(linkId, 'invalid_credentials');
        await eventually(() => results.length >= 5, 10_000);
        expect(eventIds(results)).toEqual([...historical, ...missed, live]);
      } finally {
        client.dispose();
      }
    });
  });

  const apolloWith = (subscriptions: ApolloLink) =>
    new ApolloClient({
      cache: new InMemoryCache({ possibleTypes: possibleTypes() }),
      link: ApolloLink.split(
        ({ query }) => {
          const definition = getMainDefinition(query);
          return definition.kind === 'OperationDefinition' && definition.operation === 'subscription';
        },
        subscriptions,
        new HttpLink({ uri: `${proxy.url}/graphql`, headers }),
      ),
    });

  /** Creates a link with Apollo, waits for its data, and reads it. */
  async function apolloFlow(apollo: ApolloClient) {
    const created = await apollo.mutate({
      mutation: CreateLinkDocument,
      variables: { input: { cedula: String(cedula++) } },
    });
    const linkId = created.data!.createLink.link!.id;
    const results: Array<{ data?: LinkEventsSubscription | null }> = [];
    let failure: unknown;
    const subscribe = (afterCursor?: string) =>
      apollo.subscribe({ query: LinkEventsDocument, variables: { linkId, afterCursor } }).subscribe({
        next: (result) => {
          if (result.error) failure = result.error;
          else results.push(result as { data: LinkEventsSubscription });
        },
        error: (error) => (failure = error),
      });
    const first = subscribe();
    const historical = await eventually(() => results.length >= 2 && eventIds(results), 10_000);
    const read = await apollo.query({ query: LinkWithDataDocument, variables: { id: linkId } });
    expect(read.data!.link.employments.length).toBeGreaterThan(0);
    return { linkId, results, historical, first, subscribe, failure: () => failure };
  }

  it('Apollo Client with its graphql-ws link: a dropped subscription is resumed with afterCursor', async () => {
    await withProxy(async () => {
      const ws = createWsClient({
        url: `${proxy.url.replace(/^http/, 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: headers,
        lazy: true,
        retryAttempts: 0,
      });
      const apollo = apolloWith(new GraphQLWsLink(ws));
      try {
        const flow = await apolloFlow(apollo);
        let missed: string[] = [];
        missed = await dropWhileWebhooksArrive(flow.linkId, async () => {
          await eventually(() => flow.failure() !== undefined, 10_000);
        });
        flow.first.unsubscribe();
        const lastCursor = flow.results.at(-1)!.data!.linkEvents.cursor;
        const resumed = flow.subscribe(lastCursor);
        await eventually(() => flow.results.length >= 4, 10_000);
        const live = await webhook(flow.linkId, 'invalid_credentials');
        await eventually(() => flow.results.length >= 5, 10_000);
        resumed.unsubscribe();
        expect(eventIds(flow.results)).toEqual([...flow.historical, ...missed, live]);
      } finally {
        apollo.stop();
        await ws.dispose();
      }
    });
  });

  it('Apollo Client with the SSE link (clients/apollo-sse-link.ts): resumes on its own', async () => {
    await withProxy(async () => {
      const link = new SseLink({
        url: `${proxy.url}/graphql/stream`,
        headers,
        retryAttempts: 5,
        retry: async () => {}, // the proxy holds the reconnection until restore()
      });
      const apollo = apolloWith(link);
      try {
        const flow = await apolloFlow(apollo);
        const missed = await dropWhileWebhooksArrive(flow.linkId);
        await eventually(() => flow.results.length >= 4, 10_000);
        const live = await webhook(flow.linkId, 'invalid_credentials');
        await eventually(() => flow.results.length >= 5, 10_000);
        flow.first.unsubscribe();
        expect(flow.failure()).toBeUndefined();
        expect(eventIds(flow.results)).toEqual([...flow.historical, ...missed, live]);
      } finally {
        apollo.stop();
        link.client.dispose();
      }
    });
  });

  it('graphql-ws: a resume point past the retention is refused with CURSOR_EXPIRED, telling to re-read the link', async () => {
    const client = createWsClient({
      url: `${gateway.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: headers,
      lazy: true,
      retryAttempts: 0,
    });
    try {
      const linkId = await createLink();
      const first = await client.iterate<LinkEventsSubscription>({
        query: print(LinkEventsDocument),
        variables: { linkId },
      });
      const oldest = (await first.next()).value!.data!.linkEvents.cursor;
      await first.return!();
      // An event after the cursor, then pruned: the resume would miss it.
      await webhook(linkId, 'token_required');
      await gateway.app.store.events.prune(new Date(Date.now() + 60_000));
      const expired = await new Promise<Array<{ message: string; extensions?: Record<string, unknown> }>>(
        (resolve) =>
          client.subscribe(
            { query: print(LinkEventsDocument), variables: { linkId, afterCursor: oldest } },
            {
              // A refusal from the resolver comes as a result with errors, then completion.
              next: (result) => resolve(result.errors as never),
              error: (errors) => resolve(errors as never),
              complete: () => {},
            },
          ),
      );
      expect(expired[0]!.extensions!.code).toBe('CURSOR_EXPIRED');
      expect(expired[0]!.message).toMatch(/read the link again/);
    } finally {
      await client.dispose();
    }
  });
});
