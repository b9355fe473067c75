import pg from 'pg';
import type { App } from '../../../src/app/app.js';
import { processStats, type Request } from './worker.js';

/**
 * What every bench process holding a gateway answers (test/bench/push/'s and test/bench/heap/'s):
 * start it from the environment the driver sends, record the bench's links as its principal's,
 * report CPU, memory and counters, stop. `build` makes the app, from the sources or from a build.
 */
export function gatewayRequests(build: (env: Record<string, string>) => Promise<App>) {
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

  return {
    start: async (request: Request) => {
      const env = request.env as Record<string, string>;
      databaseUrl = env.DATABASE_URL;
      app = await build(env);
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
    stop: async () => {
      await app?.stop();
      setImmediate(() => process.exit(0));
      return {};
    },
  };
}
