import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse, type GraphQLFormattedError } from 'graphql';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { CreateLinkDocument, LinksPageDocument } from '../generated/graphql.js';
import { apiKeyEntry, randomKey } from '../support/auth.js';
import { startGateway, type Gateway } from '../support/gateway.js';
import {
  createPostgresCluster,
  hasPostgresBinaries,
  type PostgresCluster,
} from '../support/postgres-cluster.js';
import { eventually } from '../support/sandbox.js';
import { envelope, postWebhook, subscribe, wsClientFor, type Subscriber } from '../support/subscriptions.js';

const RESTARTS = 20;
const LINKS = 4;
const WEBHOOK_SENDERS = 6;
const QUERY_CLIENTS = 3;
/** Belvo redelivers a refused webhook after a while; here soon, so the outage is what is tested. */
const REDELIVERY_PAUSE_MS = 20;

const TENANT = randomKey();
const asTenant = { 'x-api-key': TENANT };

interface LinkQuery {
  link: { id: string; status: string | null };
}
const LinkDocument = parse('query Link($id: UUID!) { link(id: $id) { id status } }') as TypedDocumentNode<
  LinkQuery,
  { id: string }
>;
interface EventsSubscription {
  linkEvents: { __typename: string; id: string; cursor: string };
}
const EventsDocument = parse(
  'subscription Events($linkId: UUID!) { linkEvents(linkId: $linkId) { __typename id cursor } }',
) as TypedDocumentNode<EventsSubscription, { linkId: string }>;

/**
 * What clients were told. Only two answers are allowed while the database is away: a webhook's 503
 * `UNAVAILABLE` (Belvo redelivers) and a GraphQL `UNAVAILABLE` error, retryable, with a delay.
 */
class Observed {
  /** Acknowledged (2xx) webhooks: webhook id → link id. */
  readonly acknowledged = new Map<string, string>();
  webhooks503 = 0;
  queriesAnswered = 0;
  queriesUnavailable = 0;
  subscriptionsUnavailable = 0;
  readonly wrong: string[] = [];

  constructor(private readonly databasePort: number) {}

  /** Anything naming the database's address or driver: never for a client's eyes. */
  leaks(text: string): boolean {
    return (
      text.includes(String(this.databasePort)) ||
      /ECONNREFUSED|ECONNRESET|127\.0\.0\.1|terminating connection|Connection terminated/i.test(text)
    );
  }

  checkErrors(where: string, errors: readonly GraphQLFormattedError[] | undefined): boolean {
    for (const error of errors ?? []) {
      const ext = error.extensions ?? {};
      if (ext.code !== 'UNAVAILABLE' || ext.retryable !== true || typeof ext.retryAfterSeconds !== 'number') {
        this.wrong.push(`${where}: ${JSON.stringify(error)}`);
      }
    }
    return (errors?.length ?? 0) > 0;
  }

  /** Where things stand, for a failure message. */
  summary(): string {
    const { acknowledged, webhooks503, queriesAnswered, queriesUnavailable, wrong } = this;
    return JSON.stringify({
      acknowledged: acknowledged.size,
      webhooks503,
      queriesAnswered,
      queriesUnavailable,
      wrong: wrong.slice(0, 3),
    });
  }

  /** Waits for `condition`, failing with what it waited for and where things stand. */
  async until(what: string, condition: () => boolean): Promise<void> {
    try {
      await eventually(condition, 15_000);
    } catch {
      throw new Error(`not within 15 s: ${what}; ${this.summary()}`);
    }
  }

  checkText(where: string, text: string): void {
    if (this.leaks(text)) this.wrong.push(`${where} names the database: ${text.slice(0, 300)}`);
  }
}

