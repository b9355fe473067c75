import { BoundedMap } from '../kit/bounded-map.js';

const RETAIN_MS = 60_000;
const MAX_ENTRIES = 1_000;

/**
 * One upstream fetch per key for everybody who asks at about the same time: when a webhook wakes a
 * hundred subscribers of one link, Belvo sees one request. A result is kept briefly so subscribers
 * that resolve a moment later (or replay the event) share it too; a failure is not kept.
 */
export class SharedFetch {
  private readonly entries = new BoundedMap<string, { promise: Promise<unknown>; expiresAt: number }>(
    MAX_ENTRIES,
  );

  constructor(
    private readonly retainMs = RETAIN_MS,
    private readonly now: () => number = Date.now,
  ) {}

  run<T>(key: string, fetch: () => Promise<T>): Promise<T> {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt > this.now()) return entry.promise as Promise<T>;
    const promise = fetch();
    this.entries.set(key, { promise, expiresAt: this.now() + this.retainMs });
    promise.catch(() => {
      if (this.entries.get(key)?.promise === promise) this.entries.delete(key);
    });
    return promise;
  }
}
