import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from '../../src/store/database.js';
import { LinkEventsCappedError, MAX_REPLAYED_EVENTS } from '../../src/store/event-limits.js';
import { EventLog, type NewLinkEvent } from '../../src/store/event-log.js';
import { freshDatabaseUrl } from '../support/database.js';

/*
 * How many events one link can leave in the log and hand to a subscriber, on PGlite and on
 * PostgreSQL: a flood of webhooks for one link must not become thousands of rows kept for a month
 * and replayed to every new subscriber.
 */
const drivers: Array<[string, () => Promise<OpenDatabase>]> = [
  ['PGlite', () => openDatabase({ kind: 'pglite', dataDir: undefined })],
  [
    'PostgreSQL',
    async () =>
      openDatabase({ kind: 'postgres', url: await freshDatabaseUrl(), poolSize: 5, acquireTimeoutMs: 5_000 }),
  ],
];

const event = (linkId: string, overrides: Partial<NewLinkEvent> = {}): NewLinkEvent => ({
  id: randomUUID().replaceAll('-', ''),
  kind: 'NEW_EMPLOYMENTS_AVAILABLE',
  linkId,
  receivedAt: new Date().toISOString(),
  processType: 'recurrent_update',
  requestId: 'a'.repeat(32),
  externalId: null,
  count: 1,
  error: null,
  ...overrides,
});

const later = (from: string, ms: number) => new Date(Date.parse(from) + ms).toISOString();

describe.each(drivers)('one link’s events on %s', (_, open) => {
  let database: OpenDatabase;
  beforeAll(async () => {
    database = await open();
  }, 60_000);
  afterAll(() => database.close());

  it('are folded when identical and consecutive within the window: stored once, a folded one’s redelivery a duplicate', async () => {
    const log = new EventLog(database.db, { foldWindowMs: 60_000, maxPerLinkPerMinute: 0 });
    const linkId = randomUUID();
    const first = await log.append(event(linkId));
    const twin = event(linkId, { receivedAt: later(first.event.receivedAt, 30_000) });
    const folded = await log.append(twin);
    expect(folded).toMatchObject({ folded: true, publish: false, duplicate: false });
    expect(folded.event.cursor).toBe(first.event.cursor);
    expect(await log.append(twin)).toMatchObject({ folded: false, publish: false, duplicate: true });
    // Not identical (another count, another request), or past the window: recorded.
    const other = await log.append(event(linkId, { count: 2, receivedAt: twin.receivedAt }));
    expect(other).toMatchObject({ folded: false, publish: true });
    const again = await log.append(event(linkId, { count: 2, receivedAt: later(twin.receivedAt, 61_000) }));
    expect(again).toMatchObject({ folded: false, publish: true });
    expect((await log.list(linkId)).map((item) => item.cursor)).toEqual([
      first.event.cursor,
      other.event.cursor,
      again.event.cursor,
    ]);
  });

  it('are capped per minute: beyond it nothing is recorded and the caller is told when to retry, other links unaffected', async () => {
    const log = new EventLog(database.db, { foldWindowMs: 0, maxPerLinkPerMinute: 5 });
    const [busy, quiet] = [randomUUID(), randomUUID()];
    for (let n = 1; n <= 5; n++) expect((await log.append(event(busy, { count: n }))).publish).toBe(true);
    const refused = await log.append(event(busy, { count: 6 })).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(LinkEventsCappedError);
    const { retryAfterSeconds } = refused as LinkEventsCappedError;
    expect(retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(await log.list(busy)).toHaveLength(5);
    expect((await log.append(event(quiet))).publish).toBe(true);
  });

  it(`are replayed at most ${MAX_REPLAYED_EVENTS} latest plus the latest of each kind, reading only what is after the cursor`, async () => {
    const log = new EventLog(database.db, { foldWindowMs: 0, maxPerLinkPerMinute: 0 });
    const linkId = randomUUID();
    const employments = await log.append(event(linkId, { kind: 'EMPLOYMENTS_HISTORICAL_UPDATE' }));
    const owners = await log.append(event(linkId, { kind: 'OWNERS_HISTORICAL_UPDATE' }));
    const news: string[] = [];
    for (let n = 0; n < 150; n++) {
      news.push((await log.append(event(linkId, { kind: 'NEW_OWNERS_AVAILABLE', count: n }))).event.cursor);
    }
    expect((await log.list(linkId)).map((item) => item.cursor)).toEqual([
      employments.event.cursor,
      owners.event.cursor,
      ...news.slice(-MAX_REPLAYED_EVENTS),
    ]);
    expect((await log.list(linkId, news[119])).map((item) => item.cursor)).toEqual(news.slice(120));
  }, 60_000);
});
