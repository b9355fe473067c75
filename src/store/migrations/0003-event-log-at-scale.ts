import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The event log at a large lender's scale (issue 24, items 2, 6 and 8).
 *
 * - A webhook is recorded by one statement, `record_link_event`: dedupe, fold, rate cap, append and
 *   order under the link's advisory lock, so no transaction stays open while JavaScript runs (a
 *   pooled connection left `idle in transaction` holds the link's lock for as long as the event
 *   loop is busy elsewhere).
 * - `link_latest` points at each link's latest event of each kind: the fold compares with the
 *   latest, new employments take their range start from the latest employments notice, and replays
 *   always include the latest of every kind.
 * - `latest_notice` marks each link's latest employments notice, which retention keeps; pruning walks
 *   a partial index that leaves those rows out, in bounded batches, instead of a whole-table
 *   `NOT IN (select max(cursor) … group by link_id)`.
 * - `claimed_by` names the attempt holding an event's publish lease, so an attempt that lost its
 *   connection mid-statement (maybe after the commit) can give back exactly its own claim.
 * - `folded_webhooks` remembers webhooks folded into an identical earlier event (their redelivery is
 *   a duplicate); `link_rates` counts each link's events in a fixed window for the rate cap.
 */
export const eventLogAtScale: Migration = {
  async up(db: Kysely<unknown>) {
    // Constant defaults: no table rewrite, instant on a full log.
    await sql`alter table link_events
      add column latest_notice boolean not null default false,
      add column claimed_by text`.execute(db);

    await sql`create table link_latest (
      link_id uuid not null,
      kind text not null,
      cursor bigint not null,
      received_at timestamptz not null,
      primary key (link_id, kind)
    )`.execute(db);
    await sql`insert into link_latest (link_id, kind, cursor, received_at)
      select distinct on (link_id, kind) link_id, kind, cursor, received_at
      from link_events order by link_id, kind, cursor desc`.execute(db);
    await sql`update link_events set latest_notice = true where cursor in (
      select distinct on (link_id) cursor from link_latest
      where kind in ('EMPLOYMENTS_HISTORICAL_UPDATE', 'NEW_EMPLOYMENTS_AVAILABLE')
      order by link_id, cursor desc)`.execute(db);
    // What retention may delete, oldest first; the kept notices are not in it at all.
    await sql`create index link_events_prunable on link_events (received_at) where not latest_notice`.execute(
      db,
    );
    await sql`drop index link_events_by_age`.execute(db);

    await sql`create table folded_webhooks (
      webhook_id text primary key,
      link_id uuid not null,
      cursor bigint not null,
      received_at timestamptz not null
    )`.execute(db);
    await sql`create index folded_webhooks_by_age on folded_webhooks (received_at)`.execute(db);
    await sql`create index folded_webhooks_by_link on folded_webhooks (link_id)`.execute(db);

    await sql`create table link_rates (
      link_id uuid primary key,
      window_started_at timestamptz not null,
      events integer not null
    )`.execute(db);

    // Answers {outcome, event?, retry_at?}: outcome is recorded (new: publish it), retaken (a
    // redelivery of an event whose publication never completed: publish it), duplicate, folded
    // (identical to the link's latest event, received within the fold window: remembered, not
    // recorded again) or capped (over the link's rate: nothing written, retry at retry_at).
    await sql`
      create function record_link_event(
        p_webhook_id text, p_link_id text, p_kind text, p_received_at timestamptz,
        p_process_type text, p_request_id text, p_external_id text, p_count integer, p_error jsonb,
        p_claim text, p_lease interval, p_fold_window interval, p_cap integer, p_cap_window interval
      ) returns jsonb language plpgsql as $$
      declare
        link uuid := p_link_id::uuid;
        notices constant text[] := array['EMPLOYMENTS_HISTORICAL_UPDATE', 'NEW_EMPLOYMENTS_AVAILABLE'];
        earlier link_events;
        latest link_events;
        prior_notice link_latest;
        rate link_rates;
        inserted link_events;
        folded_into bigint;
        since text;
      begin
        -- Appends to one link are serialized, so its cursors follow commit order: a client resuming
        -- after cursor N can never miss an event committed later with a smaller cursor.
        perform pg_advisory_xact_lock(hashtextextended(p_link_id, 0));

        select * into earlier from link_events e where e.webhook_id = p_webhook_id;
        if found then
          update link_events e set claimed_at = now(), claimed_by = p_claim
            where e.cursor = earlier.cursor and e.published_at is null and e.claimed_at < now() - p_lease;
          return jsonb_build_object(
            'outcome', case when found then 'retaken' else 'duplicate' end, 'event', to_jsonb(earlier));
        end if;
        select f.cursor into folded_into from folded_webhooks f where f.webhook_id = p_webhook_id;
        if found then
          select * into earlier from link_events e where e.cursor = folded_into;
          return jsonb_build_object('outcome', 'duplicate', 'event', to_jsonb(earlier));
        end if;

        if p_fold_window > interval '0' then
          select e.* into latest from link_latest l join link_events e on e.cursor = l.cursor
            where l.link_id = link order by l.cursor desc limit 1;
          if found and latest.kind = p_kind
             and latest.process_type is not distinct from p_process_type
             and latest.request_id is not distinct from p_request_id
             and latest.external_id is not distinct from p_external_id
             and latest.count is not distinct from p_count
             and latest.error is not distinct from p_error
             and p_received_at >= latest.received_at
             and p_received_at < latest.received_at + p_fold_window then
            insert into folded_webhooks (webhook_id, link_id, cursor, received_at)
              values (p_webhook_id, link, latest.cursor, p_received_at);
            return jsonb_build_object('outcome', 'folded', 'event', to_jsonb(latest));
          end if;
        end if;

        if p_cap > 0 then
          select * into rate from link_rates r where r.link_id = link;
          if found and rate.window_started_at > now() - p_cap_window and rate.events >= p_cap then
            return jsonb_build_object('outcome', 'capped', 'retry_at', rate.window_started_at + p_cap_window);
          end if;
          insert into link_rates as r (link_id, window_started_at, events) values (link, now(), 1)
            on conflict (link_id) do update set
              window_started_at = case when r.window_started_at > now() - p_cap_window
                then r.window_started_at else now() end,
              events = case when r.window_started_at > now() - p_cap_window then r.events + 1 else 1 end;
        end if;

        if p_kind = any(notices) then
          select * into prior_notice from link_latest l
            where l.link_id = link and l.kind = any(notices) order by l.cursor desc limit 1;
          if found then
            since := to_char(prior_notice.received_at at time zone 'UTC', 'YYYY-MM-DD');
            update link_events e set latest_notice = false where e.cursor = prior_notice.cursor;
          end if;
        end if;
        insert into link_events (
          webhook_id, link_id, kind, received_at, process_type, request_id, external_id, count, error,
          new_since, claimed_at, claimed_by, latest_notice
        ) values (
          p_webhook_id, link, p_kind, p_received_at, p_process_type, p_request_id, p_external_id, p_count,
          p_error, case when p_kind = 'NEW_EMPLOYMENTS_AVAILABLE' then since end, now(), p_claim,
          p_kind = any(notices)
        ) returning * into inserted;
        insert into link_latest as l (link_id, kind, cursor, received_at)
          values (link, p_kind, inserted.cursor, p_received_at)
          on conflict (link_id, kind) do update set cursor = excluded.cursor, received_at = excluded.received_at;
        return jsonb_build_object('outcome', 'recorded', 'event', to_jsonb(inserted));
      end $$`.execute(db);
  },
};
