import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PROCESS_DEADLINE_MS, spawnGateway } from '../support/spawned-gateway.js';

/** The PostgreSQL server the tests use (trust auth), as test/support/database.ts finds it. */
const SERVER_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A stack trace's frames, as Node prints them. */
const STACK_FRAME = /\n\s+at /;

describe('npm start against a PostgreSQL that refuses it', () => {
  it(
    'names a database that does not exist and how to fix it, in one line, exit 1, no stack trace',
    async () => {
      const name = `beg_missing_${randomBytes(4).toString('hex')}`;
      const url = new URL(SERVER_URL);
      url.pathname = `/${name}`;
      const gateway = spawnGateway({ DATABASE_URL: url.toString() });
      expect(await gateway.exitCode()).toBe(1);
      const { stderr } = gateway.output;
      expect(stderr).toContain(
        `Cannot open the database (postgresql ${url.hostname}:${url.port || 5432}/${name}): database "${name}" does not exist — create it (createdb "${name}") or fix DATABASE_URL.`,
      );
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).not.toMatch(STACK_FRAME);
    },
    3 * PROCESS_DEADLINE_MS,
  );

  it(
    'says PostgreSQL refused the user/password, without printing either',
    async () => {
      const user = `beg_no_role_${randomBytes(4).toString('hex')}`;
      const password = `pw-${randomBytes(8).toString('hex')}`;
      const url = new URL(SERVER_URL);
      url.username = user;
      url.password = password;
      const gateway = spawnGateway({ DATABASE_URL: url.toString() });
      expect(await gateway.exitCode()).toBe(1);
      const { stdout, stderr } = gateway.output;
      expect(stderr).toMatch(
        /^Cannot open the database \(postgresql [^)]+\): PostgreSQL refused the user\/password in DATABASE_URL \(SQLSTATE 28(000|P01): [^)]+\)\.\n$/,
      );
      expect(stdout + stderr).not.toContain(password);
      expect(stdout + stderr).not.toContain(user);
    },
    3 * PROCESS_DEADLINE_MS,
  );
});
