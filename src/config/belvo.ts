/** Belvo: the keys that choose the mode, the client's limits, the rate budget and the webhooks' token and senders. */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { Refusal, credentialedUrl, custom, int, text } from './setting.js';
import { webhookSenderSettings } from './webhook-senders.js';

export type Mode = 'embedded' | 'real';

/** The gateway's share of Belvo's rate limit (see belvo/budget.ts); shared through Redis when configured. */
const budget = z.object({
  requests: int(
    'BELVO_BUDGET_REQUESTS',
    { default: 80, min: 1, max: 1_000_000 },
    'Belvo calls per window, for this gateway (all instances together with Redis)',
  ),
  windowMs: int(
    'BELVO_BUDGET_WINDOW_MS',
    { default: 30_000, min: 1, max: 60 * 60_000 },
    "the window: a call's token returns this long after the call ended",
  ),
  deletes: int(
    'BELVO_BUDGET_DELETES',
    { default: 5, min: 1, max: 1_000_000 },
    'synchronous deletes per delete window',
  ),
  deleteWindowMs: int(
    'BELVO_BUDGET_DELETE_WINDOW_MS',
    { default: 60_000, min: 1, max: 60 * 60_000 },
    'the delete window',
  ),
  queueMax: int(
    'BELVO_BUDGET_QUEUE_MAX',
    { default: 1_000, min: 0, max: 1_000_000 },
    'callers waiting for a token, per kind (reads, deletes); more get `RATE_LIMITED` at once (0: nobody waits)',
  ),
  backgroundSharePercent: int(
    'BELVO_BUDGET_BACKGROUND_SHARE_PERCENT',
    { default: 20, min: 1, max: 100 },
    'most of the budget background work may take (checks of webhooks for unknown links, rollback deletes, readiness), in percent',
  ),
  interactiveReservePercent: int(
    'BELVO_BUDGET_INTERACTIVE_RESERVE_PERCENT',
    { default: 20, min: 0, max: 90 },
    "share of the budget that pushes and background work leave to people's queries and `createLink`, in percent",
  ),
  pushReadDeadlineMs: int(
    'BELVO_PUSH_READ_DEADLINE_MS',
    { default: 120_000, min: 1_000, max: 60 * 60_000 },
    "how long a push's read may wait for the budget before the push carries `RATE_LIMITED` instead of data",
  ),
  idsPerCall: int(
    'BELVO_IDS_PER_CALL',
    { default: 50, min: 1, max: 100 },
    'link ids per `link__in` / `id__in` call (50 UUIDs keep the URL near 2 KB)',
  ),
  pauseMs: int(
    'BELVO_BUDGET_PAUSE_MS',
    { default: 5_000, min: 0, max: 60 * 60_000 },
    'how long a 429 without `Retry-After` pauses every caller',
  ),
});

export type UpstreamBudgetConfig = z.infer<typeof budget>;

const belvo = z.object({
  baseUrl: credentialedUrl(
    'BELVO_BASE_URL',
    {},
    'e.g. `https://api.belvo.com`; with the two keys below switches to real mode',
  ),
  secretId: text('BELVO_SECRET_ID', { secret: true }, 'Belvo secret key id'),
  secretPassword: text('BELVO_SECRET_PASSWORD', { secret: true }, 'Belvo secret key password'),
  timeoutMs: int(
    'BELVO_TIMEOUT_MS',
    { default: 10_000, min: 100, max: 120_000 },
    'deadline of one Belvo call, retries included',
  ),
  maxRetries: int(
    'BELVO_MAX_RETRIES',
    { default: 3, min: 0, max: 10 },
    'retries of idempotent calls (GET) on 5xx, 408, 429, `too_many_sessions`, network errors; `POST /api/links/` is never retried',
  ),
  retryBaseMs: int(
    'BELVO_RETRY_BASE_MS',
    { default: 250, min: 1, max: 60_000 },
    'base of the exponential backoff (full jitter); `Retry-After` wins when present',
  ),
  maxResponseBytes: int(
    'BELVO_MAX_RESPONSE_BYTES',
    { default: 20 * 1024 * 1024, min: 1024, max: 512 * 1024 * 1024 },
    'larger Belvo responses are refused',
  ),
  connections: int('BELVO_CONNECTIONS', { default: 10, min: 1, max: 256 }, 'keep-alive connections to Belvo'),
  pageSize: int(
    'BELVO_PAGE_SIZE',
    { default: 1000, min: 1, max: 1000 },
    "page size for list reads (Belvo's maximum)",
  ),
  circuitFailures: int(
    'BELVO_CIRCUIT_FAILURES',
    { default: 5, min: 1, max: 1_000 },
    'failed Belvo calls in a row, per endpoint class, that open its circuit (4xx never count)',
  ),
  circuitCooldownMs: int(
    'BELVO_CIRCUIT_COOLDOWN_MS',
    { default: 10_000, min: 100, max: 10 * 60_000 },
    'how long the open circuit fails calls at once before one trial call',
  ),
  budget,
});

