import { randomUUID } from 'node:crypto';
import { PostgresQueryCompiler, sql, type KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCache } from '../cache/cache.js';
import { silentLogger } from '../observability/logger.js';
import { createMemoryEventBus } from '../push/events/event-bus.js';
import { openDatabase, type OpenDatabase } from '../store/database.js';
import { storeOn, type Store } from '../store/store.js';
import { freshDatabaseUrl } from '../../test/support/database.js';
import { receiveWebhook, type WebhookDependencies } from './receive-webhook.js';

/*
 * What a webhook costs the database before its answer, counted statement by statement on a real
 * PostgreSQL: on a host whose core is shared, each round trip waits for PostgreSQL to get that
 * core, so the count is the answer's latency there (docs/benchmarks.md, "One core kept busy").
 */

/** Every statement the store sends, as SQL text, in the order sent. */
const sent: string[] = [];
const compiler = new PostgresQueryCompiler();
const counting: KyselyPlugin = {
  transformQuery: ({ node, queryId }) => {
    sent.push(compiler.compileQuery(node, queryId).sql);
    return node;
  },
  transformResult: async ({ result }) => result,
};
const recordings = () => sent.filter((statement) => statement.includes('record_link_event')).length;
const linkReads = () => sent.filter((statement) => /from "links"/.test(statement)).length;
const marks = () =>
  sent.filter((statement) => /^update "link_events" set "published_at"/.test(statement)).length;

let store: Store;
let opened: OpenDatabase;
const bus = createMemoryEventBus();
const asked: string[] = [];
/** The links Belvo has (for `linkExists`): those made outside the gateway, in these tests. */
const belvoHas = new Set<string>();

const deps = (): WebhookDependencies => ({
  store,
  bus,
  cache: createCache({ ttlMs: 60_000, logger: silentLogger() }),
  linkExists: async (linkId) => {
    asked.push(linkId);
    return belvoHas.has(linkId);
  },
  logger: silentLogger(),
});

const webhook = (linkId: string) => ({
  webhook_id: randomUUID().replaceAll('-', ''),
  webhook_type: 'EMPLOYMENTS',
  webhook_code: 'historical_update',
  link_id: linkId,
  request_id: randomUUID(),
  external_id: null,
  process_type: 'historical_update',
  data: { total_employments: 3 },
});

beforeAll(async () => {
  opened = await openDatabase({
    kind: 'postgres',
    url: await freshDatabaseUrl(),
    poolSize: 10,
    acquireTimeoutMs: 5_000,
  });
  store = storeOn(opened.db.withPlugin(counting), 'counted', opened.close, true);
}, 60_000);
afterAll(() => opened.close());
beforeEach(() => {
  sent.length = 0;
  asked.length = 0;
});

describe('a webhook’s statements before its answer', () => {
  it('one per webhook for registered links, 20 at once: the link’s standing read in the recording statement', async () => {
    const links = Array.from({ length: 20 }, () => randomUUID());
    for (const id of links) await store.links.record({ id }, 'tenant');
    const published: string[] = [];
    const stops = links.map((id) => bus.listen(id, (event) => published.push(event.id)));
    sent.length = 0;

    const bodies = links.map(webhook);
    const committedAtAnswer = await Promise.all(
      bodies.map(async (body) => {
        const receipt = await receiveWebhook(body, deps());
        expect(receipt).toEqual({ outcome: 'accepted', kind: 'EMPLOYMENTS_HISTORICAL_UPDATE' });
        // Answered only once its event is committed: a read from another connection finds it.
        return (await store.events.list(body.link_id)).map((event) => event.id);
      }),
    );

    expect(committedAtAnswer).toEqual(bodies.map((body) => [body.webhook_id]));
    expect(recordings()).toBe(20);
    expect(linkReads()).toBe(0); // no read of the registry of its own
    expect(asked).toEqual([]);
    await bus.ready();
    await expect.poll(() => published.length).toBe(20);
    for (const stop of stops) stop();
  });

  it('one for a link deleted here: nothing recorded, Belvo not asked', async () => {
    const linkId = randomUUID();
    await store.links.record({ id: linkId }, 'tenant');
    await store.links.markDeleted(linkId);
    sent.length = 0;
    const receipt = await receiveWebhook(webhook(linkId), deps());
    expect(receipt.outcome).toBe('ignored');
    expect(sent).toHaveLength(1);
    expect(asked).toEqual([]);
    expect(await store.events.list(linkId)).toEqual([]);
  });

  it('a link not registered here is recorded only when Belvo has it, as before', async () => {
    const outside = randomUUID();
    belvoHas.add(outside);
    const madeUp = randomUUID();
    expect((await receiveWebhook(webhook(outside), deps())).outcome).toBe('accepted');
    expect((await receiveWebhook(webhook(madeUp), deps())).outcome).toBe('ignored');
    expect(asked).toEqual([outside, madeUp]);
    expect(await store.events.list(outside)).toHaveLength(1);
    expect(await store.events.list(madeUp)).toEqual([]);
  });
});

describe('marking events published', () => {
  it('takes one statement for the webhooks of a moment, not one each', async () => {
    const linkId = randomUUID();
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const { event } = await store.events.append({
        id: randomUUID().replaceAll('-', ''),
        kind: 'OWNERS_HISTORICAL_UPDATE',
        linkId,
        receivedAt: new Date().toISOString(),
        processType: 'historical_update',
        requestId: randomUUID(),
        externalId: null,
        count: null,
        error: null,
      });
      ids.push(event.id);
    }
    sent.length = 0;

    await Promise.all(ids.map((id) => store.events.markPublished(id)));
    expect(marks()).toBe(1);
    // One asked alone is marked too, in a statement of its own.
    await store.events.markPublished(ids[0]!);
    expect(marks()).toBe(2);
    const { rows } = await sql<{ marked: number }>`
      select count(*)::int as marked from link_events
      where webhook_id = any(${ids}::text[]) and published_at is not null`.execute(opened.db);
    expect(rows[0]!.marked).toBe(20);
  });
});
