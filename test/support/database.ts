import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Where tests create their databases: the machine's PostgreSQL (trust auth), or TEST_POSTGRES_URL. */
const SERVER_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const PREFIX = 'beg_test_';
const NAMED = /^beg_test_([0-9a-z]+)_([0-9a-z]+)_[0-9a-f]+$/;
/** A database this old whose process is gone is not a live run's (a file takes seconds to minutes). */
const ABANDONED_AFTER_MS = 5 * 60_000;

const created: string[] = [];

async function onServer<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A test database's name says which process made it and when (base 36), so the next run can tell
 * one an interrupted run left behind from one a live run still uses.
 */
export function testDatabaseName(pid = process.pid, createdAtMs = Date.now()): string {
  return `${PREFIX}${pid.toString(36)}_${createdAtMs.toString(36)}_${randomBytes(3).toString('hex')}`;
}

/** A new, empty database of this test file's own; dropped by `dropTestDatabases` after the file. */
export async function freshDatabaseUrl(): Promise<string> {
  const name = testDatabaseName();
  await onServer(async (client) => {
    await client.query(`create database ${name}`);
    // A test database is thrown away: its commits need not wait for the disk.
    await client.query(`alter database ${name} set synchronous_commit = off`);
  });
  created.push(name);
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropTestDatabases(): Promise<void> {
  const names = created.splice(0);
  if (names.length === 0) return;
  await onServer(async (client) => {
    for (const name of names) await client.query(`drop database if exists ${name} with (force)`);
  });
}

/**
 * Drops the test databases an interrupted run left behind (its `afterAll` never ran): those whose
 * process is no longer running here and that are older than a few minutes, or that carry no such
 * mark (named before the mark existed); never one with an open connection. Run once at the start
 * of a test run. Answers the names dropped.
 */
export async function dropAbandonedTestDatabases(now = Date.now()): Promise<string[]> {
  return onServer(async (client) => {
    const { rows } = await client.query<{ name: string; connections: number }>(
      `select d.datname as name,
              (select count(*) from pg_stat_activity a where a.datname = d.datname)::int as connections
         from pg_database d
        where d.datname like 'beg\\_test\\_%'`,
    );
    const dropped: string[] = [];
    for (const { name } of rows.filter((row) => row.connections === 0 && isAbandoned(row.name, now))) {
      // Without force: a database someone connected to meanwhile is in use after all, and stays.
      const gone = await client.query(`drop database if exists ${name}`).then(
        () => true,
        () => false,
      );
      if (gone) dropped.push(name);
    }
    return dropped;
  });
}

function isAbandoned(name: string, now: number): boolean {
  const mark = NAMED.exec(name);
  if (!mark) return /^beg_test_[0-9a-f]+$/.test(name);
  const pid = parseInt(mark[1]!, 36);
  const createdAt = parseInt(mark[2]!, 36);
  return now - createdAt > ABANDONED_AFTER_MS && !isRunning(pid);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, someone else's
  }
}
