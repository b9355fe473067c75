import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import { EventLog, type NewLinkEvent } from '../../src/store/event-log.js';
import type { LinkEventRecord } from '../../src/store/link-event.js';
import { openStore, type Store } from '../../src/store/store.js';
import { freshDatabaseUrl } from '../support/database.js';

/*
 * One contract, two drivers: every behaviour of the system of record holds on PGlite (the embedded
 * default) and on a real PostgreSQL. Each driver gets one store for the file (PGlite's start costs
 * seconds); tests use fresh ids, so they never see each other's rows.
 */
const drivers: Array<[string, () => Promise<Store>]> = [
  ['PGlite', () => openStore({ kind: 'pglite', dataDir: undefined })],
  [
    'PostgreSQL',
    async () =>
      openStore({ kind: 'postgres', url: await freshDatabaseUrl(), poolSize: 10, acquireTimeoutMs: 5_000 }),
  ],
];

const event = (linkId: string, overrides: Partial<NewLinkEvent> = {}): NewLinkEvent => ({
  id: randomUUID().replaceAll('-', ''),
  kind: 'EMPLOYMENTS_HISTORICAL_UPDATE',
  linkId,
  receivedAt: new Date().toISOString(),
  processType: 'historical_update',
  // Each its own request: identical notices would be folded into one (test/store/event-log-bounds.test.ts).
  requestId: randomUUID().replaceAll('-', ''),
  externalId: null,
  count: 3,
  error: null,
  ...overrides,
});

