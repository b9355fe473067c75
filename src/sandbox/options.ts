import type { SandboxConfig } from '../config.js';
import type { SandboxOptions } from './server.js';

/**
 * The simulator's behaviour from its SANDBOX_* settings: extraction and webhook timing, rate
 * limits, request log. The same for the embedded simulator and `npm run sandbox`; who it answers
 * to (credentials, host, port, webhook target) is each caller's.
 */
export const behaviourFrom = (settings: SandboxConfig) =>
  ({
    extractionDelayMs: settings.extractionDelayMs,
    recurrentIntervalMs: settings.recurrentIntervalMs,
    webhookRetryDelayMs: settings.webhookRetryDelayMs,
    rateLimit: {
      requests: settings.rateLimitRequests,
      windowMs: settings.rateLimitWindowMs,
      deletes: settings.deleteLimit,
      deleteWindowMs: settings.deleteLimitWindowMs,
    },
    requestLogMax: settings.requestLogMax,
  }) satisfies Partial<SandboxOptions>;