/** Sends webhooks like Belvo: each one again and again until a 2xx acknowledges it. */
async function sendWebhooks(gateway: Gateway, links: string[], seen: Observed, running: () => boolean) {
  const authorization = gateway.app.config.webhookAuthorizations[0]!;
  for (let n = 0; running(); n++) {
    const linkId = links[n % links.length]!;
    const body = envelope({
      link_id: linkId,
      webhook_type: 'EMPLOYMENTS',
      webhook_code: 'new_employments_available',
      process_type: 'recurrent_update',
      data: { new_employments: 1 },
    });
    for (;;) {
      const answer = await postWebhook(gateway.url, body, { authorization });
      seen.checkText('a webhook answer', JSON.stringify(answer.body));
      if (answer.status >= 200 && answer.status < 300) {
        seen.acknowledged.set(body.webhook_id, linkId);
        break;
      }
      if (answer.status !== 503 || answer.body.error?.code !== 'UNAVAILABLE')
        seen.wrong.push(`webhook answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      else seen.webhooks503++;
      if (!running()) break; // given up on, never acknowledged: nothing is owed
      await new Promise((resolve) => setTimeout(resolve, REDELIVERY_PAUSE_MS));
    }
  }
}

/** A tenant reading its own links and listing them, over and over. */
async function query(gateway: Gateway, links: string[], seen: Observed, running: () => boolean) {
  for (let n = 0; running(); n++) {
    const answer =
      n % 2 === 0
        ? await gateway.graphql(LinkDocument, { id: links[(n / 2) % links.length]! }, asTenant)
        : await gateway.graphql(LinksPageDocument, { first: 5 }, asTenant);
    seen.checkText('a query answer', JSON.stringify(answer));
    if (seen.checkErrors('a query', answer.errors)) seen.queriesUnavailable++;
    else seen.queriesAnswered++;
    // Refusals come back in a millisecond while the database is down: keep from spinning.
    if (answer.errors) await new Promise((resolve) => setTimeout(resolve, REDELIVERY_PAUSE_MS));
  }
}

let cluster: PostgresCluster | undefined;
afterEach(async () => {
  await cluster?.destroy();
  cluster = undefined;
});

describe.skipIf(!hasPostgresBinaries())('PostgreSQL restarting under traffic', () => {
  it(`${RESTARTS} restarts, fast and immediate: the process stays up, nothing acknowledged is lost, clients see only UNAVAILABLE or 503, and a subscription goes on`, async () => {
    // An unhandled 'error' event or rejection would end a real process; under vitest it lands here.
    const crashes: unknown[] = [];
    const crashed = (error: unknown) => crashes.push(error);
    process.on('uncaughtExceptionMonitor', crashed);
    process.on('unhandledRejection', crashed);
    cluster = await createPostgresCluster();
    const gateway = await startGateway({
      DATABASE_URL: cluster.url,
      CLIENT_API_KEYS: apiKeyEntry('tenant', TENANT),
      SANDBOX_EXTRACTION_DELAY_MS: '600000', // the test sends the webhooks itself
      RATE_LIMIT_PER_MINUTE: '1000000',
      EVENT_MAX_PER_LINK_PER_MINUTE: '0', // thousands a minute for each of a few links, on purpose
    });
    const seen = new Observed(cluster.port);
    const client = wsClientFor(gateway.url, { connectionParams: asTenant });
    let running = true;
    const traffic: Array<Promise<void>> = [];
    try {
      const links: string[] = [];
      for (let i = 0; i < LINKS; i++) {
        const link = gateway.sandbox.world.createLink({
          username: String(1_700_000_000 + i),
          access_mode: 'recurrent',
          fetch_resources: ['EMPLOYMENTS', 'OWNERS'],
          external_id: null,
          credentials_storage: 'store',
          stale_in: '365d',
        });
        await gateway.app.store.links.record(link, 'key:tenant');
        links.push(link.id);
      }
      const followed: Subscriber<EventsSubscription> = subscribe(client, EventsDocument, {
        linkId: links[0]!,
      });
      const isRunning = () => running;
      for (let i = 0; i < WEBHOOK_SENDERS; i++) traffic.push(sendWebhooks(gateway, links, seen, isRunning));
      for (let i = 0; i < QUERY_CLIENTS; i++) traffic.push(query(gateway, links, seen, isRunning));

      for (let restart = 0; restart < RESTARTS; restart++) {
        // Up: webhooks are acknowledged, queries answered, and the subscriber hears of new events.
        const [acked, answered, heard] = [
          seen.acknowledged.size,
          seen.queriesAnswered,
          followed.results.length,
        ];
        await seen.until(
          `restart ${restart}, up: webhooks acknowledged, a query answered, the subscriber told`,
          () =>
            seen.acknowledged.size >= acked + 2 * LINKS &&
            seen.queriesAnswered > answered &&
            followed.results.length > heard,
        );
        await cluster.stop(restart % 2 === 0 ? 'fast' : 'immediate');
        // Down: both kinds of client are told to come back later, and so is a new subscriber.
        const [refused, unavailable] = [seen.webhooks503, seen.queriesUnavailable];
        await seen.until(
          `restart ${restart}, down: a webhook refused with 503 and a query with UNAVAILABLE`,
          () => seen.webhooks503 > refused && seen.queriesUnavailable > unavailable,
        );
        await subscribeWhileDown(client, links[1]!, seen);
        await cluster.start();
      }

      // Up again: traffic flows, then stops.
      const [acked, answered] = [seen.acknowledged.size, seen.queriesAnswered];
      await seen.until(
        'up again after the last restart',
        () => seen.acknowledged.size > acked && seen.queriesAnswered > answered,
      );
      running = false;
      await Promise.all(traffic);

      expect(crashes.map(String)).toEqual([]);
      expect(seen.wrong).toEqual([]);
      // Nothing acknowledged is lost: each is on record (a replay hands over only the latest).
      const logged = await recordedWebhooks(cluster.url, links);
      const lost = [...seen.acknowledged.keys()].filter((id) => !logged.has(id));
      expect(lost).toEqual([]);
      expect(seen.acknowledged.size).toBeGreaterThan(RESTARTS * 2 * LINKS);
      // Each outage's new subscriber was told UNAVAILABLE (its link's owner could not be checked).
      expect(seen.subscriptionsUnavailable).toBe(RESTARTS);
      // The subscription never ended, and still delivers.
      const last = envelope({
        link_id: links[0],
        webhook_type: 'OWNERS',
        webhook_code: 'new_owners_available',
        data: { new_owners: 1 },
      });
      const authorization = gateway.app.config.webhookAuthorizations[0]!;
      expect((await postWebhook(gateway.url, last, { authorization })).status).toBe(200);
      await eventually(() =>
        followed.results.some((result) => result.data?.linkEvents.id === last.webhook_id),
      );
      expect(followed.failure()).toBeUndefined();
      for (const result of followed.results) seen.checkErrors('the subscription', result.errors);
      expect(seen.wrong).toEqual([]);
      followed.stop();
    } finally {
      running = false;
      await Promise.allSettled(traffic);
      await client.dispose();
      await gateway.stop();
      process.off('uncaughtExceptionMonitor', crashed);
      process.off('unhandledRejection', crashed);
    }
  }, 120_000);
});

describe('PostgreSQL out of connections', () => {
  it('a webhook is answered 503 at once and a query UNAVAILABLE, and both succeed once a connection is free', async () => {
    const gateway = await startGateway({
      CLIENT_API_KEYS: apiKeyEntry('tenant', TENANT),
      DATABASE_POOL_SIZE: '1',
      DATABASE_ACQUIRE_TIMEOUT_MS: '200',
      SANDBOX_EXTRACTION_DELAY_MS: '600000',
    });
    let release!: () => void;
    let holding: Promise<void> | undefined;
    try {
      const created = await gateway.graphql(
        CreateLinkDocument,
        { input: { cedula: '1700000101' } },
        asTenant,
      );
      const linkId = created.data!.createLink.link!.id;
      // The only connection, taken (as by a slow transaction elsewhere).
      let taken = false;
      holding = gateway.app.store.transaction(async (store) => {
        await store.links.has(linkId);
        taken = true;
        await new Promise<void>((resolve) => (release = resolve));
      });
      await eventually(() => taken);

      const authorization = gateway.app.config.webhookAuthorizations[0]!;
      const webhook = envelope({
        link_id: linkId,
        webhook_type: 'EMPLOYMENTS',
        webhook_code: 'new_employments_available',
        data: { new_employments: 1 },
      });
      const started = Date.now();
      const refused = await postWebhook(gateway.url, webhook, { authorization });
      expect(Date.now() - started).toBeLessThan(1_500); // the acquire timeout, not Belvo's 5 s
      expect(refused.status).toBe(503);
      expect(refused.body.error?.code).toBe('UNAVAILABLE');
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
      const listed = await gateway.graphql(LinksPageDocument, { first: 5 }, asTenant);
      expect(listed.errors?.map((error) => error.extensions)).toEqual([
        { code: 'UNAVAILABLE', retryable: true, retryAfterSeconds: 2 },
      ]);

      release();
      await holding;
      expect((await postWebhook(gateway.url, webhook, { authorization })).body.status).toBe('accepted');
      expect((await gateway.graphql(LinksPageDocument, { first: 5 }, asTenant)).errors).toBeUndefined();
    } finally {
      release?.();
      await holding;
      await gateway.stop();
    }
  });
});

/** The webhooks on record for `links`: each as an event, or folded into an identical one. */
async function recordedWebhooks(url: string, links: string[]): Promise<Set<string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ webhook_id: string }>(
      `select webhook_id from link_events where link_id = any($1::uuid[])
       union select webhook_id from folded_webhooks where link_id = any($1::uuid[])`,
      [links],
    );
    return new Set(rows.map((row) => row.webhook_id));
  } finally {
    await client.end();
  }
}

/** A subscription opened while the database is down fails with UNAVAILABLE, or waits for it and streams. */
async function subscribeWhileDown(client: ReturnType<typeof wsClientFor>, linkId: string, seen: Observed) {
  const fresh = subscribe(client, EventsDocument, { linkId });
  let settled = false;
  void fresh.done.then(() => (settled = true));
  await eventually(() => settled || fresh.results.length > 0, 15_000);
  fresh.stop();
  const failure = fresh.failure();
  const errors = [
    ...fresh.results.flatMap((result) => result.errors ?? []),
    ...(Array.isArray(failure) ? (failure as GraphQLFormattedError[]) : []),
  ];
  seen.checkText('a subscription opened while the database is down', JSON.stringify({ errors }));
  if (failure !== undefined && !Array.isArray(failure))
    seen.wrong.push(`subscription failed: ${String(failure)}`);
  if (seen.checkErrors('a subscription opened while the database is down', errors))
    seen.subscriptionsUnavailable++;
}
