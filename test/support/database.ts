import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Where tests create their databases: the machine's PostgreSQL (trust auth), or TEST_POSTGRES_URL. */
const SERVER_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

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

/** A new, empty database of this test file's own; dropped by `dropTestDatabases` after the file. */
export async function freshDatabaseUrl(): Promise<string> {
  const name = `beg_test_${randomBytes(6).toString('hex')}`;
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