describe.each(drivers)('the store on %s', (_, open) => {
  let store: Store;
  beforeAll(async () => {
    store = await open();
  }, 60_000);
  afterAll(() => store.close());

  describe('link registry', () => {
    it('knows each link’s owner, and nothing of links never recorded or not UUIDs', async () => {
      const [mine, theirs] = [randomUUID(), randomUUID()];
      await store.links.record({ id: mine }, 'alice');
      await store.links.record({ id: theirs }, 'bob');
      await store.links.record({ id: mine }, 'mallory'); // a replay keeps the first owner
      expect(await store.links.ownersOf([mine, theirs, randomUUID(), 'not-a-uuid'])).toEqual([
        'alice',
        'bob',
        undefined,
        undefined,
      ]);
      expect(await store.links.has(mine)).toBe(true);
      expect(await store.links.has('not-a-uuid')).toBe(false);
    });

    it('pages over every one of 2,000 links of a principal, newest first, with a cursor', async () => {
      const principal = `many-${randomUUID()}`;
      const ids = Array.from({ length: 2_000 }, () => randomUUID());
      for (const id of ids) await store.links.record({ id }, principal);
      const listed: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page = await store.links.page(principal, {}, after, 200);
        expect(page.totalCount).toBe(2_000);
        listed.push(...page.links.map((link) => link.id));
        if (!page.hasNextPage) break;
        after = page.links.at(-1)!.seq;
      }
      expect(listed).toEqual([...ids].reverse());
    }, 60_000);

    it('filters by external id, access mode, creation day and the status last seen', async () => {
      const principal = `filters-${randomUUID()}`;
      const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
      await store.links.record(
        {
          id: a,
          external_id: 'ref_a',
          access_mode: 'single',
          status: 'valid',
          created_at: '2026-01-10T23:00:00Z',
        },
        principal,
      );
      await store.links.record(
        {
          id: b,
          external_id: 'ref_b',
          access_mode: 'recurrent',
          status: 'valid',
          created_at: '2026-02-01T00:00:00Z',
        },
        principal,
      );
      await store.links.record({ id: c, access_mode: 'single', status: 'valid' }, principal);
      await store.links.noteSeen([{ id: c, access_mode: 'single', status: 'invalid' }]);
      const ids = async (filter: Parameters<Store['links']['page']>[1]) =>
        (await store.links.page(principal, filter, null, 10)).links.map((link) => link.id);
      expect(await ids({ externalId: 'ref_b' })).toEqual([b]);
      expect(await ids({ accessMode: 'single' })).toEqual([c, a]);
      expect(await ids({ status: 'invalid' })).toEqual([c]);
      expect(await ids({ createdAt: { from: '2026-01-10', to: '2026-01-31' } })).toEqual([a]);
    });

    it('hides a deleted link from reads and listings, knows its owner until retention drops it', async () => {
      const id = randomUUID();
      await store.links.record({ id }, 'dora');
      await store.links.markDeleted(id);
      expect(await store.links.ownersOf([id])).toEqual([undefined]);
      expect(await store.links.has(id)).toBe(false);
      expect((await store.links.page('dora', {}, null, 10)).links).toEqual([]);
      expect(await store.links.deletedOwnerOf(id)).toBe('dora');
      expect(await store.links.pruneDeleted(new Date(Date.now() - 60_000))).toBe(0);
      expect(await store.links.pruneDeleted(new Date(Date.now() + 60_000))).toBeGreaterThanOrEqual(1);
      expect(await store.links.deletedOwnerOf(id)).toBeUndefined();
    });
  });

  describe('event log', () => {
    it('gives each event a cursor that grows, and lists a link’s events in order, or after a cursor', async () => {
      const linkId = randomUUID();
      const appended = [];
      for (let i = 0; i < 3; i++) appended.push((await store.events.append(event(linkId))).event);
      const cursors = appended.map((item) => BigInt(item.cursor));
      expect(cursors[0]! < cursors[1]! && cursors[1]! < cursors[2]!).toBe(true);
      expect((await store.events.list(linkId)).map((item) => item.id)).toEqual(
        appended.map((item) => item.id),
      );
      expect((await store.events.list(linkId, appended[0]!.cursor)).map((item) => item.id)).toEqual(
        appended.slice(1).map((item) => item.id),
      );
    });

    it('records a webhook once however many deliveries race, and publishes it once', async () => {
      const body = event(randomUUID());
      const results = await Promise.all(Array.from({ length: 25 }, () => store.events.append(body)));
      expect(results.filter((result) => result.publish)).toHaveLength(1);
      expect(results.filter((result) => result.duplicate)).toHaveLength(24);
      expect(await store.events.list(body.linkId)).toHaveLength(1);
      expect(new Set(results.map((result) => result.event.cursor)).size).toBe(1);
    });

    it('lets a redelivery publish an event whose publication failed, once its claim is given back', async () => {
      const body = event(randomUUID());
      await store.events.append(body);
      expect((await store.events.append(body)).publish).toBe(false); // the first handler still holds it
      await store.events.releaseClaim(body.id);
      expect((await store.events.append(body)).publish).toBe(true);
      await store.events.markPublished(body.id);
      await store.events.releaseClaim(body.id);
      expect((await store.events.append(body)).publish).toBe(false); // published: a plain duplicate
    });

    it('derives new employments’ start from the previous employments notification', async () => {
      const linkId = randomUUID();
      await store.events.append(event(linkId, { receivedAt: '2026-03-01T10:00:00Z' }));
      await store.events.append(
        event(linkId, { kind: 'OWNERS_HISTORICAL_UPDATE', receivedAt: '2026-03-02T10:00:00Z' }),
      );
      const first = await store.events.append(
        event(linkId, { kind: 'NEW_EMPLOYMENTS_AVAILABLE', receivedAt: '2026-04-01T10:00:00Z' }),
      );
      const second = await store.events.append(
        event(linkId, { kind: 'NEW_EMPLOYMENTS_AVAILABLE', receivedAt: '2026-05-01T10:00:00Z' }),
      );
      expect(first.event.newSince).toBe('2026-03-01');
      expect(second.event.newSince).toBe('2026-04-01');
      // A redelivery answers the same range start.
      expect((await store.events.append({ ...second.event })).event.newSince).toBe('2026-04-01');
    });

    it('prunes past retention but keeps each link’s latest employments notice, and refuses resumes from before', async () => {
      const linkId = randomUUID();
      const old = await store.events.append(event(linkId, { receivedAt: '2020-01-01T00:00:00Z' }));
      const older = await store.events.append(
        event(linkId, {
          kind: 'LINK_ERROR',
          receivedAt: '2020-01-02T00:00:00Z',
          error: { reason: 'x', code: null },
        }),
      );
      const recent = await store.events.append(event(linkId, { kind: 'OWNERS_HISTORICAL_UPDATE' }));
      expect(await store.events.prune(new Date('2021-01-01T00:00:00Z'))).toBeGreaterThanOrEqual(1);
      expect((await store.events.list(linkId)).map((item) => item.id)).toEqual([
        old.event.id,
        recent.event.id,
      ]);
      expect(await store.events.canResumeAfter(old.event.cursor)).toBe(false);
      expect(await store.events.canResumeAfter(older.event.cursor)).toBe(true);
    });

    it('purges a link’s events but its deletion notice', async () => {
      const linkId = randomUUID();
      await store.events.append(event(linkId));
      const deleted = await store.events.append(event(linkId, { kind: 'LINK_DELETED', count: null }));
      await store.events.purge(linkId);
      expect((await store.events.list(linkId)).map((item) => item.id)).toEqual([deleted.event.id]);
    });
  });

  describe('idempotency keys', () => {
    it('lets one of many concurrent claims create, and answers the others with its link', async () => {
      const key = randomUUID();
      const claims = await Promise.all(
        Array.from({ length: 20 }, () => store.idempotency.claim('alice', key, 'fp', 'ext-1', 60_000)),
      );
      expect(claims.filter((claim) => claim.state === 'claimed')).toHaveLength(1);
      expect(claims.filter((claim) => claim.state === 'in-progress')).toHaveLength(19);
      const linkId = randomUUID();
      await store.idempotency.complete('alice', key, linkId);
      expect(await store.idempotency.claim('alice', key, 'fp', 'ext-2', 60_000)).toEqual({
        state: 'created',
        linkId,
      });
      expect(await store.idempotency.claim('alice', key, 'other', 'ext-2', 60_000)).toEqual({
        state: 'mismatch',
      });
      // Keys are per principal.
      expect((await store.idempotency.claim('bob', key, 'other', 'ext-3', 60_000)).state).toBe('claimed');
    });

    it('hands a creation that stopped without an answer to a retry, with the external id it sent', async () => {
      const key = randomUUID();
      await store.idempotency.claim('alice', key, 'fp', 'ext-first', 0);
      expect(await store.idempotency.claim('alice', key, 'fp', 'ext-second', 0)).toEqual({
        state: 'claimed',
        externalId: 'ext-first',
        resumed: true,
      });
    });

    it('frees a key whose creation failed for certain, and prunes old keys', async () => {
      const key = randomUUID();
      await store.idempotency.claim('alice', key, 'fp', 'ext', 60_000);
      await store.idempotency.release('alice', key);
      expect((await store.idempotency.claim('alice', key, 'fp2', 'ext', 60_000)).state).toBe('claimed');
      expect(await store.idempotency.prune(new Date(Date.now() + 60_000))).toBeGreaterThanOrEqual(1);
      expect((await store.idempotency.claim('alice', key, 'fp3', 'ext', 60_000)).state).toBe('claimed');
    });
  });
});

