/** The Belvo simulator: its timings and Belvo's limits as it enforces them; and `npm run sandbox`. */
import { z } from 'zod';
import { Refusal, custom, int, text } from './setting.js';

const MAX_DELAY_MS = 600_000;
const HOUR_MS = 60 * 60_000;

function webhookUrl(raw: string): string {
  try {
    new URL(raw);
  } catch {
    throw new Refusal('must be an absolute URL');
  }
  return raw;
}

/** Only `npm run sandbox` (src/sandbox/main.ts) reads these: the simulator alone, for curl. */
const standalone = z.object({
  port: int('SANDBOX_PORT', { default: 4010, min: 0, max: 65535 }, '`npm run sandbox`: its port'),
  secretId: text('SANDBOX_SECRET_ID', { default: 'sandbox-id' }, '`npm run sandbox`: the Basic auth user'),
  secretPassword: text(
    'SANDBOX_SECRET_PASSWORD',
    { default: 'sandbox-password', secret: true },
    '`npm run sandbox`: the Basic auth password',
  ),
  webhookUrl: custom(
    'SANDBOX_WEBHOOK_URL',
    webhookUrl,
    { shown: 'unset: no webhooks' },
    '`npm run sandbox`: where it posts webhooks',
  ),
  webhookAuthorization: text(
    'SANDBOX_WEBHOOK_AUTHORIZATION',
    { secret: true },
    '`npm run sandbox`: the `Authorization` header of its webhooks',
  ),
});

const sandbox = z.object({
  extractionDelayMs: int(
    'SANDBOX_EXTRACTION_DELAY_MS',
    { default: 15_000, min: 0, max: MAX_DELAY_MS },
    'embedded simulator: delay before data and webhooks',
  ),
  recurrentIntervalMs: int(
    'SANDBOX_RECURRENT_INTERVAL_MS',
    { default: 120_000, min: 0, max: 7 * 24 * HOUR_MS },
    'embedded simulator: new employments for recurrent links (0 = never)',
  ),
  latencyMs: int(
    'SANDBOX_LATENCY_MS',
    { default: 0, min: 0, max: 60_000 },
    'embedded simulator: added latency per request',
  ),
  webhookRetryDelayMs: int(
    'SANDBOX_WEBHOOK_RETRY_DELAY_MS',
    { default: 2_000, min: 0, max: MAX_DELAY_MS },
    'embedded simulator: linear backoff step of webhook redelivery',
  ),
  rateLimitRequests: int(
    'SANDBOX_RATE_LIMIT_REQUESTS',
    { default: 80, min: 0, max: 1_000_000 },
    'embedded simulator: requests per window before it answers 429 (0 = no limit)',
  ),
  rateLimitWindowMs: int(
    'SANDBOX_RATE_LIMIT_WINDOW_MS',
    { default: 30_000, min: 1, max: HOUR_MS },
    'embedded simulator: its sliding window',
  ),
  deleteLimit: int(
    'SANDBOX_DELETE_LIMIT',
    { default: 5, min: 0, max: 1_000_000 },
    'embedded simulator: synchronous deletes per delete window before 429 (0 = no limit)',
  ),
  deleteLimitWindowMs: int(
    'SANDBOX_DELETE_LIMIT_WINDOW_MS',
    { default: 60_000, min: 1, max: HOUR_MS },
    'embedded simulator: its delete window',
  ),
  // `npm start` runs for days.
  requestLogMax: int(
    'SANDBOX_REQUEST_LOG_MAX',
    { default: 10_000, min: 1, max: 10_000_000 },
    'embedded simulator: requests remembered for counting (oldest forgotten first)',
  ),
  standalone,
});

export type SandboxConfig = z.infer<typeof sandbox>;

export const simulatorSettings = { sandbox };
