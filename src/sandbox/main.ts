/** `npm run sandbox`: the Belvo simulator on its own, for poking at the contract with curl. */
import { loadConfig } from '../config.js';
import { BelvoSandbox } from './server.js';

const config = loadConfig();
const env = process.env;
const sandbox = new BelvoSandbox({
  secretId: env.SANDBOX_SECRET_ID ?? 'sandbox-id',
  secretPassword: env.SANDBOX_SECRET_PASSWORD ?? 'sandbox-password',
  host: config.host,
  port: Number(env.SANDBOX_PORT ?? 4010),
  extractionDelayMs: config.sandbox.extractionDelayMs,
  recurrentIntervalMs: config.sandbox.recurrentIntervalMs,
  webhookRetryDelayMs: config.sandbox.webhookRetryDelayMs,
  rateLimit: {
    requests: config.sandbox.rateLimitRequests,
    windowMs: config.sandbox.rateLimitWindowMs,
    deletes: config.sandbox.deleteLimit,
    deleteWindowMs: config.sandbox.deleteLimitWindowMs,
  },
  requestLogMax: config.sandbox.requestLogMax,
  webhook: env.SANDBOX_WEBHOOK_URL
    ? { url: env.SANDBOX_WEBHOOK_URL, authorization: env.SANDBOX_WEBHOOK_AUTHORIZATION }
    : undefined,
});
sandbox.faults.latencyMs = config.sandbox.latencyMs;
const url = await sandbox.start();
console.log(`Belvo simulator listening on ${url}`);
console.log(
  `  Basic auth: ${env.SANDBOX_SECRET_ID ?? 'sandbox-id'} / (SANDBOX_SECRET_PASSWORD or the default)`,
);
console.log(`  Webhooks:   ${env.SANDBOX_WEBHOOK_URL ?? 'not sent (set SANDBOX_WEBHOOK_URL)'}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void sandbox.stop().then(() => process.exit(0)));
}
