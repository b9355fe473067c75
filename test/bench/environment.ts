import { createHash, randomBytes } from 'node:crypto';
import { buildApp, type App } from '../../src/app/app.js';
import { BelvoClient } from '../../src/belvo/client.js';
import { freshDatabaseUrl } from '../support/database.js';
import { loadConfig } from '../../src/config.js';
import { createLogger, silentLogger } from '../../src/observability/logger.js';
import { BelvoSandbox } from '../../src/sandbox/server.js';

export const BENCH_KEYS = { secretId: 'bench-id', secretPassword: 'bench-password' };
/** The admin API key every bench request sends (real mode requires client authentication). */
export const BENCH_API_KEY = randomBytes(24).toString('base64url');
export const BENCH_HEADERS = { 'content-type': 'application/json', 'x-api-key': BENCH_API_KEY };

/** The simulator, standalone, with realistic latency per upstream call; webhooks go nowhere unless set. */
export async function startBenchSandbox(latencyMs: number): Promise<BelvoSandbox> {
  const sandbox = new BelvoSandbox({
    ...BENCH_KEYS,
    host: '127.0.0.1',
    extractionDelayMs: 0,
    webhookRetryDelayMs: 50,
    // Load is the point here: Belvo's rate limits (and the gateway's budget for them) are off.
    rateLimit: { requests: 0, windowMs: 1, deletes: 0, deleteWindowMs: 1 },
  });
  await sandbox.start();
  sandbox.faults.latencyMs = latencyMs;
  return sandbox;
}

export function benchClient(sandbox: BelvoSandbox): BelvoClient {
  return new BelvoClient({
    baseUrl: sandbox.url,
    ...BENCH_KEYS,
    timeoutMs: 60_000,
    maxRetries: 0,
    retryBaseMs: 10,
    maxResponseBytes: 64 * 1024 * 1024,
    connections: 64,
    pageSize: 1000,
  });
}

/** Creates `count` links with their data extracted (cédulas 1700000000…), without latency. */
export async function seedLinks(sandbox: BelvoSandbox, count: number): Promise<string[]> {
  const latency = sandbox.faults.latencyMs;
  sandbox.faults.latencyMs = 0;
  const client = benchClient(sandbox);
  const ids: string[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const link = await client.createLink({
        institution: 'pila_co_employment',
        username: String(1_700_000_000 + i),
        access_mode: 'single',
        fetch_resources: ['EMPLOYMENTS', 'OWNERS'],
      });
      ids.push(link.id);
    }
  } finally {
    await client.close();
    sandbox.faults.latencyMs = latency;
  }
  return ids;
}

/**
 * The environment of the real gateway in real mode against the bench simulator at `belvoUrl`, with
 * limits opened up for load. `env` overrides (a shared DATABASE_URL, REDIS_URL, …).
 */
export function benchGatewayEnv(belvoUrl: string, env: Record<string, string> = {}): Record<string, string> {
  return {
    BELVO_BASE_URL: belvoUrl,
    BELVO_SECRET_ID: BENCH_KEYS.secretId,
    BELVO_SECRET_PASSWORD: BENCH_KEYS.secretPassword,
    BELVO_CONNECTIONS: '64',
    BELVO_TIMEOUT_MS: '60000',
    CLIENT_API_KEYS: `bench:${createHash('sha256').update(BENCH_API_KEY).digest('hex')}:admin`,
    PORT: '0',
    LOG_LEVEL: 'silent',
    GRAPHQL_MAX_COST: '1000000',
    RATE_LIMIT_PER_MINUTE: '1000000',
    // The broadcast and fan-out sections post webhooks to one link faster than Belvo ever would.
    EVENT_MAX_PER_LINK_PER_MINUTE: '0',
    BELVO_BUDGET_REQUESTS: '1000000',
    BELVO_BUDGET_DELETES: '1000000',
    WS_MAX_SUBSCRIPTIONS: '1000',
    WS_IDLE_TIMEOUT_MS: '600000',
    // The bench clients open many sockets and streams at once, all from one address and principal.
    WS_MAX_SOCKETS_PER_PRINCIPAL: '100000',
    WS_MAX_SOCKETS_PER_ADDRESS: '100000',
    WS_MAX_UNAUTHENTICATED_PER_ADDRESS: '100000',
    SSE_MAX_STREAMS_PER_PRINCIPAL: '100000',
    SSE_MAX_STREAMS_PER_ADDRESS: '100000',
    ...env,
  };
}

/**
 * The real gateway in this process (see benchGatewayEnv), on a PostgreSQL database of its own
 * (dropped when the bench ends) unless `env.DATABASE_URL` is shared.
 */
export async function startBenchGateway(
  sandbox: BelvoSandbox,
  env: Record<string, string> = {},
): Promise<{ app: App; url: string }> {
  const config = loadConfig(
    benchGatewayEnv(sandbox.url, { DATABASE_URL: env.DATABASE_URL ?? (await freshDatabaseUrl()), ...env }),
  );
  // BENCH_GATEWAY_LOG=error (or warn, info): the gateway's own log on stderr.
  const level = process.env.BENCH_GATEWAY_LOG;
  const app = await buildApp({ config, logger: level ? createLogger(level) : silentLogger() });
  const url = await app.start();
  return { app, url };
}

export async function postGraphql(url: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: BENCH_HEADERS,
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: Array<{ message: string }> };
  if (body.errors?.length) throw new Error(`GraphQL error: ${body.errors[0]!.message}`);
  return body.data;
}
