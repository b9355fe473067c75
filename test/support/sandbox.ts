import { BelvoClient, type BelvoClientOptions } from '../../src/belvo/client.js';
import { BelvoSandbox, type SandboxOptions } from '../../src/sandbox/server.js';

export const SANDBOX_KEYS = { secretId: 'test-secret-id', secretPassword: 'test-secret-password' };

/** Belvo's rate limits off: only the tests about them turn them on. */
export const NO_RATE_LIMITS = { requests: 0, windowMs: 1, deletes: 0, deleteWindowMs: 1 };

/** A simulator on a random port with fast extraction, and a client for it. */
export async function startSandbox(options: Partial<SandboxOptions> = {}) {
  const sandbox = new BelvoSandbox({
    ...SANDBOX_KEYS,
    extractionDelayMs: 0,
    webhookRetryDelayMs: 20,
    rateLimit: NO_RATE_LIMITS,
    ...options,
  });
  const url = await sandbox.start();
  return { sandbox, url };
}

export function clientFor(url: string, options: Partial<BelvoClientOptions> = {}): BelvoClient {
  return new BelvoClient({
    baseUrl: url,
    ...SANDBOX_KEYS,
    timeoutMs: 3_000,
    maxRetries: 3,
    retryBaseMs: 5,
    maxResponseBytes: 1024 * 1024,
    connections: 4,
    pageSize: 1000,
    ...options,
  });
}

/** Polls until `check` holds; for waiting on background work without fixed sleeps. */
export async function eventually<T>(
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 5_000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** `count` links made at the simulator directly (not through the gateway), for cédulas from `firstCedula` on. */
export function sandboxLinks(sandbox: BelvoSandbox, count: number, firstCedula: number): string[] {
  return Array.from(
    { length: count },
    (_, i) =>
      sandbox.world.createLink({
        username: String(firstCedula + i),
        access_mode: 'single',
        fetch_resources: ['EMPLOYMENTS', 'OWNERS'],
        external_id: null,
        credentials_storage: 'store',
        stale_in: '365d',
      }).id,
  );
}
