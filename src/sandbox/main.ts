/** `npm run sandbox`: the Belvo simulator on its own, for poking at the contract with curl. */
import { loadConfig } from '../config.js';
import { behaviourFrom } from './options.js';
import { BelvoSandbox } from './server.js';

const { host, sandbox: settings } = loadConfig();
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
const url = await sandbox.start();
console.log(`Belvo simulator listening on ${url}`);
console.log(`  Basic auth: ${standalone.secretId} / (SANDBOX_SECRET_PASSWORD or the default)`);
console.log(`  Webhooks:   ${standalone.webhookUrl ?? 'not sent (set SANDBOX_WEBHOOK_URL)'}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void sandbox.stop().then(() => process.exit(0)));
}
