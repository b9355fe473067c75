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
import { serveRequests, type Request } from './worker.js';

serveRequests({
  ...gatewayRequests(async (env) => {
    // BENCH_GATEWAY_LOG=warn (or error, info): the gateway's own log on stderr, to see why it refuses.
    const level = process.env.BENCH_GATEWAY_LOG;
    return buildApp({ config: loadConfig(env), logger: level ? createLogger(level) : silentLogger() });
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
});
