import { LRUCache } from 'lru-cache';

const RETAIN_MS = 60_000;
const MAX_ENTRIES = 1_000;

/**
 * One upstream fetch per key for everybody who asks at about the same time: when a webhook wakes a
 * hundred subscribers of one link, Belvo sees one request. A result is kept briefly so subscribers
 * that resolve a moment later (or replay the event) share it too; a failure is not kept.
 */
export class SharedFetch {
  private readonly entries: LRUCache<string, Promise<unknown>>;

  constructor(retainMs = RETAIN_MS) {
    this.entries = new LRUCache({ max: MAX_ENTRIES, ttl: retainMs });
  }

  run<T>(key: string, fetch: () => Promise<T>): Promise<T> {
    const shared = this.entries.get(key);
    if (shared) return shared as Promise<T>;
    const promise = fetch();
    this.entries.set(key, promise);
    promise.catch(() => {
      if (this.entries.get(key) === promise) this.entries.delete(key);
    });
    return promise;
  }
}
