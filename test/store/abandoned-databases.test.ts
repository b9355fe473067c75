import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { dropAbandonedTestDatabases, testDatabaseName } from '../support/database.js';

const SERVER_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const MINUTE = 60_000;

/** A process id that ran and is gone. */
const exitedPid = () => spawnSync(process.execPath, ['-e', '']).pid!;

describe('test databases left behind by an interrupted run', () => {
  const server = new pg.Client({ connectionString: SERVER_URL });
  const made: string[] = [];
  const held: pg.Client[] = [];
  afterAll(async () => {
    for (const client of held) await client.end();
    for (const name of made) await server.query(`drop database if exists ${name}`);
    await server.end();
  });

  const make = async (name: string) => {
    await server.query(`create database ${name}`);
    made.push(name);
    return name;
  };
  const exists = async (name: string) =>
    (await server.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1;

  it('are dropped at the start of the next run; a live run’s, a recent one’s and one in use are kept', async () => {
    await server.connect();
    const now = Date.now();
    const gone = exitedPid();
    const abandoned = await make(testDatabaseName(gone, now - 10 * MINUTE));
    const unmarked = await make(`beg_test_${randomBytes(6).toString('hex')}`); // named before the mark
    const ofThisRun = await make(testDatabaseName(process.pid, now - 10 * MINUTE));
    const recent = await make(testDatabaseName(gone, now - MINUTE));
    const inUse = await make(testDatabaseName(gone, now - 10 * MINUTE));
    const user = new pg.Client({ connectionString: SERVER_URL.replace(/\/[^/]*$/, `/${inUse}`) });
    await user.connect();
    held.push(user);

    const dropped = await dropAbandonedTestDatabases(now);

    expect(dropped).toEqual(expect.arrayContaining([abandoned, unmarked]));
    expect(dropped).not.toEqual(expect.arrayContaining([ofThisRun]));
    expect(dropped).not.toContain(recent);
    expect(dropped).not.toContain(inUse);
    expect(await exists(abandoned)).toBe(false);
    expect(await exists(unmarked)).toBe(false);
    for (const kept of [ofThisRun, recent, inUse]) expect(await exists(kept)).toBe(true);
  });
});
