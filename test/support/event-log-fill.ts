import { createHash } from 'node:crypto';
import pg from 'pg';

export interface EventLogFill {
  events: number;
  links: number;
  /** The events are spread evenly over this many days before `now`, oldest first. */
  days: number;
  now: Date;
}

/** The link ids the fill uses: `linkIdOf(i)` for i in [0, links). */
export const linkIdOf = (i: number) => uuidOfMd5(`l${i}`);

/**
 * Fills a migrated event log in bulk, as a month of a large lender's traffic: `events` events of
 * `links` links, each link's events taking the kinds in turn, published long ago. One INSERT …
 * SELECT over generate_series (millions of rows in a minute or two), then each link's latest of
 * each kind and latest employments notice, as the webhook path would have recorded them.
 */
export async function fillEventLog(databaseUrl: string, fill: EventLogFill): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // The fill is not what is measured: no statement timeout, memory to sort with.
    await client.query(
      `set statement_timeout = 0; set work_mem = '256MB'; set maintenance_work_mem = '256MB'`,
    );
    const spanSeconds = fill.days * 24 * 60 * 60;
    await client.query(
      `insert into link_events (
         webhook_id, link_id, kind, received_at, process_type, request_id, external_id, count, error,
         new_since, published_at, claimed_at
       )
       select md5('w' || j), md5('l' || (j % $2))::uuid,
         (array['EMPLOYMENTS_HISTORICAL_UPDATE', 'OWNERS_HISTORICAL_UPDATE', 'NEW_EMPLOYMENTS_AVAILABLE',
                'NEW_OWNERS_AVAILABLE', 'LINK_ERROR'])[1 + (j / $2) % 5],
         at, 'recurrent_update', null, null, 1, null, null, at, at
       from generate_series(0, $1 - 1) j,
         lateral (select $3::timestamptz - make_interval(secs => $4 * (1 - j::float8 / $1)) as at) t`,
      [fill.events, fill.links, fill.now, spanSeconds],
    );
    const { rows } = await client.query<{ present: boolean }>(
      `select to_regclass('link_latest') is not null as present`,
    );
    if (rows[0]?.present) {
      await client.query(`insert into link_latest (link_id, kind, cursor, received_at)
        select distinct on (link_id, kind) link_id, kind, cursor, received_at
        from link_events order by link_id, kind, cursor desc
        on conflict (link_id, kind) do update set cursor = excluded.cursor, received_at = excluded.received_at`);
      await client.query(`update link_events set latest_notice = true where cursor in (
        select distinct on (link_id) cursor from link_latest
        where kind in ('EMPLOYMENTS_HISTORICAL_UPDATE', 'NEW_EMPLOYMENTS_AVAILABLE')
        order by link_id, cursor desc)`);
    }
    await client.query('vacuum analyze link_events');
    if (rows[0]?.present) await client.query('vacuum analyze link_latest');
  } finally {
    await client.end();
  }
}

function uuidOfMd5(text: string): string {
  // PostgreSQL's md5(text)::uuid, computed the same way here.
  const hex = createHash('md5').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