const KEYS = ['secretId', 'secretPassword', 'baseUrl'] as const;

/** Real mode needs all three keys; one or two are a mistake, not a request for embedded mode. */
const belvoKeys = belvo.superRefine((settings, ctx) => {
  const missing = KEYS.filter((key) => settings[key] === undefined);
  if (missing.length > 0 && missing.length < KEYS.length) {
    ctx.addIssue({
      code: 'custom',
      path: [missing[0]!],
      message: 'is required when any of BELVO_SECRET_ID, BELVO_SECRET_PASSWORD, BELVO_BASE_URL is set',
    });
  }
});

/** The header value Belvo sends verbatim: the webhook route compares it in constant time. */
function authorizationValue(raw: string): string {
  if (!/^(Bearer|Basic) \S+$/.test(raw))
    throw new Refusal('must look like "Bearer <token>" or "Basic <base64>"');
  return raw;
}

const WEBHOOK_AUTHORIZATION_DOC =
  "accepted `Authorization` value of Belvo's webhooks, `Bearer …` or `Basic …`; unset in real mode = unchecked (warned at start)";

export const belvoSettings = {
  belvo: belvoKeys,
  webhookAuthorization: custom(
    'WEBHOOK_AUTHORIZATION',
    authorizationValue,
    { secret: true, shown: 'random in embedded mode' },
    WEBHOOK_AUTHORIZATION_DOC,
  ),
  webhookAuthorizationPrevious: custom(
    'WEBHOOK_AUTHORIZATION_PREVIOUS',
    authorizationValue,
    { secret: true },
    'the value before `WEBHOOK_AUTHORIZATION`, accepted too while Belvo is switched over (rotation)',
  ),
  ...webhookSenderSettings,
};

type BelvoSettings = z.infer<typeof belvo>;

export const modeOf = (settings: BelvoSettings): Mode =>
  KEYS.every((key) => settings[key] !== undefined) ? 'real' : 'embedded';

/** Random per process: the embedded simulator's keys never leave the process. */
const embeddedSecret = () => `embedded-${randomBytes(12).toString('base64url')}`;

export function resolveBelvo(settings: BelvoSettings) {
  return {
    ...settings,
    // In embedded mode the base URL is the simulator's, known once it listens.
    baseUrl: settings.baseUrl ?? '',
    secretId: settings.secretId ?? embeddedSecret(),
    secretPassword: settings.secretPassword ?? embeddedSecret(),
  };
}

/**
 * Accepted `Authorization` values for Belvo's webhooks; two allow rotation. Embedded mode makes up
 * a random one and tells its simulator, so the simulator's webhooks are checked like Belvo's.
 */
export function resolveWebhookAuthorizations(
  current: string | undefined,
  previous: string | undefined,
  mode: Mode,
): string[] {
  const values = [current, previous].filter((value) => value !== undefined);
  if (values.length === 0 && mode === 'embedded') return [`Bearer ${randomBytes(24).toString('base64url')}`];
  return values;
}
