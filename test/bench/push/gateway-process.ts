/**
 * The gateway under test, in a process of its own: started from the environment the driver sends
 * (real mode, against the driver's simulator), answering its CPU, memory and counters on request.
 */
import 'reflect-metadata';
import { buildApp, type App } from '../../../src/app/app.js';
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
import pg from 'pg';
import { loadConfig } from '../../../src/config.js';
import { createLogger, silentLogger } from '../../../src/observability/logger.js';
import { processStats, serveRequests, type Request } from './worker.js';

let app: App | undefined;
let databaseUrl: string | undefined;

/**
 * One metric's value, summed over its labels. Only that metric is collected: the whole registry
 * would collect the process metrics too, which walk every open handle and file descriptor (10,000
 * sockets: tens of milliseconds of the gateway's loop per call, polled every 200 ms while waiting).
 */
async function metric(name: string): Promise<number> {
  const found = app!.metrics.registry.getSingleMetric(name);
  const values = found ? (await found.get()).values : [];
  return values.reduce((sum, value) => sum + Number(value.value), 0);
}

serveRequests({
  start: async (request: Request) => {
    const env = request.env as Record<string, string>;
    databaseUrl = env.DATABASE_URL;
    const config = loadConfig(env);
    // BENCH_GATEWAY_LOG=warn (or error, info): the gateway's own log on stderr, to see why it refuses.
    const level = process.env.BENCH_GATEWAY_LOG;
    const logger = level ? createLogger(level) : silentLogger();
    app = await buildApp({ config, logger });
    return { url: await app.start() };
  },
  /**
   * Registers links made at the simulator as the bench principal's, so their webhooks need no check
   * with Belvo: one statement (10,000 single inserts through the registry take most of a minute).
   */
  record: async (request: Request) => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query(
        `insert into links (link_id, principal_id, created_at)
         select unnest($1::uuid[]), 'bench', now() on conflict (link_id) do nothing`,
        [request.ids],
      );
    } finally {
      await client.end();
    }
    return {};
  },
  stats: async (request: Request) => ({
    ...processStats(Boolean(request.collect)),
    subscriptions: (await metric('gateway_active_subscriptions')) + (await metric('gateway_sse_streams')),
    upstreamRequests: await metric('belvo_upstream_requests_total'),
  }),
  /** A CPU profile of the next `ms` milliseconds, written to `path` (for finding where time goes). */
  profile: async (request: Request) => {
    const session = new Session();
    session.connect();
    const post = (method: string) =>
      new Promise<unknown>((resolve, reject) =>
        session.post(method, (error, result) => (error ? reject(error) : resolve(result))),
      );
    await post('Profiler.enable');
    await post('Profiler.start');
    await new Promise((resolve) => setTimeout(resolve, request.ms as number));
    const { profile } = (await post('Profiler.stop')) as { profile: object };
    writeFileSync(request.path as string, JSON.stringify(profile));
    session.disconnect();
    return {};
  },
  stop: async () => {
    await app?.stop();
    setImmediate(() => process.exit(0));
    return {};
  },
});
