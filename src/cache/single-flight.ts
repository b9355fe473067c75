import { LRUCache } from 'lru-cache';

/**
 * Far above the keys one instance reads at once. lru-cache allocates its slots up front, so this is
 * not set higher than needed; a flight pushed out by a flood only costs one more read of its key.
 */
const MAX_FLIGHTS = 10_000;

/**
 * Reads of the same cache keys that overlap in time share one execution, across every request of
 * this instance: the first caller leads, later ones join its promise. A flight ends only once the
 * leader has filled the cache, so a caller arriving after it ends finds the value there instead of
 * asking Belvo again (no gap between "in flight" and "cached").
 */
export class SingleFlight {
  /** Flights under way never expire; a finished one that lingers carries its own TTL. */
  private readonly flights = new LRUCache<string, Promise<unknown>>({ max: MAX_FLIGHTS, ttlAutopurge: true });

  /**
   * `lingerMs`: how long a finished flight whose value went to the cache may still be joined. The
   * cache write can be slow or give up (a busy Redis), and a read arriving meanwhile would miss and
   * ask Belvo again; the value is the one just cached, and invalidation (`forget`) drops it at once.
   */
  constructor(private readonly lingerMs = 0) {}

  /** The flight carrying `key`, if one is under way. */
  get<T>(key: string): Promise<T> | undefined {
    return this.flights.get(key) as Promise<T> | undefined;
  }

  /**
   * Runs `read` for `keys` and publishes each key's result to callers that arrive while it runs.
   * Keys must not already be in flight (check with `get` first). Keys for which `cached` holds
   * stay joinable for `lingerMs` after the read.
   */
  async lead<T>(
    keys: readonly string[],
    read: () => Promise<Map<string, T>>,
    cached: (value: T | undefined) => boolean = () => false,
  ): Promise<Map<string, T>> {
    const all = read();
    // Registered synchronously, before any await: nothing can slip between the check and the lead.
    const mine = new Map<string, Promise<unknown>>();
    for (const key of keys) {
      const one = all.then((results) => results.get(key));
      // Joiners handle rejections; an unjoined flight must not surface as an unhandled rejection.
      one.catch(() => undefined);
      mine.set(key, one);
      this.flights.set(key, one);
    }
    let results: Map<string, T> | undefined;
    try {
      results = await all;
      return results;
    } finally {
      for (const [key, one] of mine) {
        if (this.flights.get(key) !== one) continue;
        if (this.lingerMs > 0 && results && cached(results.get(key)))
          this.flights.set(key, one, { ttl: this.lingerMs });
        else this.flights.delete(key);
      }
    }
  }

  /** Later reads of these keys start afresh (their data changed while a flight may be running). */
  forget(keys: readonly string[]): void {
    for (const key of keys) this.flights.delete(key);
  }

  get size(): number {
    return this.flights.size;
  }
}
