/**
 * One round's world: a fresh simulator enforcing Belvo's limit (80 / 30 s unless SANDBOX_* says
 * otherwise) and a fresh gateway in front of it with its budget at its defaults, so that no round
 * inherits another's spent window, cache or event log.
 */
import { freePort } from '../../support/ports.js';
import { freshDatabaseUrl } from '../../support/database.js';
import { loadConfig } from '../../../src/config.js';
import { behaviourFrom } from '../../../src/sandbox/options.js';
import { BelvoSandbox } from '../../../src/sandbox/server.js';
import { BENCH_KEYS, benchGatewayEnv } from '../environment.js';
import { AUTHORIZATION } from '../push/setup.js';
import { WARM_PER_QUERY } from './graphql.js';
import { seedWorld } from '../push/simulator-index.js';
import { startWorker, type Worker } from '../push/worker.js';

/** The bench's opened-up settings that would take the gateway's budget (or its client) off its defaults. */
const NOT_DEFAULTS = [
  'BELVO_BUDGET_REQUESTS',
  'BELVO_BUDGET_DELETES',
  'BELVO_CONNECTIONS',
  'BELVO_TIMEOUT_MS',
] as const;

export interface Stage {
  sandbox: BelvoSandbox;
  /** Belvo's limit as the simulator enforces it. */
  limit: { requests: number; windowMs: number };
  gateway: Worker;
  url: string;
  /** Links made in the simulator with their data, registered as the bench principal's. */
  links: string[];
  stop(): Promise<void>;
}

/** The simulator's behaviour from the SANDBOX_* settings (only those: the rest of the environment is the bench's). */
function simulatorBehaviour(extractionDelayMs: number) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => key.startsWith('SANDBOX_')));
  return { ...behaviourFrom(loadConfig(env).sandbox), extractionDelayMs, requestLogMax: 10_000_000 };
}

export async function startStage(options: {
  latencyMs: number;
  seededLinks: number;
  extractionDelayMs?: number;
}): Promise<Stage> {
  const behaviour = simulatorBehaviour(options.extractionDelayMs ?? 15_000);
  const sandbox = new BelvoSandbox({
    ...BENCH_KEYS,
    host: '127.0.0.1',
    port: await freePort(),
    ...behaviour,
  });
  await sandbox.start();
  sandbox.faults.latencyMs = options.latencyMs;
  const env = benchGatewayEnv(sandbox.url, {
    WEBHOOK_AUTHORIZATION: AUTHORIZATION,
    DATABASE_URL: await freshDatabaseUrl(),
    PORT: String(await freePort()),
    // Setup reads 50 links per query (warmLinks): not a budget setting.
    GRAPHQL_MAX_ALIASES: String(WARM_PER_QUERY),
  });
  for (const key of NOT_DEFAULTS) delete env[key];
  const gateway = startWorker('./gateway-process.ts');
  const stop = async () => {
    await gateway.stop();
    await sandbox.stop();
  };
  try {
    const { url } = await gateway.call<{ url: string }>('start', { env }, 120_000);
    // Made in the simulator's world directly: seeding spends none of Belvo's limit.
    const links = seedWorld(sandbox, options.seededLinks);
    if (links.length > 0) await gateway.call('record', { ids: links }, 300_000);
    sandbox.setWebhookTarget({ url: `${url}/webhooks/belvo`, authorization: AUTHORIZATION });
    const { requests, windowMs } = behaviour.rateLimit;
    return { sandbox, limit: { requests, windowMs }, gateway, url, links, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
