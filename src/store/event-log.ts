import { randomUUID } from 'node:crypto';
import DataLoader from 'dataloader';
import { sql, type Kysely, type Selectable } from 'kysely';
import { unavailableIn } from '../kit/unavailable.js';
import {
  DEFAULT_EVENT_LIMITS,
  LinkEventsCappedError,
  MAX_REPLAYED_EVENTS,
  type EventLimits,
} from './event-limits.js';
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
  /** Identical to the link's latest event and received within the fold window: `event` is that one. */
  folded: boolean;
}

/**
 * What `append` with `registeredOnly` answers when the registry, read in the recording statement,
 * does not have the link (`unknown`) or has it deleted (`deleted`): nothing was written.
 */
export interface NotRegistered {
  notRegistered: 'deleted' | 'unknown';
}

/** How long a handler may take to publish before a redelivery takes its effects over. */
const PUBLISH_LEASE_MS = 10_000;
/** Between attempts to give a claim back while the database is away. */
const GIVE_BACK_RETRY_MS = 500;
/** Links whose events one replay query reads (a bound on the query's size and its answer's). */
const MAX_LINKS_PER_REPLAY_QUERY = 500;
/** Webhooks one `markPublished` statement marks at most. */
const MAX_MARKED_PER_UPDATE = 500;
/** How long a `markPublished` waits for others to share its statement (its event is published already). */
const MARK_GATHER_MS = 25;
/** Rows one pruning statement deletes: each batch is a short transaction of its own. */
const PRUNE_BATCH = 10_000;

/** What `record_link_event` (migration 0003) answers. */
interface RecordAnswer {
  outcome: 'recorded' | 'retaken' | 'duplicate' | 'folded' | 'capped';
  /** The event recorded, or the earlier one this webhook repeats; its fields null when since pruned. */
  event?: StoredRow;
  retry_at?: string;
}

/** A row as `to_jsonb` writes it: timestamps as text, the cursor as a number. */
type StoredRow = { [K in keyof Selectable<LinkEventsTable>]: unknown };

/** A replay's key: the link, and the cursor after which its events are wanted ('' for all). */
type ReplayKey = `${string} ${string}`;

/**
 * Every accepted webhook event, per link, with a cursor. Replays late subscribers, resumes
 * reconnecting ones exactly after the last event they saw, and is the webhook dedupe: the unique
 * `webhook_id` makes "claim" and "record" one atomic step across all instances.
 */
