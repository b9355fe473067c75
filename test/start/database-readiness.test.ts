import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../support/database.js';
import { startGateway } from '../support/gateway.js';
import { eventually } from '../support/sandbox.js';

describe('/readyz when PostgreSQL refuses the gateway after it started', () => {
  it('says the database no longer exists, in words, not as SQLSTATE 3D000', async () => {
    const url = await freshDatabaseUrl();
    const name = new URL(url).pathname.slice(1);
    const gateway = await startGateway({ DATABASE_URL: url, READINESS_CACHE_MS: '0' });
    try {
      expect((await fetch(`${gateway.url}/readyz`)).status).toBe(200);
      // An operator drops it (its connections with it): every new connection is refused with 3D000.
      const server = new URL(url);
      server.pathname = '/postgres';
      const admin = new pg.Client({ connectionString: server.toString() });
      await admin.connect();
      try {
        await admin.query(`drop database ${name} with (force)`);
      } finally {
        await admin.end();
      }
      const reason = await eventually(async () => {
        const body = (await (await fetch(`${gateway.url}/readyz`)).json()) as {
          reasons?: Record<string, string>;
        };
        return body.reasons?.database?.includes('does not exist') && body.reasons.database;
      }, 15_000);
      expect(reason).toBe(
        `database "${name}" does not exist — create it (createdb "${name}") or fix DATABASE_URL`,
      );
    } finally {
      await gateway.stop();
    }
  });
});
