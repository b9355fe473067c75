import { print } from 'graphql';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BelvoSandbox } from '../../src/sandbox/server.js';
import { LinkStatusDocument } from '../generated/graphql.js';
import { apiKeyEntry, randomKey } from '../support/auth.js';
import { freshDatabaseUrl } from '../support/database.js';
import { startHoldingProxy } from '../support/holding-proxy.js';
import { eventually, SANDBOX_KEYS, sandboxLinks, startSandbox } from '../support/sandbox.js';
import { PROCESS_DEADLINE_MS, spawnGateway, type SpawnedGateway } from '../support/spawned-gateway.js';
import { envelope } from '../support/subscriptions.js';

const AUTHORIZATION = 'Bearer shutdown-webhook-secret';
const API_KEY = randomKey();

/**
 * SIGTERM while a query and a webhook are in the middle of their work: both are answered, then the
 * process ends by itself (exit 0: nothing kept it alive), and the acknowledged webhook's event is
 * in PostgreSQL. The gateway runs in real mode as its own process (src/main.ts, as `npm start`),
 * against the simulator behind a proxy that holds Belvo's answers until the shutdown has begun.
 */
describe('graceful shutdown', () => {
  let sandbox: BelvoSandbox;
  let proxy: Awaited<ReturnType<typeof startHoldingProxy>>;
  let gateway: SpawnedGateway;
  let databaseUrl: string;

  beforeAll(async () => {
    ({ sandbox } = await startSandbox({ extractionDelayMs: 600_000 }));
    proxy = await startHoldingProxy(sandbox.url);
    databaseUrl = await freshDatabaseUrl();
    gateway = spawnGateway({
      BELVO_BASE_URL: proxy.url,
      BELVO_SECRET_ID: SANDBOX_KEYS.secretId,
      BELVO_SECRET_PASSWORD: SANDBOX_KEYS.secretPassword,
      DATABASE_URL: databaseUrl,
      WEBHOOK_AUTHORIZATION: AUTHORIZATION,
      CLIENT_API_KEYS: apiKeyEntry('ops', API_KEY, true),
      LOG_LEVEL: 'info', // its "shutting down" line says when the signal was taken
    });
  }, PROCESS_DEADLINE_MS + 10_000);
  afterAll(async () => {
    gateway.child.kill('SIGKILL'); // only if a failed test left it running
    proxy.release();
    await proxy.close();
    await sandbox.stop();
  });

  it('answers a query and a webhook in flight at SIGTERM, then exits 0 with the webhook recorded', async () => {
    const url = await gateway.url();
    // Links made at Belvo directly: the gateway must ask Belvo about both, and that is where they wait.
    const [queried, announced] = sandboxLinks(sandbox, 2, 1_700_000_000) as [string, string];
    proxy.hold();
    const query = fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
      body: JSON.stringify({ query: print(LinkStatusDocument), variables: { id: queried } }),
    }).then(async (response) => ({ status: response.status, body: (await response.json()) as never }));
    // A link the gateway has not seen: it asks Belvo whether the link exists before recording.
    const event = envelope({
      link_id: announced,
      webhook_type: 'EMPLOYMENTS',
      process_type: 'historical_update',
      webhook_code: 'historical_update',
      data: { total_employments: 2 },
    });
    const webhook = fetch(`${url}/webhooks/belvo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: AUTHORIZATION },
      body: JSON.stringify(event),
    }).then(async (response) => ({ status: response.status, body: (await response.json()) as never }));
    await eventually(() => {
      const asked = proxy.held().join(' ');
      return asked.includes(queried) && asked.includes(announced);
    });

    gateway.child.kill('SIGTERM');
    await eventually(() => gateway.output.stdout.includes('shutting down'));
    proxy.release();

    const [answered, acknowledged] = await Promise.all([query, webhook]);
    expect(answered).toMatchObject({ status: 200, body: { data: { link: { id: queried } } } });
    expect(answered.body).not.toHaveProperty('errors');
    expect(acknowledged).toMatchObject({ status: 200, body: { status: 'accepted' } });
    // main.ts exits 1 if anything still holds the event loop 5 s after its shutdown.
    expect(await gateway.exitCode(30_000)).toBe(0);
    expect(gateway.output.stderr).toBe('');

    const database = new pg.Client({ connectionString: databaseUrl });
    await database.connect();
    try {
      const recorded = await database.query('select webhook_id from link_events where link_id = $1', [
        announced,
      ]);
      expect(recorded.rows).toEqual([{ webhook_id: event.webhook_id }]);
    } finally {
      await database.end();
    }
  }, 60_000);
});
