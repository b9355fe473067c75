import type { Config } from '../config.js';
import { behaviourFrom } from '../sandbox/options.js';
import { BelvoSandbox } from '../sandbox/server.js';

/** Embedded mode: the Belvo simulator in this process, configured from the SANDBOX_* settings. */
export async function startEmbeddedSandbox(config: Config): Promise<BelvoSandbox> {
  const sandbox = new BelvoSandbox({
    secretId: config.belvo.secretId,
    secretPassword: config.belvo.secretPassword,
    host: '127.0.0.1',
    ...behaviourFrom(config.sandbox),
  });
  sandbox.faults.latencyMs = config.sandbox.latencyMs;
  await sandbox.start();
  return sandbox;
}

/** The simulator posts its webhooks to the gateway's own route, over real HTTP, like Belvo would. */
export function pointWebhooksAt(
  sandbox: BelvoSandbox,
  config: Config,
  port: number,
  webhookPath: string,
): void {
  sandbox.setWebhookTarget({
    url: `http://${loopbackFor(config.host)}:${port}${webhookPath}`,
    authorization: config.webhookAuthorizations[0],
  });
}

/** Where this machine reaches its own listener, whatever interface it listens on. */
const loopbackFor = (host: string) => (host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host);
