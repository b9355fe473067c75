/** `npm run sandbox`: the Belvo simulator on its own, for poking at the contract with curl. */
import { ConfigError, loadConfig, loadEnvFile, type Config } from '../config.js';
import { behaviourFrom } from './options.js';
import { BelvoSandbox } from './server.js';

let config: Config;
try {
  loadEnvFile();
  config = loadConfig();
} catch (error) {
  // A setting the user can fix: its message, not a stack trace.
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
const { host, sandbox: settings } = config;
const { standalone } = settings;
const sandbox = new BelvoSandbox({
  secretId: standalone.secretId,
  secretPassword: standalone.secretPassword,
  host,
  port: standalone.port,
  ...behaviourFrom(settings),
  webhook: standalone.webhookUrl
    ? { url: standalone.webhookUrl, authorization: standalone.webhookAuthorization }
    : undefined,
});
sandbox.faults.latencyMs = settings.latencyMs;
const url = await sandbox.start().catch((error: NodeJS.ErrnoException) => {
  if (error.code !== 'EADDRINUSE') throw error;
  console.error(`Port ${standalone.port} is already in use; set SANDBOX_PORT to another one.`);
  process.exit(1);
});
console.log(`Belvo simulator listening on ${url}`);
console.log(`  Basic auth: ${standalone.secretId} / (SANDBOX_SECRET_PASSWORD or the default)`);
console.log(`  Webhooks:   ${standalone.webhookUrl ?? 'not sent (set SANDBOX_WEBHOOK_URL)'}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void sandbox.stop().then(() => process.exit(0)));
}
