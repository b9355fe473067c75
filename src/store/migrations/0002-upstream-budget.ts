import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Belvo's rate budget, shared by instances on one PostgreSQL database without Redis
 * (store/budget-tokens.ts). One row per token and bucket, and one pause per Belvo client; a
 * function takes a token in one round trip, under an advisory lock per client, by the database's
 * own clock (instances with skewed clocks still agree).
 */
export const upstreamBudget: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('budget_tokens')
      .addColumn('client', 'text', (col) => col.notNull())
      .addColumn('bucket', 'text', (col) => col.notNull())
      .addColumn('token_id', 'text', (col) => col.notNull())
      .addColumn('frees_from_ms', 'bigint', (col) => col.notNull())
      .addPrimaryKeyConstraint('budget_tokens_pk', ['client', 'bucket', 'token_id'])
      .execute();
    await db.schema
      .createTable('budget_pauses')
      .addColumn('client', 'text', (col) => col.primaryKey())
      .addColumn('until_ms', 'bigint', (col) => col.notNull())
      .execute();
    // Answers 0 when a token was taken from every bucket, else how many ms until one frees.
    await sql`
      create function budget_take(
        p_client text, p_buckets text[], p_limits int[], p_windows bigint[], p_token text, p_hold bigint
      ) returns bigint language plpgsql as $$
      declare
        now_ms bigint := floor(extract(epoch from clock_timestamp()) * 1000);
        wait bigint := -1;
        held int;
        frees bigint;
      begin
        perform pg_advisory_xact_lock(hashtext('belvo-budget:' || p_client));
        select until_ms - now_ms into frees from budget_pauses where client = p_client;
        if frees > 0 then return frees; end if;
        for i in 1 .. array_length(p_buckets, 1) loop
          delete from budget_tokens
            where client = p_client and bucket = p_buckets[i] and frees_from_ms <= now_ms - p_windows[i];
          select count(*) into held from budget_tokens where client = p_client and bucket = p_buckets[i];
          if held >= p_limits[i] then
            select frees_from_ms + p_windows[i] - now_ms into frees from budget_tokens
              where client = p_client and bucket = p_buckets[i]
              order by frees_from_ms offset held - p_limits[i] limit 1;
            wait := greatest(wait, frees);
          end if;
        end loop;
        if wait >= 0 then return greatest(1, wait); end if;
        for i in 1 .. array_length(p_buckets, 1) loop
          insert into budget_tokens (client, bucket, token_id, frees_from_ms)
            values (p_client, p_buckets[i], p_token, now_ms + p_hold)
            on conflict (client, bucket, token_id) do update set frees_from_ms = excluded.frees_from_ms;
        end loop;
        return 0;
      end $$`.execute(db);
  },
};
