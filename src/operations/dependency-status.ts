import { BelvoError, BelvoErrorCode } from '../belvo/errors.js';
import { errorCode } from '../observability/repeated-errors.js';
import { settleWithin } from '../kit/settle-within.js';

/** One thing the gateway depends on, checked at start (for the banner) and by `/readyz`. */
export interface DependencyCheck {
  name: string;
  /** A failing critical check makes the gateway not ready (503); any other only degraded (200). */
  critical: boolean;
  /** Resolves when the dependency answers; rejects (or exceeds the timeout) when it does not. */
  check: () => Promise<void>;
  /** Why it failed, in a few words an operator can act on; never a value from the dependency. */
  explain?: (error: unknown) => string;
}

export interface DependencyStatus {
  name: string;
  critical: boolean;
  ok: boolean;
  /** Set when not ok. */
  reason?: string;
}

class CheckTimeout extends Error {}

/** Runs every check at once, each within `timeoutMs`. Never rejects. */
export function probeDependencies(checks: DependencyCheck[], timeoutMs: number): Promise<DependencyStatus[]> {
  return Promise.all(
    checks.map(async ({ name, critical, check, explain }) => {
      try {
        await settleWithin(check(), timeoutMs, () => {
          throw new CheckTimeout();
        });
        return { name, critical, ok: true };
      } catch (error) {
        const reason =
          error instanceof CheckTimeout
            ? `no answer within ${timeoutMs} ms`
            : (explain ?? explainConnectionFailure)(error);
        return { name, critical, ok: false, reason };
      }
    }),
  );
}

/** What a failed call to Belvo's `GET /api/` with the gateway's keys says about Belvo. */
export function explainBelvoFailure(error: unknown): string {
  if (!(error instanceof BelvoError)) return 'check failed';
  switch (error.code) {
    case BelvoErrorCode.BELVO_API_ERROR:
      if (error.status === 401)
        return 'keys refused (HTTP 401): check BELVO_SECRET_ID and BELVO_SECRET_PASSWORD';
      if (error.status === 403)
        return 'keys not allowed here (HTTP 403): check the keys match BELVO_BASE_URL';
      if (error.status === 429) return 'rate limited (HTTP 429)';
      return `answered HTTP ${error.status ?? 'error'}`;
    case BelvoErrorCode.BELVO_NETWORK_ERROR:
      return `unreachable (${networkCode(error)})`;
    case BelvoErrorCode.BELVO_TIMEOUT:
      return 'no answer in time (BELVO_TIMEOUT_MS)';
    case BelvoErrorCode.BELVO_CIRCUIT_OPEN:
      return 'circuit breaker open after repeated failures';
    default:
      return 'answered something that is not Belvo (check BELVO_BASE_URL)';
  }
}

/** Redis, PostgreSQL: the errno code of a network failure, else the error's class. */
export function explainConnectionFailure(error: unknown): string {
  const code = networkCode(error);
  return code === 'ECONNREFUSED'
    ? 'unreachable (ECONNREFUSED: nothing listens there)'
    : code === 'ENOTFOUND'
      ? 'unreachable (ENOTFOUND: unknown host)'
      : `failing (${code})`;
}

/** The errno code of an error or of its cause (undici and ioredis wrap them). */
function networkCode(error: unknown): string {
  if (typeof error === 'string') return error;
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const code = errorCode(current);
    if (/^E[A-Z]+$/.test(code) || code.startsWith('UND_ERR')) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return errorCode(error);
}
