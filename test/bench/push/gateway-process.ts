/**
 * The gateway under test, in a process of its own: started from the environment the driver sends
 * (real mode, against the driver's simulator), answering its CPU, memory and counters on request.
 */
import 'reflect-metadata';
import { buildApp, type App } from '../../../src/app/app.js';
import { loadConfig } from '../../../src/config.js';
import { silentLogger } from '../../../src/observability/logger.js';
import { processStats, serveRequests, type Request } from './worker.js';

let app: App | undefined;

async function metric(name: string): Promise<number> {
  const all = await app!.metrics.registry.getMetricsAsJSON();
  const found = all.find((entry) => entry.name === name);
  return (found?.values ?? []).reduce((sum, value) => sum + Number(value.value), 0);
}

serveRequests({
  start: async (request: Request) => {
    const config = loadConfig(request.env as Record<string, string>);
    app = await buildApp({ config, logger: silentLogger() });
    return { url: await app.start() };
  },
  /** Registers links made at the simulator, so their webhooks need no check with Belvo. */
  record: async (request: Request) => {
    const ids = request.ids as string[];
    for (let i = 0; i < ids.length; i += 200)
      await Promise.all(ids.slice(i, i + 200).map((id) => app!.store.links.record({ id }, 'bench')));
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
});
