/** `npm start`: the gateway, with the embedded Belvo simulator unless Belvo keys are configured. */
import 'reflect-metadata';
import { buildApp, WEBHOOK_PATH } from './app.js';
import { ConfigError, loadConfig, loadEnvFile } from './config.js';

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

const app = await buildApp({ config });
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
const lines = [
  `Belvo employments gateway is up (${config.mode} mode)`,
  `  GraphQL explorer:  ${url}/graphql`,
  `  GraphQL endpoint:  ${url}/graphql (HTTP POST/GET; WebSocket for subscriptions)`,
  `  Belvo upstream:    ${config.mode === 'embedded' ? `embedded simulator at ${app.sandbox?.url}` : config.belvo.baseUrl}`,
  `  Belvo webhooks:    ${url}${WEBHOOK_PATH}${config.mode === 'embedded' ? ' (the simulator posts here)' : ''}`,
  `  Cache:             ${app.cache.backend}`,
  `  Events, pub/sub:   ${app.events.bus.backend}`,
  `  Client auth:       ${config.clientAuth.open ? 'OFF (embedded, loopback only): every caller is admin' : 'API keys / JWT required'}`,
  `  Health, metrics:   ${url}/healthz  ${url}/readyz  ${url}/metrics`,
  `Try the whole flow: npm run demo   (in another terminal${config.port === 4000 ? '' : `, with GATEWAY_URL=${url}`})`,
];
console.log(lines.join('\n'));
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
    app.stop().then(
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
