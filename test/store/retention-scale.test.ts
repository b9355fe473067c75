import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/store.js';
import { freshDatabaseUrl } from '../support/database.js';
import { fillEventLog, linkIdOf } from '../support/event-log-fill.js';

const EVENTS = 200_000;
const LINKS = 20_000;
const DAY_MS = 24 * 60 * 60_000;

/*
 * Retention over a log with many links, on a database with little work_mem and a statement timeout:
 * the planner cannot hash a NOT IN over every link there (as on a log of 500,000 links with the
 * default work_mem, where pruning ran for more than ten minutes), so pruning must not need one.
 */
describe('pruning a log of 200,000 events of 20,000 links', () => {
  let url: string;
  let store: Store;
  const now = new Date();

  beforeAll(async () => {
    url = await freshDatabaseUrl();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const name = new URL(url).pathname.slice(1);
    await admin.query(`alter database ${name} set work_mem = '64kB'`);
    await admin.query(`alter database ${name} set statement_timeout = '5s'`);
    await admin.end();
    store = await openStore({ kind: 'postgres', url, poolSize: 2, acquireTimeoutMs: 5_000 });
    await fillEventLog(url, { events: EVENTS, links: LINKS, days: 30, now });
  }, 120_000);
  afterAll(() => store.close());

  it('deletes what is past retention within each statement’s timeout, keeping each link’s latest employments notice', async () => {
    const cutoff = new Date(now.getTime() - 5 * DAY_MS);
    const reader = new pg.Client({ connectionString: url });
    await reader.connect();
    // The checks are not what is measured.
    await reader.query(`set statement_timeout = 0; set work_mem = '64MB'`);
    try {
      const count = async (query: string, values: unknown[] = []) =>
        Number((await reader.query<{ n: string }>(query, values)).rows[0]!.n);
      const notices = `kind in ('EMPLOYMENTS_HISTORICAL_UPDATE', 'NEW_EMPLOYMENTS_AVAILABLE')`;
      // Expected: every old event but each link's latest notice, when that is old too.
      const latestNotices = `select max(cursor) as cursor from link_events where ${notices} group by link_id`;
      const old = await count(`select count(*) as n from link_events where received_at < $1`, [cutoff]);
      const oldKept = await count(
        `select count(*) as n from link_events where received_at < $1 and cursor in (${latestNotices})`,
        [cutoff],
      );

      expect(await store.events.prune(cutoff)).toBe(old - oldKept);
      expect(await count(`select count(*) as n from link_events where received_at < $1`, [cutoff])).toBe(
        oldKept,
      );
      // Every link still has its latest employments notice, and it is the one marked so.
      expect(await count(`select count(distinct link_id) as n from link_events where ${notices}`)).toBe(
        LINKS,
      );
      const marked = (
        await reader.query<{ cursor: string }>(`select cursor from link_events where latest_notice`)
      ).rows;
      const latest = (await reader.query<{ cursor: string }>(latestNotices)).rows;
      expect(new Set(marked.map((row) => row.cursor))).toEqual(new Set(latest.map((row) => row.cursor)));
      // A replay still has the link's latest of each kind it kept, oldest first.
      const replayed = await store.events.list(linkIdOf(7));
      expect(replayed.length).toBeGreaterThan(0);
      expect(replayed.map((event) => event.kind)).toContain('NEW_EMPLOYMENTS_AVAILABLE');
    } finally {
      await reader.end();
    }
  }, 120_000);
});
