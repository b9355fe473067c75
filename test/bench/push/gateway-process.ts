/**
 * The gateway under test, in a process of its own: started from the environment the driver sends
 * (real mode, against the driver's simulator), answering its CPU, memory and counters on request.
 */
import 'reflect-metadata';
import { buildApp } from '../../../src/app/app.js';
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
import { loadConfig } from '../../../src/config.js';
import { createLogger, silentLogger } from '../../../src/observability/logger.js';
import { gatewayRequests } from './gateway-requests.js';
import { timeWebhookStore } from './webhook-timing.js';
import { serveRequests, type Request } from './worker.js';

let timing: ReturnType<typeof timeWebhookStore> | undefined;

serveRequests({
  ...gatewayRequests(async (env) => {
    // BENCH_GATEWAY_LOG=warn (or error, info): the gateway's own log on stderr, to see why it refuses.
    const level = process.env.BENCH_GATEWAY_LOG;
    const app = await buildApp({
      config: loadConfig(env),
      logger: level ? createLogger(level) : silentLogger(),
    });
    // BENCH_WEBHOOK_TIMING=1: the store calls a webhook waits for, timed (written beside a profile).
    if (process.env.BENCH_WEBHOOK_TIMING) timing = timeWebhookStore(app, env.DATABASE_URL!);
    return app;
  }),
  /**
   * A CPU profile of the next `ms` milliseconds, written to `path` (for finding where time goes);
   * with BENCH_WEBHOOK_TIMING, the webhook's store calls over the same time to `path`.timing.json.
   */
  profile: async (request: Request) => {
    await timing?.take();
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
    if (timing)
      writeFileSync(
        `${request.path as string}.timing.json`,
        `${JSON.stringify(await timing.take(), null, 2)}\n`,
      );
    session.disconnect();
    return {};
  },
});
