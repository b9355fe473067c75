import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

export type CreationClaim =
  /**
   * This caller creates the link, sending `externalId`. `resumed`: an earlier attempt under the same
   * key stopped without an answer; it may have created the link, so look it up by `externalId` first.
   */
  | { state: 'claimed'; externalId: string; resumed: boolean }
  | { state: 'created'; linkId: string }
  /** Another call with this key is creating the link right now. */
  | { state: 'in-progress' }
  /** The key was used with a different input. */
  | { state: 'mismatch' };

/**
 * `createLink`'s idempotency keys, per principal. The primary key makes one claim win across all
 * instances, so concurrent calls with one key cost Belvo one `POST /api/links/`.
 */
export class IdempotencyKeys {
  constructor(private readonly db: Kysely<Database>) {}

  async claim(
    principalId: string,
    key: string,
    fingerprint: string,
    externalId: string,
    leaseMs: number,
  ): Promise<CreationClaim> {
    const inserted = await this.db
      .insertInto('idempotency_keys')
      .values({
        principal_id: principalId,
        key,
        fingerprint,
        external_id: externalId,
        claimed_at: sql`now()`,
      })
      .onConflict((conflict) => conflict.columns(['principal_id', 'key']).doNothing())
      .returning('external_id')
      .executeTakeFirst();
    if (inserted) return { state: 'claimed', externalId, resumed: false };
    const row = await this.db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('principal_id', '=', principalId)
      .where('key', '=', key)
      .executeTakeFirst();
    // Released between the insert and this read: the caller's retry will claim it.
    if (!row) return { state: 'in-progress' };
    if (row.fingerprint !== fingerprint) return { state: 'mismatch' };
    if (row.link_id) return { state: 'created', linkId: row.link_id };
    const taken = await this.db
      .updateTable('idempotency_keys')
      .set({ claimed_at: sql`now()` })
      .where('principal_id', '=', principalId)
      .where('key', '=', key)
      .where('link_id', 'is', null)
      .where('claimed_at', '<', sql<Date>`now() - ${`${leaseMs} milliseconds`}::interval`)
      .returning('external_id')
      .executeTakeFirst();
    return taken
      ? { state: 'claimed', externalId: taken.external_id, resumed: true }
      : { state: 'in-progress' };
  }

  async complete(principalId: string, key: string, linkId: string): Promise<void> {
    await this.db
      .updateTable('idempotency_keys')
      .set({ link_id: linkId })
      .where('principal_id', '=', principalId)
      .where('key', '=', key)
      .execute();
  }

  /** After a failure that certainly created nothing: the key is free for a retry. */
  async release(principalId: string, key: string): Promise<void> {
    await this.db
      .deleteFrom('idempotency_keys')
      .where('principal_id', '=', principalId)
      .where('key', '=', key)
      .where('link_id', 'is', null)
      .execute();
  }

  /** Ends the current claim's lease now, so the next claim resumes the creation. */
  async handOver(principalId: string, key: string): Promise<void> {
    await this.db
      .updateTable('idempotency_keys')
      .set({ claimed_at: new Date(0) })
      .where('principal_id', '=', principalId)
      .where('key', '=', key)
      .where('link_id', 'is', null)
      .execute();
  }

  async prune(before: Date): Promise<number> {
    const result = await this.db
      .deleteFrom('idempotency_keys')
      .where('created_at', '<', before)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
