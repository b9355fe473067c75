/** `npm start`: the gateway, with the embedded Belvo simulator unless Belvo keys are configured. */
import 'reflect-metadata';
import { ConfigError, loadConfig, loadEnvFile } from './config.js';
import { startTelemetry } from './observability/tracing-sdk.js';

/** Long enough for a distant Belvo, short enough that a dead dependency does not stall the start. */
const STARTUP_CHECK_TIMEOUT_MS = 3_000;

let config;
try {
  loadEnvFile();
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

/** Why the port could not be had, for the errors a user can fix by choosing another. */
const LISTEN_FAILURES: Record<string, string> = {
  EADDRINUSE: 'is already in use',
  EACCES: 'needs privileges',
  EADDRNOTAVAIL: 'is not available here',
};

// Before app.js loads: instrumentations patch fastify, ioredis and pg as they are imported.
const telemetry = await startTelemetry(config.telemetry);
const { buildApp } = await import('./app/app.js');
const { startupBanner } = await import('./app/startup-banner.js');
let app;
try {
  app = await buildApp({ config });
} catch (error) {
  // By name: importing the store's module here would load pg before its instrumentation.
  if ((error as Error).name !== 'DatabaseUnavailableError') throw error;
  const { databaseStartFailure } = await import('./app/start-failures.js');
  console.error(databaseStartFailure(error as Error, config));
  process.exit(1);
}
let url: string;
try {
  url = await app.start();
} catch (error) {
  await app.stop().catch(() => undefined);
  const reason = LISTEN_FAILURES[(error as NodeJS.ErrnoException).code ?? ''];
  if (reason) {
    console.error(
      `Cannot listen on ${config.host}:${config.port}: it ${reason}. Choose another with PORT (and HOST), e.g. PORT=${config.port + 1} npm start`,
    );
    process.exit(1);
  }
  throw error;
}
const { banner, statuses } = await startupBanner(app, url, STARTUP_CHECK_TIMEOUT_MS);
console.log(banner);
for (const status of statuses.filter((entry) => !entry.ok)) {
  app.logger.warn({ dependency: status.name, reason: status.reason }, 'dependency failing at start');
}
if (config.clientAuth.open) {
  app.logger.warn(
    'client authentication is OFF: anyone who can reach this port reads every link. Set CLIENT_API_KEYS or JWT_HS256_SECRET / JWT_JWKS_FILE before exposing it',
  );
}
if (config.webhookAuthorizations.length === 0) {
  app.logger.warn('WEBHOOK_AUTHORIZATION is not set: anyone who can reach the webhook route can post events');
}

const SHUTDOWN_GRACE_MS = 5_000;
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    app.logger.info({ signal }, 'shutting down');
    app
      .stop()
      .then(() => telemetry?.shutdown())
      .then(
        () => {
          // Everything is closed, so the process ends by itself with code 0. If a forgotten timer or
          // socket keeps it alive, that is a bug: say so and end anyway.
          setTimeout(() => {
            app.logger.error('open handles kept the process alive after shutdown');
            process.exit(1);
          }, SHUTDOWN_GRACE_MS).unref();
        },
        (error: unknown) => {
          app.logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  });
}
