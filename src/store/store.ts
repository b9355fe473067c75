import type { Kysely } from 'kysely';
import type { DatabaseConfig } from '../config.js';
import type { TokenStore } from '../belvo/token-store.js';
import { DatabaseTokenStore } from './budget-tokens.js';
import { openDatabase } from './database.js';
import { DEFAULT_EVENT_LIMITS, type EventLimits } from './event-limits.js';
import { EventLog } from './event-log.js';
import { IdempotencyKeys } from './idempotency-keys.js';
import { LinkRegistry } from './link-registry.js';
import type { Database } from './schema.js';

/**
 * The gateway's system of record: who owns which link, what happened to each link, which webhooks
 * were processed, and createLink's idempotency keys. One implementation on PostgreSQL, reached
 * through the `pg` driver or PGlite.
 */
export interface Store {
  links: LinkRegistry;
  events: EventLog;
  idempotency: IdempotencyKeys;
  /** Runs `work` in one transaction, with the parts bound to it. */
  transaction<T>(
    work: (store: Omit<Store, 'transaction' | 'close' | 'describe' | 'ping' | 'budgetTokens'>) => Promise<T>,
  ): Promise<T>;
  ping(): Promise<void>;
  /**
   * Where Belvo's rate budget is counted when no Redis is shared: in the database when it is
   * PostgreSQL (instances share it), undefined for PGlite (one process: memory will do).
   */
  budgetTokens(account: string): TokenStore | undefined;
  readonly describe: string;
  close(): Promise<void>;
}

export function storeOn(
  db: Kysely<Database>,
  describe: string,
  close: () => Promise<void>,
  shared = false,
  limits: EventLimits = DEFAULT_EVENT_LIMITS,
): Store {
  const parts = (on: Kysely<Database>) => ({
    links: new LinkRegistry(on),
    events: new EventLog(on, limits),
    idempotency: new IdempotencyKeys(on),
  });
  return {
    ...parts(db),
    transaction: (work) => db.transaction().execute((trx) => work(parts(trx))),
    ping: async () => {
      await db.selectFrom('log_horizon').select('id').limit(1).execute();
    },
    budgetTokens: (account) => (shared ? new DatabaseTokenStore(db, account) : undefined),
    describe,
    close,
  };
}

/** `limits` bound each link's events (folding, rate cap). */
export async function openStore(config: DatabaseConfig, limits?: EventLimits): Promise<Store> {
  const { db, describe, close } = await openDatabase(config);
  return storeOn(db, describe, close, config.kind === 'postgres', limits);
}
