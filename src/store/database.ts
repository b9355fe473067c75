import { Kysely, Migrator, PostgresDialect, type Migration, type MigrationProvider } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { DatabaseConfig } from '../config.js';
import { asDatabaseFailure } from './connection-failures.js';
import { initial } from './migrations/0001-initial.js';
import { upstreamBudget } from './migrations/0002-upstream-budget.js';
import { eventLogAtScale } from './migrations/0003-event-log-at-scale.js';
import { deletedLinks } from './migrations/0004-deleted-links.js';
import { createPglite, saveTemplate } from './pglite-template.js';
import type { Database } from './schema.js';
import { translatingDialect } from './translating-driver.js';

export interface OpenDatabase {
  db: Kysely<Database>;
  /** Runs once the tables are up to date. */
  afterMigration?: () => Promise<void>;
  /** What the startup banner and /readyz say. */
  describe: string;
  close(): Promise<void>;
}

const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-upstream-budget': upstreamBudget,
  '0003-event-log-at-scale': eventLogAtScale,
  '0004-deleted-links': deletedLinks,
};
const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/**
 * Opens the system of record and brings its tables up to date. PostgreSQL for real deployments
 * (every instance on one database); PGlite (PostgreSQL in WebAssembly, in process) when nothing is
 * configured, in memory or in a directory. One SQL dialect for both.
 */
export async function openDatabase(config: DatabaseConfig): Promise<OpenDatabase> {
  let opened: OpenDatabase;
  try {
    opened = config.kind === 'postgres' ? openPostgres(config) : await openPglite(config.dataDir);
  } catch (error) {
    const target =
      config.kind === 'postgres' ? redactedTarget(config.url) : `pglite ${config.dataDir ?? 'in memory'}`;
    throw new DatabaseUnavailableError(target, error);
  }
  try {
    await migrate(opened.db);
    await opened.afterMigration?.();
  } catch (error) {
    await opened.close().catch(() => undefined);
    throw new DatabaseUnavailableError(opened.describe, error);
  }
  return opened;
}

/** The system of record cannot be opened: the gateway must not start without it. */
export class DatabaseUnavailableError extends Error {
  constructor(target: string, cause: unknown) {
    const reason = (cause as { code?: string }).code ?? (cause as Error).message;
    super(`Cannot open the database (${target}): ${reason}`, { cause });
    this.name = 'DatabaseUnavailableError';
  }
}

type PostgresConfig = Extract<DatabaseConfig, { kind: 'postgres' }>;

/**
 * A pool of `poolSize` connections. Waiting longer than `acquireTimeoutMs` for one (all busy, or
 * the server not answering) fails the operation as unavailable: a webhook answers 503 at once and
 * Belvo redelivers, rather than queueing behind a database that is away.
 */
function openPostgres({ url, poolSize, acquireTimeoutMs }: PostgresConfig): OpenDatabase {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: acquireTimeoutMs,
  });
  // A connection that drops (a server restart, a terminated backend) emits 'error' on its client,
  // and an 'error' nobody listens to ends the process. The pool listens only while the client is
  // idle, so every client gets a listener of its own for when it is checked out. Nothing more to
  // do there: the statement it runs fails with the same error, its transaction with it, and the
  // pool discards the client when it comes back broken.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely<Database>({
    // Every failure of the database itself surfaces as DependencyUnavailableError (retryable).
    dialect: translatingDialect(new PostgresDialect({ pool }), asDatabaseFailure),
  });
  return { db, describe: `postgresql ${redactedTarget(url)}`, close: () => db.destroy() };
}

async function openPglite(dataDir: string | undefined): Promise<OpenDatabase> {
  const { pglite, fromTemplate } = await createPglite(dataDir);
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    // Kept migrated (a template start finds its tables ready), and only from memory: a copy of a
    // directory would carry what the directory already holds.
    afterMigration: dataDir || fromTemplate ? undefined : () => saveTemplate(pglite),
    describe: dataDir ? `pglite ${dataDir} (embedded)` : 'pglite in memory (embedded, lost on exit)',
    // Kysely's destroy ends the driver, not PGlite itself.
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}

/**
 * Kysely's migrator takes a row lock on its lock table, so instances starting together run each
 * migration once; the others wait and find it done.
 */
async function migrate(db: Kysely<Database>): Promise<void> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    if (!failed) throw error; // nothing ran: the database did not answer
    throw new Error(`migration ${failed} failed: ${(error as Error).message}`, { cause: error });
  }
}

/** Host, port and database name; never the user or password. */
function redactedTarget(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
}
