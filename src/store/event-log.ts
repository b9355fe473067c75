import DataLoader from 'dataloader';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { LinkEventKind, LinkEventRecord } from './link-event.js';
import { isUuid } from './link-registry.js';
import type { Database, LinkEventsTable } from './schema.js';

/** An accepted webhook before the log gives it a cursor (and, for new employments, its `newSince`). */
export type NewLinkEvent = Omit<LinkEventRecord, 'cursor' | 'newSince'>;

export interface Appended {
  event: LinkEventRecord;
  /**
   * Whether this caller should carry out the event's effects and publish it: true for a new event,
   * and for a redelivery of one whose publication never completed (its first handler failed or died).
   */
  publish: boolean;
  duplicate: boolean;
}

/** How long a handler may take to publish before a redelivery takes its effects over. */
const PUBLISH_LEASE = '10 seconds';
/** Links whose events one replay query reads (a bound on the query's size and its answer's). */
const MAX_LINKS_PER_REPLAY_QUERY = 500;
const EMPLOYMENTS_NOTICES: LinkEventKind[] = ['EMPLOYMENTS_HISTORICAL_UPDATE', 'NEW_EMPLOYMENTS_AVAILABLE'];

/**
 * Every accepted webhook event, per link, with a cursor. Replays late subscribers, resumes
 * reconnecting ones exactly after the last event they saw, and is the webhook dedupe: the unique
 * `webhook_id` makes "claim" and "record" one atomic step across all instances.
 */
export class EventLog {
  constructor(private readonly db: Kysely<Database>) {}

  /** No cache: a replay must see every event committed before it was asked for. */
  private readonly replays = new DataLoader<string, LinkEventRecord[]>((linkIds) => this.listMany(linkIds), {
    cache: false,
    maxBatchSize: MAX_LINKS_PER_REPLAY_QUERY,
  });

