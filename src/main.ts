/** `npm start`: the gateway, with the embedded Belvo simulator unless Belvo keys are configured. */
import 'reflect-metadata';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const app = await buildApp({ config });
const url = await app.start();
const lines = [
  `Belvo employments gateway is up (${config.mode} mode)`,
  `  GraphQL explorer:  ${url}/graphql`,
  `  GraphQL endpoint:  ${url}/graphql (HTTP POST/GET; WebSocket for subscriptions)`,
  `  Belvo upstream:    ${config.mode === 'embedded' ? `embedded simulator at ${app.sandbox?.url}` : config.belvo.baseUrl}`,
  `  Cache:             ${app.cache.backend}`,
];
console.log(lines.join('\n'));

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    app.logger.info({ signal }, 'shutting down');
    app.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        app.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