describe('migrations', () => {
  it('run once when several instances start on one empty database at the same moment', async () => {
    const url = await freshDatabaseUrl();
    const stores = await Promise.all(
      Array.from({ length: 4 }, () =>
        openStore({ kind: 'postgres', url, poolSize: 2, acquireTimeoutMs: 5_000 }),
      ),
    );
    try {
      const id = randomUUID();
      await stores[0]!.links.record({ id }, 'alice');
      expect(await stores[3]!.links.ownersOf([id])).toEqual(['alice']);
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  });

  it('keep PGlite state in a directory across restarts', async () => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dataDir = await mkdtemp(join(tmpdir(), 'beg-pglite-'));
    try {
      const id = randomUUID();
      const first = await openStore({ kind: 'pglite', dataDir });
      await first.links.record({ id }, 'alice');
      await first.close();
      const second = await openStore({ kind: 'pglite', dataDir });
      expect(await second.links.ownersOf([id])).toEqual(['alice']);
      await second.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
    // A directory database runs PGlite's initdb (no template): seconds of CPU, a minute or more on
    // a loaded machine. A limit for failing only.
  }, 180_000);
});

describe('replays', () => {
  it('share one query when asked for in the same tick (a reconnect storm), each link given its own events', async () => {
    const { db, close } = await openDatabase({
      kind: 'postgres',
      url: await freshDatabaseUrl(),
      poolSize: 1,
      acquireTimeoutMs: 5_000,
    });
    let queries = 0;
    const counted = db.withPlugin({
      transformQuery: ({ node }) => ((queries += 1), node),
      transformResult: async ({ result }) => result,
    });
    const log = new EventLog(counted);
    try {
      const links = [randomUUID(), randomUUID(), randomUUID()];
      const appended = new Map<string, LinkEventRecord[]>();
      for (const linkId of links) {
        const events = [];
        for (let i = 0; i < 2; i++) events.push((await log.append(event(linkId))).event);
        appended.set(linkId, events);
      }
      const ids = (events: LinkEventRecord[]) => events.map((item) => item.id);
      const [first, second, third] = links.map((linkId) => ids(appended.get(linkId)!));

      queries = 0;
      const replays = await Promise.all([
        ...links.map((linkId) => log.list(linkId)),
        log.list(links[0]!),
        log.list(links[1]!.toUpperCase()),
        log.list(links[2]!, appended.get(links[2]!)![0]!.cursor),
        log.list(randomUUID()),
      ]);
      expect(queries).toBe(1);
      expect(replays.map(ids)).toEqual([first, second, third, first, second, third!.slice(1), []]);
    } finally {
      await close();
    }
  });
});
