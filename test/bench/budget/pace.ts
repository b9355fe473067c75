/**
 * Starts `count` jobs at a steady `rate` per second (job i at i / rate s), each without waiting for
 * the ones before it: a steady rate is the load under test, so this is the one place that sleeps.
 */
export async function atSteadyRate<T>(
  count: number,
  rate: number,
  job: (i: number) => Promise<T>,
): Promise<T[]> {
  const started = performance.now();
  const running: Array<Promise<T>> = [];
  for (let i = 0; i < count; i++) {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    running.push(job(i));
  }
  return Promise.all(running);
}