export class EventLog {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly limits: EventLimits = DEFAULT_EVENT_LIMITS,
  ) {}

  /** Per link, the last of this process's turns (see `inTurn`). */
  private readonly turns = new Map<string, Promise<void>>();

  /** Webhooks waiting for the next mark-published update (see `markPublished`), and whether one is due. */
  private unmarked: Array<{ id: string; resolve: () => void; reject: (error: unknown) => void }> = [];
  private marking = false;

  /** No cache: a replay must see every event committed before it was asked for. */
  private readonly replays = new DataLoader<ReplayKey, LinkEventRecord[]>((keys) => this.listMany(keys), {
    cache: false,
    maxBatchSize: MAX_LINKS_PER_REPLAY_QUERY,
  });

  /**
   * Runs `work` (recording a webhook of the link, then publishing it) once this process's earlier
   * work for the same link is done. Appends of one link are ordered by its lock, but two answers
   * arriving together could be published in either order, and a client that saw cursor N+1 before N
   * would resume past N. Across instances the order of publication is not promised.
   */
  async inTurn<T>(linkId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.turns.get(linkId) ?? Promise.resolve();
    let done!: () => void;
    const mine = new Promise<void>((resolve) => (done = resolve));
    const tail = previous.then(() => mine);
    this.turns.set(linkId, tail);
    try {
      await previous;
      return await work();
    } finally {
      done();
      if (this.turns.get(linkId) === tail) this.turns.delete(linkId);
    }
  }

  /**
   * Records a webhook in one statement (dedupe, fold, rate cap, append, under the link's lock): no
   * transaction stays open while JavaScript runs. Throws LinkEventsCappedError over the link's cap.
   * With `registeredOnly`, the same statement reads the link's standing in the registry and records
   * only for a link registered and not deleted here (else answers NotRegistered): a webhook's usual
   * case in one round trip to the database instead of three (deleted here? registered? record), each
   * of which, on a busy host, waits for the core PostgreSQL shares with the gateway.
   */
  async append(event: NewLinkEvent): Promise<Appended>;
  async append(event: NewLinkEvent, options: { registeredOnly: true }): Promise<Appended | NotRegistered>;
  async append(event: NewLinkEvent, options?: { registeredOnly: true }): Promise<Appended | NotRegistered> {
    if (!options?.registeredOnly) {
      return this.appended(event, await this.recording(event, (on, claim) => this.record(on, event, claim)));
    }
    if (!isUuid(event.linkId)) return { notRegistered: 'unknown' };
    const answer = await this.recording(event, (on, claim) => this.recordIfRegistered(on, event, claim));
    if (answer.link !== 'known') return { notRegistered: answer.link };
    return this.appended(event, answer.answer!);
  }

  /** Runs a statement that may record `event` under a claim of its own, on one connection. */
  private async recording<T>(
    event: NewLinkEvent,
    statement: (on: Kysely<Database>, claim: string) => Promise<T>,
  ): Promise<T> {
    const claim = randomUUID();
    let sent = false;
    try {
      return this.db.isTransaction
        ? await statement(this.db, claim)
        : await this.db.connection().execute((connection) => {
            sent = true;
            return statement(connection, claim);
          });
    } catch (error) {
      // The connection may have dropped after the statement committed, this attempt then holding the
      // event's publish lease without knowing: give it back, so Belvo's redelivery publishes it.
      if (sent && unavailableIn(error)) await this.giveBack(event.id, claim);
      throw error;
    }
  }

  /** What `record_link_event` answered, as the caller sees it; throws LinkEventsCappedError when capped. */
  private appended(event: NewLinkEvent, answer: RecordAnswer): Appended {
    if (answer.outcome === 'capped') {
      const waitMs = Date.parse(answer.retry_at ?? '') - Date.now();
      throw new LinkEventsCappedError(
        Math.max(1, Math.ceil((Number.isFinite(waitMs) ? waitMs : 60_000) / 1000)),
      );
    }
    const stored = answer.event && answer.event.cursor !== null ? fromJson(answer.event) : undefined;
    return {
      // A folded webhook whose event has since been pruned: described by itself.
      event: stored ?? { ...event, cursor: '0', newSince: null },
      publish: answer.outcome === 'recorded' || answer.outcome === 'retaken',
      duplicate: answer.outcome === 'retaken' || answer.outcome === 'duplicate',
      folded: answer.outcome === 'folded',
    };
  }

  private async record(on: Kysely<Database>, event: NewLinkEvent, claim: string): Promise<RecordAnswer> {
    const { rows } = await sql<{
      answer: RecordAnswer;
    }>`select ${this.recordCall(event, claim)} as answer`.execute(on);
    return rows[0]!.answer;
  }

  /**
   * The link's standing in the registry, and `record_link_event` only when it is registered and not
   * deleted (a CASE evaluates only the branch taken, and the function is volatile: never run ahead).
   */
  private async recordIfRegistered(on: Kysely<Database>, event: NewLinkEvent, claim: string) {
    const { rows } = await sql<{ link: 'known' | 'deleted' | 'unknown'; answer: RecordAnswer | null }>`
      select r.link, case when r.link = 'known' then ${this.recordCall(event, claim)} end as answer
      from (select coalesce(
        (select case when deleted_at is null then 'known' else 'deleted' end
          from links where link_id = ${event.linkId}::uuid),
        'unknown') as link) r`.execute(on);
    return rows[0]!;
  }

  private recordCall(event: NewLinkEvent, claim: string) {
    return sql<RecordAnswer>`record_link_event(
      ${event.id}, ${event.linkId}, ${event.kind}, ${new Date(event.receivedAt)}::timestamptz,
      ${event.processType}, ${event.requestId}, ${event.externalId}, ${event.count}::integer,
      ${event.error ? JSON.stringify(event.error) : null}::jsonb,
      ${claim}, ${`${PUBLISH_LEASE_MS} milliseconds`}::interval,
      ${`${this.limits.foldWindowMs} milliseconds`}::interval,
      ${uncapped(event) ? 0 : this.limits.maxPerLinkPerMinute}::integer, '1 minute'::interval
    )`;
  }

  /**
   * Gives back the publish lease `claim` may hold: at once when the database answers, else in the
   * background until the lease would have passed anyway.
   */
  private async giveBack(webhookId: string, claim: string): Promise<void> {
    const release = () =>
      this.db
        .updateTable('link_events')
        .set({ claimed_at: new Date(0) })
        .where('webhook_id', '=', webhookId)
        .where('claimed_by', '=', claim)
        .where('published_at', 'is', null)
        .execute();
    const until = Date.now() + PUBLISH_LEASE_MS;
    const attempt = async (): Promise<void> => {
      try {
        await release();
      } catch {
        if (Date.now() < until) setTimeout(() => void attempt(), GIVE_BACK_RETRY_MS).unref();
      }
    };
    await attempt();
  }

  /**
   * Marks the event published. Bookkeeping after the answer, gathered: the webhooks of the next
   * MARK_GATHER_MS (and those that ask while an update is in flight) share one update, one at a time
   * per process (at 200 webhooks/s on a busy host, a statement and a commit per webhook take the
   * core from the answers). Until then the event's claim holds a redelivery off, and should the mark
   * be lost (the process killed), a redelivery publishes the event again, which streams drop.
   */
  async markPublished(webhookId: string): Promise<void> {
    const marked = new Promise<void>((resolve, reject) =>
      this.unmarked.push({ id: webhookId, resolve, reject }),
    );
    if (!this.marking) {
      this.marking = true;
      setTimeout(() => void this.markWaiting(), MARK_GATHER_MS);
    }
    return marked;
  }

  private async markWaiting(): Promise<void> {
    try {
      while (this.unmarked.length > 0) {
        const batch = this.unmarked.splice(0, MAX_MARKED_PER_UPDATE);
        try {
          await this.db
            .updateTable('link_events')
            .set({ published_at: sql`now()` })
            .where(
              'webhook_id',
              'in',
              batch.map((waiting) => waiting.id),
            )
            .execute();
          for (const waiting of batch) waiting.resolve();
        } catch (error) {
          for (const waiting of batch) waiting.reject(error);
        }
      }
    } finally {
      this.marking = false;
    }
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
   * The link's events, oldest first; only those after `afterCursor` when given, and at most the
   * latest MAX_REPLAYED_EVENTS of them plus the latest of each kind. Reads asked for in the same tick
   * share one query: after a restart thousands of subscribers reconnect at once, and one query each
   * would queue for the pool's few connections until they timed out.
   */
  async list(linkId: string, afterCursor?: string): Promise<LinkEventRecord[]> {
    if (!isUuid(linkId)) return [];
    // PostgreSQL answers uuids in lower case.
    return this.replays.load(`${linkId.toLowerCase()} ${afterCursor ?? ''}`);
  }

  /**
   * One query for many replays, each read in the database from the link's index: only what is after
   * its cursor, only the latest of it, so a replay costs the same on a log of millions.
   */
  private async listMany(keys: readonly ReplayKey[]): Promise<LinkEventRecord[][]> {
    const asked = keys.map((key) => key.split(' ') as [string, string]);
    const { rows } = await sql<Selectable<LinkEventsTable> & { n: string }>`
      select k.n::text as n, e.*
      from unnest(${asked.map(([linkId]) => linkId)}::uuid[], ${asked.map(([, after]) => after || '0')}::bigint[])
        with ordinality as k(link_id, after, n)
      cross join lateral (
        (select cursor from link_events
          where link_id = k.link_id and cursor > k.after order by cursor desc limit ${MAX_REPLAYED_EVENTS})
        union
        (select cursor from link_latest where link_id = k.link_id and cursor > k.after)
      ) c
      join link_events e on e.cursor = c.cursor
      order by k.n, e.cursor`.execute(this.db);
    const replays: LinkEventRecord[][] = keys.map(() => []);
    for (const row of rows) replays[Number(row.n) - 1]!.push(toRecord(row));
    return replays;
  }

  /** A cursor for an event that is announced but not kept (the gateway's own deletion notice). */
  async nextCursor(): Promise<string> {
    const { rows } = await sql<{ cursor: string }>`
      select nextval(pg_get_serial_sequence('link_events', 'cursor'))::text as cursor`.execute(this.db);
    return rows[0]!.cursor;
  }

  /**
   * Everything kept about the link's events but its deletion notice (ids, a kind, a date: its
   * external id goes too), which a subscriber resuming after the deletion is replayed (retention
   * drops it in time, like any event).
   */
  async purge(linkId: string): Promise<void> {
    if (!isUuid(linkId)) return;
    await sql`with events as (delete from link_events where link_id = ${linkId} and kind <> 'LINK_DELETED'),
      notice as (update link_events set external_id = null where link_id = ${linkId} and kind = 'LINK_DELETED'),
      latest as (delete from link_latest where link_id = ${linkId} and kind <> 'LINK_DELETED'),
      folded as (delete from folded_webhooks where link_id = ${linkId})
      delete from link_rates where link_id = ${linkId}`.execute(this.db);
  }

  /**
   * Drops events received before `before`, except each link's latest employments notice (the start
   * of its next new-employments range), and moves the resume horizon past them. In batches, each a
   * statement of its own, oldest first along an index that leaves the kept notices out: no whole-log
   * aggregate, no long transaction, and appends go on between batches.
   */
  async prune(before: Date): Promise<number> {
    let pruned = 0;
    for (;;) {
      const { rows } = await sql<{ deleted: number }>`
        with batch as (
          select cursor from link_events where received_at < ${before} and not latest_notice
          order by received_at limit ${PRUNE_BATCH}
        ), deleted as (
          delete from link_events e using batch where e.cursor = batch.cursor
          returning e.cursor, e.link_id, e.kind
        ), unpointed as (
          delete from link_latest l using deleted d
          where l.link_id = d.link_id and l.kind = d.kind and l.cursor = d.cursor
        ), moved as (
          update log_horizon set pruned_through = greatest(pruned_through, (select coalesce(max(cursor), 0) from deleted))
          where id = 1
        )
        select count(*)::int as deleted from deleted`.execute(this.db);
      const deleted = rows[0]?.deleted ?? 0;
      pruned += deleted;
      if (deleted < PRUNE_BATCH) break;
    }
    await this.pruneBookkeeping(before);
    return pruned;
  }

  /** Folded webhook ids and rate windows past retention, in batches too. */
  private async pruneBookkeeping(before: Date): Promise<void> {
    await this.deleteInBatches('folded_webhooks', 'webhook_id', 'received_at', before);
    await this.deleteInBatches('link_rates', 'link_id', 'window_started_at', before);
  }

  /** Deletes `table`'s rows whose `time` is before `before`, PRUNE_BATCH rows per statement. */
  private async deleteInBatches(table: string, key: string, time: string, before: Date): Promise<void> {
    for (;;) {
      const { rows } = await sql<{ deleted: number }>`
        with deleted as (
          delete from ${sql.table(table)} where ${sql.ref(key)} in (
            select ${sql.ref(key)} from ${sql.table(table)} where ${sql.ref(time)} < ${before} limit ${PRUNE_BATCH})
          returning 1
        ) select count(*)::int as deleted from deleted`.execute(this.db);
      if ((rows[0]?.deleted ?? 0) < PRUNE_BATCH) break;
    }
  }
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

/** A row as `record_link_event` answers it (`to_jsonb`: timestamps as text). */
function fromJson(row: StoredRow): LinkEventRecord {
  return toRecord({
    ...(row as Selectable<LinkEventsTable>),
    received_at: new Date(row.received_at as string),
  });
}

/**
 * A deletion is the link's last event, and its owner resuming later is replayed it: the per-link
 * rate cap (there against a flood of notices) must never turn it away.
 */
const uncapped = (event: NewLinkEvent) => event.kind === 'LINK_DELETED';
