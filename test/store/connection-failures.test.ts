import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DependencyUnavailableError } from '../../src/kit/unavailable.js';
import { openDatabase, type OpenDatabase } from '../../src/store/database.js';
import { freshDatabaseUrl } from '../support/database.js';

/** Ends a backend as a fast shutdown does (57P01 on its connection), from another connection. */
async function terminate(url: string, pid: number): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query('select pg_terminate_backend($1)', [pid]);
  } finally {
    await admin.end();
  }
}

const backendPid = async (on: OpenDatabase['db']) =>
  (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(on)).rows[0]!.pid;

describe("a PostgreSQL connection lost while it is checked out (DESIGN.md, 'Pitfalls')", () => {
  let url: string;
  let database: OpenDatabase;
  // An 'error' event nobody listens to would end a real process; under vitest it lands here.
  const crashes: unknown[] = [];
  const crashed = (error: unknown) => crashes.push(error);

  beforeAll(async () => {
    url = await freshDatabaseUrl();
    database = await openDatabase({ kind: 'postgres', url, poolSize: 2, acquireTimeoutMs: 5_000 });
    process.on('uncaughtExceptionMonitor', crashed);
  });
  afterAll(async () => {
    process.off('uncaughtExceptionMonitor', crashed);
    await database.close();
  });
  afterEach(() => expect(crashes.splice(0)).toEqual([]));

  it('fails the statement it was running as unavailable, and the pool goes on with a new connection', async () => {
    const running = database.db.transaction().execute(async (trx) => {
      const pid = await backendPid(trx);
      // Its outcome held as a value: it fails while `terminate` is still being awaited.
      const sleeping = sql`select pg_sleep(30)`.execute(trx).then(
        () => undefined,
        (error: unknown) => error,
      );
      await terminate(url, pid);
      const failed = await sleeping;
      if (failed) throw failed;
    });
    const failure = await running.catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DependencyUnavailableError);
    expect(failure).toMatchObject({ dependency: 'database' });
    expect(await sql`select 1 as one`.execute(database.db)).toMatchObject({ rows: [{ one: 1 }] });
  });

  it('fails its transaction as unavailable when the connection drops while JavaScript holds it idle', async () => {
    let pid = 0;
    let resume!: () => void;
    const paused = new Promise<void>((resolve) => (resume = resolve));
    const running = database.db.transaction().execute(async (trx) => {
      pid = await backendPid(trx);
      await paused; // idle in transaction: no statement running when the connection drops
      await sql`select 1`.execute(trx);
    });
    const failure = running.catch((error: unknown) => error);
    await waitFor(() => pid !== 0);
    await terminate(url, pid);
    // The client emits 'error' on itself as the server's notice arrives: give it that turn.
    await waitFor(async () => !(await isAlive(url, pid)));
    resume();
    expect(await failure).toBeInstanceOf(DependencyUnavailableError);
    expect(await sql`select 1 as one`.execute(database.db)).toMatchObject({ rows: [{ one: 1 }] });
  });
});

describe('a PostgreSQL pool with every connection taken', () => {
  it('fails the next operation as unavailable after the acquire timeout, not later', async () => {
    const database = await openDatabase({
      kind: 'postgres',
      url: await freshDatabaseUrl(),
      poolSize: 1,
      acquireTimeoutMs: 200,
    });
    let release!: () => void;
    const holding = database.db.transaction().execute(async (trx) => {
      await sql`select 1`.execute(trx);
      await new Promise<void>((resolve) => (release = resolve));
    });
    try {
      await waitFor(() => release !== undefined);
      const started = Date.now();
      const failure = await sql`select 1`.execute(database.db).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(DependencyUnavailableError);
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      release();
      await holding;
      await database.close();
    }
  });
});

async function isAlive(url: string, pid: number): Promise<boolean> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const { rows } = await admin.query('select 1 from pg_stat_activity where pid = $1', [pid]);
    return rows.length > 0;
  } finally {
    await admin.end();
  }
}

async function waitFor(condition: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
