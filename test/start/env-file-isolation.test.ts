import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../support/database.js';
import { PROCESS_DEADLINE_MS, spawnGateway } from '../support/spawned-gateway.js';

/**
 * A `.env` a developer could have written (the README tells them to create one), each line of
 * which stops or changes a gateway a test spawns, were it read: Belvo keys switch it to real mode
 * (which then refuses to start without the rest), and the explorer goes off.
 */
const HOSTILE_ENV = [
  'BELVO_SECRET_ID=from-a-developer-env',
  'BELVO_BASE_URL=http://127.0.0.1:1',
  'GRAPHQL_EXPLORER=false',
].join('\n');

describe("the tests' gateways and a developer's .env", () => {
  it(
    'start as the test says, ignoring a .env in their working directory',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'gateway-hostile-env-'));
      writeFileSync(join(dir, '.env'), `${HOSTILE_ENV}\n`);
      // The gateway reads `.env` from its working directory: the checkout's, where a developer keeps theirs.
      const gateway = spawnGateway({ DATABASE_URL: await freshDatabaseUrl() }, { cwd: dir });
      let exitCode: number | null;
      try {
        const url = await gateway.url();
        expect(gateway.output.stdout).toContain('(embedded mode)');
        expect(gateway.output.stdout).toMatch(/GraphQL explorer:\s+http/);
        expect((await fetch(`${url}/readyz`)).status).toBe(200);
      } finally {
        exitCode = await gateway.stop();
        rmSync(dir, { recursive: true, force: true });
      }
      expect(exitCode, gateway.output.stderr).toBe(0);
    },
    3 * PROCESS_DEADLINE_MS,
  );
});
