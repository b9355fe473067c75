/**
 * A dependency the gateway keeps its state in is away for now: the database restarting, its pool
 * exhausted, Redis unreachable. Not a bug and not the caller's fault: the operation failed as a
 * whole and may simply be retried, so clients get `UNAVAILABLE` (retryable) and webhooks a 503.
 * Thrown where the driver's error is recognised (src/store/, src/redis/); everything above only
 * asks `unavailableIn`, never the driver's own codes or messages.
 */

export type StateDependency = 'database' | 'redis';

/** How long a client is told to wait: a restart or failover takes seconds, not minutes. */
export const UNAVAILABLE_RETRY_AFTER_MS = 2_000;

export class DependencyUnavailableError extends Error {
  readonly retryAfterMs = UNAVAILABLE_RETRY_AFTER_MS;
  /** The driver's code (ECONNREFUSED, 57P01), for logs and /readyz; never its message, which may name the host. */
  readonly code: string;

  constructor(
    readonly dependency: StateDependency,
    cause: unknown,
  ) {
    const code = codeOf(cause);
    super(`the ${dependency} is unavailable (${code})`, { cause });
    this.name = 'DependencyUnavailableError';
    this.code = code;
  }
}

/** `error` and what it wraps (`cause`; graphql-js's `originalError`, which graphql-ws and resolvers add), nearest first. */
export function* errorChain(error: unknown): Generator<object> {
  let current = error;
  for (let depth = 0; depth < 8 && typeof current === 'object' && current !== null; depth++) {
    yield current;
    const wrapper = current as { originalError?: unknown; cause?: unknown };
    current = wrapper.originalError ?? wrapper.cause;
  }
}

/** The DependencyUnavailableError in `error`'s chain; undefined when there is none. */
export function unavailableIn(error: unknown): DependencyUnavailableError | undefined {
  for (const link of errorChain(error)) if (link instanceof DependencyUnavailableError) return link;
  return undefined;
}

function codeOf(cause: unknown): string {
  const code = (cause as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code)) return code;
  return cause instanceof Error ? cause.name : 'unknown';
}
