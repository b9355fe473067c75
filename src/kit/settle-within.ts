/**
 * Settles like `promise`, or with `onTimeout()` if `ms` pass first. The timer is cleared either way,
 * so a fast answer leaves nothing behind to keep the process alive.
 */
export async function settleWithin<T, F>(
  promise: Promise<T>,
  ms: number,
  onTimeout: () => F,
): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<F>((resolve) => (timer = setTimeout(() => resolve(onTimeout()), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
