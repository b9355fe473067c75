/** Backoff helpers for the Belvo client: exponential with full jitter, and `Retry-After` parsing. */

export function backoffDelayMs(attempt: number, baseMs: number, random: () => number = Math.random): number {
  // Full jitter spreads retries of many concurrent callers instead of syncing them into bursts.
  return Math.round(random() * baseMs * 2 ** attempt);
}

/** `Retry-After` is either delta-seconds or an HTTP date; anything else is ignored. */
export function parseRetryAfterMs(
  header: string | string[] | undefined,
  now = Date.now(),
): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