  async append(event: NewLinkEvent): Promise<Appended> {
    return this.db.transaction().execute(async (trx) => {
      // Appends to one link are serialized, so its cursors follow commit order: a client resuming
      // after cursor N can never miss an event committed later with a smaller cursor.
      await sql`select pg_advisory_xact_lock(hashtextextended(${event.linkId}, 0))`.execute(trx);
      const earlier = await trx
        .selectFrom('link_events')
        .selectAll()
        .where('webhook_id', '=', event.id)
        .executeTakeFirst();
      if (earlier) {
        const retaken = await trx
          .updateTable('link_events')
          .set({ claimed_at: sql`now()` })
          .where('webhook_id', '=', event.id)
          .where('published_at', 'is', null)
          .where('claimed_at', '<', sql<Date>`now() - ${PUBLISH_LEASE}::interval`)
          .returning('cursor')
          .executeTakeFirst();
        return { event: toRecord(earlier), publish: retaken !== undefined, duplicate: true };
      }
      const newSince =
        event.kind === 'NEW_EMPLOYMENTS_AVAILABLE' ? await previousNoticeDay(trx, event.linkId) : null;
      const inserted = await trx
        .insertInto('link_events')
        .values({
          webhook_id: event.id,
          link_id: event.linkId,
          kind: event.kind,
          received_at: new Date(event.receivedAt),
          process_type: event.processType,
          request_id: event.requestId,
          external_id: event.externalId,
          count: event.count,
          error: event.error ? JSON.stringify(event.error) : null,
          new_since: newSince,
          claimed_at: sql`now()`,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return { event: toRecord(inserted), publish: true, duplicate: false };
    });
  }

  async markPublished(webhookId: string): Promise<void> {
    await this.db
      .updateTable('link_events')
      .set({ published_at: sql`now()` })
      .where('webhook_id', '=', webhookId)
      .execute();
  }

  /** After a failed publication: a redelivery may take the effects over at once. */
  async releaseClaim(webhookId: string): Promise<void> {
    await this.db
      .updateTable('link_events')
      .set({ claimed_at: new Date(0) })
      .where('webhook_id', '=', webhookId)
      .where('published_at', 'is', null)
      .execute();
  }

  /** False when events after `cursor` may already have been pruned. */
  async canResumeAfter(cursor: string): Promise<boolean> {
    const horizon = await this.db
      .selectFrom('log_horizon')
      .select(sql<string>`pruned_through::text`.as('through'))
      .executeTakeFirst();
    return !horizon || BigInt(cursor) >= BigInt(horizon.through);
  }

  /**
   * The link's events, oldest first; only those after `afterCursor` when given. Reads asked for in
   * the same tick share one query: after a restart thousands of subscribers reconnect at once, and
   * one query each would queue for the pool's few connections until they timed out.
   */
  async list(linkId: string, afterCursor?: string): Promise<LinkEventRecord[]> {
    if (!isUuid(linkId)) return [];
    // PostgreSQL answers uuids in lower case.
    const events = await this.replays.load(linkId.toLowerCase());
    if (afterCursor === undefined) return events;
    const after = BigInt(afterCursor);
    return events.filter((event) => BigInt(event.cursor) > after);
  }

  private async listMany(linkIds: readonly string[]): Promise<LinkEventRecord[][]> {
    const rows = await this.db
      .selectFrom('link_events')
      .selectAll()
      .where('link_id', 'in', [...new Set(linkIds)])
      .orderBy('cursor')
      .execute();
    const byLink = new Map<string, LinkEventRecord[]>();
    for (const row of rows) {
      const event = toRecord(row);
      const events = byLink.get(event.linkId);
      if (events) events.push(event);
      else byLink.set(event.linkId, [event]);
    }
    return linkIds.map((linkId) => byLink.get(linkId) ?? []);
  }

  /** A cursor for an event that is announced but not kept (the gateway's own deletion notice). */
  async nextCursor(): Promise<string> {
    const { rows } = await sql<{ cursor: string }>`
      select nextval(pg_get_serial_sequence('link_events', 'cursor'))::text as cursor`.execute(this.db);
    return rows[0]!.cursor;
  }

  async purge(linkId: string): Promise<void> {
    if (!isUuid(linkId)) return;
    await this.db.deleteFrom('link_events').where('link_id', '=', linkId).execute();
  }

  /**
   * Drops events received before `before`, except each link's latest employments notification
   * (the start of its next new-employments range), and moves the resume horizon past them.
   */
  async prune(before: Date): Promise<number> {
    const { rows } = await sql<{ pruned: string }>`
      with deleted as (
        delete from link_events
        where received_at < ${before}
          and cursor not in (
            select max(cursor) from link_events where kind in (${sql.join(EMPLOYMENTS_NOTICES)}) group by link_id
          )
        returning cursor
      ), moved as (
        update log_horizon set pruned_through = greatest(pruned_through, (select coalesce(max(cursor), 0) from deleted))
        where id = 1
      )
      select count(*)::text as pruned from deleted`.execute(this.db);
    return Number(rows[0]?.pruned ?? 0);
  }
}

async function previousNoticeDay(trx: Kysely<Database>, linkId: string): Promise<string | null> {
  const row = await trx
    .selectFrom('link_events')
    .select(sql<string>`to_char(received_at at time zone 'UTC', 'YYYY-MM-DD')`.as('day'))
    .where('link_id', '=', linkId)
    .where('kind', 'in', EMPLOYMENTS_NOTICES)
    .orderBy('cursor', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.day ?? null;
}

function toRecord(row: Selectable<LinkEventsTable>): LinkEventRecord {
  return {
    id: row.webhook_id,
    cursor: String(row.cursor),
    kind: row.kind as LinkEventKind,
    linkId: row.link_id,
    receivedAt: row.received_at.toISOString(),
    processType: row.process_type,
    requestId: row.request_id,
    externalId: row.external_id,
    count: row.count,
    // Only the two keys: an older row may also hold Belvo's error_message.
    error: row.error && { reason: row.error.reason, code: row.error.code ?? null },
    newSince: row.new_since,
  };
}
