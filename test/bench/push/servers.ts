import { randomBytes } from 'node:crypto';
import { freshDatabaseUrl } from '../../support/database.js';
import { benchGatewayEnv } from '../environment.js';
import { startWorker, type Worker } from './worker.js';

/** A server under test, in its own process(es). */
export interface Server {
  setup:
    | 'gateway, one instance'
    | 'gateway, two instances (Redis)'
    | 'floor: raw ws'
    | 'floor: raw ws, direct write'
    | 'floor: stock graphql-ws';
  workers: Worker[];
  /** The first instance's webhook address. */
  webhookUrl: string;
  /** Every instance's, taken in turn by the realistic push (as behind a load balancer). */
  webhookUrls: string[];
  /** The Redis two instances share (its CPU is counted per push). */
  redisUrl?: string;
  subscribeUrls: string[];
  stop(): Promise<void>;
}

async function startGateway(env: Record<string, string>): Promise<{ worker: Worker; url: string }> {
  // BENCH_GATEWAY_NODE_ARGS: e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile the gateway under test.
  const options = process.env.BENCH_GATEWAY_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const worker = startWorker('./gateway-process.ts', [], {}, options);
  try {
    const { url } = await worker.call<{ url: string }>('start', { env }, 120_000);
    return { worker, url };
  } catch (error) {
    await worker.stop();
    throw error;
  }
}

/** The gateway on one instance (memory pub/sub), its own database, `links` registered; `env` overrides. */
export async function oneGateway(
  belvoUrl: string,
  authorization: string,
  links: string[],
  env: Record<string, string> = {},
): Promise<Server> {
  const overridden = benchGatewayEnv(belvoUrl, {
    WEBHOOK_AUTHORIZATION: authorization,
    DATABASE_URL: await freshDatabaseUrl(),
    ...env,
  });
  const { worker, url } = await startGateway(overridden);
  await worker.call('record', { ids: links }, 300_000);
  return {
    setup: 'gateway, one instance',
    workers: [worker],
    webhookUrl: url,
    webhookUrls: [url],
    subscribeUrls: [url],
    stop: () => worker.stop(),
  };
}

/** Two instances on one Redis and one database: webhooks and subscribers spread over A and B. */
export async function twoGateways(
  belvoUrl: string,
  authorization: string,
  links: string[],
  redisUrl: string,
): Promise<Server> {
  const env = benchGatewayEnv(belvoUrl, {
    WEBHOOK_AUTHORIZATION: authorization,
    DATABASE_URL: await freshDatabaseUrl(),
    REDIS_URL: redisUrl,
    CACHE_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
  });
  const a = await startGateway(env);
  const b = await startGateway(env).catch(async (error: unknown) => {
    await a.worker.stop();
    throw error;
  });
  await a.worker.call('record', { ids: links }, 300_000);
  return {
    setup: 'gateway, two instances (Redis)',
    workers: [a.worker, b.worker],
    webhookUrl: a.url,
    webhookUrls: [a.url, b.url],
    redisUrl,
    subscribeUrls: [a.url, b.url],
    stop: async () => void (await Promise.all([a.worker.stop(), b.worker.stop()])),
  };
}

const FLOORS = {
  raw: 'floor: raw ws',
  'raw-direct': 'floor: raw ws, direct write',
  'graphql-ws': 'floor: stock graphql-ws',
} as const;

export async function floor(kind: keyof typeof FLOORS): Promise<Server> {
  const worker = startWorker('./floor-process.ts', [kind]);
  const { url } = await worker.call<{ url: string }>('start');
  return {
    setup: FLOORS[kind],
    workers: [worker],
    webhookUrl: url,
    webhookUrls: [url],
    subscribeUrls: [url],
    stop: () => worker.stop(),
  };
}
