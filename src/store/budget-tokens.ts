import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { BucketSpec, TakeAnswer, TokenStore } from '../belvo/token-store.js';
import type { Database } from './schema.js';

/** The database's clock in epoch ms, so instances with skewed clocks still agree. */
const NOW_MS = sql<string>`floor(extract(epoch from clock_timestamp()) * 1000)`;

/**
 * The budget's tokens in PostgreSQL, for instances that share a database but no Redis: each would
 * otherwise believe it owns Belvo's whole limit. The same arithmetic as the in-process and Redis
 * stores (token-store.ts); a take is one statement (the `budget_take` function of migration 0002).
 * A few grants a second is all Belvo's limit allows, far within what a row lock sustains.
 */
export class DatabaseTokenStore implements TokenStore {
  private readonly client: string;

  /** `account` identifies the Belvo client (its secret id); only a hash of it is stored. */
  constructor(
    private readonly db: Kysely<Database>,
    account: string,
  ) {
    this.client = createHash('sha256').update(account).digest('base64url').slice(0, 16);
  }

  async take(buckets: readonly BucketSpec[], tokenId: string, holdMs: number): Promise<TakeAnswer> {
    const { rows } = await sql<{ wait: string }>`select budget_take(
      ${this.client},
      ${buckets.map((bucket) => bucket.name)}::text[],
      ${buckets.map((bucket) => bucket.limit)}::int[],
      ${buckets.map((bucket) => bucket.windowMs)}::bigint[],
      ${tokenId},
      ${Math.ceil(holdMs)}::bigint
    ) as wait`.execute(this.db);
    const waitMs = Number(rows[0]?.wait ?? 0);
    return waitMs === 0 ? { granted: true } : { granted: false, waitMs };
  }

  async finish(buckets: readonly BucketSpec[], tokenId: string): Promise<void> {
    await sql`update budget_tokens set frees_from_ms = ${NOW_MS}
      where client = ${this.client} and token_id = ${tokenId}
        and bucket = any(${buckets.map((bucket) => bucket.name)}::text[])`.execute(this.db);
  }

  async cancel(buckets: readonly BucketSpec[], tokenId: string): Promise<void> {
    await sql`delete from budget_tokens
      where client = ${this.client} and token_id = ${tokenId}
        and bucket = any(${buckets.map((bucket) => bucket.name)}::text[])`.execute(this.db);
  }

  async pause(ms: number): Promise<void> {
    // Never shortens a longer pause another instance set.
    await sql`insert into budget_pauses (client, until_ms) values (${this.client}, ${NOW_MS} + ${Math.ceil(ms)})
      on conflict (client) do update set until_ms = greatest(budget_pauses.until_ms, excluded.until_ms)`.execute(
      this.db,
    );
  }
}
