import DataLoader from 'dataloader';
import { InvalidItemError, isOutage } from '../belvo/errors.js';
import type { UpstreamCache } from '../cache/cache.js';

export interface ReadThroughOptions<T> {
  cache: UpstreamCache;
  cacheKey: (id: string) => string;
  /**
   * Reads one id from Belvo (undefined: not found). Each id is its own ask: the read scheduler
   * (upstream/) puts the asks of every request and push into shared `__in` calls.
   */
  fetchOne: (id: string) => Promise<T | undefined>;
  /** Whether a value may be cached; empty data before extraction finishes must not stick. */
  cacheable?: (value: T) => boolean;
  /** Called when Belvo is down and an expired cached value is served instead. */
  onStale?: () => void;
}

/** What one id's read came to; shared as is with every request that joined the read. */
type Outcome<T> = { value: T | undefined; stale: boolean } | { error: Error };

/**
 * The batch function behind every loader: cache first, then the misses through the read
 * scheduler. A failed read fails only its own ids (DataLoader's per-key errors); absent ids resolve to
 * undefined and the caller decides what that means. Ids another request of this instance is
 * already reading join that read (see SingleFlight), so concurrent identical queries cost one
 * Belvo call and one cache fill.
 */
export async function readThrough<T>(
  ids: readonly string[],
  options: ReadThroughOptions<T>,
): Promise<Array<T | Error | undefined>> {
  const flights = options.cache.flights;
  const joined = new Map<string, Promise<Outcome<T> | undefined>>();
  const led: string[] = [];
  for (const id of new Set(ids)) {
    const flight = flights.get<Outcome<T>>(options.cacheKey(id));
    if (flight) joined.set(id, flight);
    else led.push(id);
  }
  const ledKeys = led.map(options.cacheKey);
  const [own, others] = await Promise.all([
    led.length === 0
      ? new Map<string, Outcome<T>>()
      : flights.lead(
          ledKeys,
          () => readFresh(led, options),
          // What went to the cache may be joined a moment longer (see SingleFlight).
          (outcome) =>
            outcome !== undefined &&
            'value' in outcome &&
            !outcome.stale &&
            outcome.value !== undefined &&
            (options.cacheable?.(outcome.value) ?? true),
        ),
    Promise.all([...joined].map(async ([id, flight]) => [id, await flight] as const)),
  ]);
  const outcomes = new Map<string, Outcome<T> | undefined>(others);
  led.forEach((id, index) => outcomes.set(id, own.get(ledKeys[index] as string)));
  return ids.map((id) => {
    const outcome = outcomes.get(id);
    if (outcome === undefined) return undefined;
    if ('error' in outcome) return outcome.error;
    if (outcome.stale) options.onStale?.();
    return outcome.value;
  });
}

/** Cache lookup, Belvo calls for the misses, cache fill; outcomes keyed by cache key. */
async function readFresh<T>(ids: string[], options: ReadThroughOptions<T>): Promise<Map<string, Outcome<T>>> {
  const keys = ids.map(options.cacheKey);
  const cached = await options.cache.getEntries<T>(keys);
  const results = new Map<string, Outcome<T>>();
  const stale = new Map<string, T>();
  const missing: string[] = [];
  ids.forEach((id, index) => {
    const entry = cached[index];
    if (entry?.fresh) return results.set(options.cacheKey(id), { value: entry.value, stale: false });
    if (entry) stale.set(id, entry.value);
    missing.push(id);
  });
  const settled = await Promise.allSettled(missing.map((id) => options.fetchOne(id)));
  const toCache: Array<{ key: string; value: unknown }> = [];
  settled.forEach((outcome, index) => {
    const id = missing[index] as string;
    const key = options.cacheKey(id);
    if (outcome.status === 'rejected') {
      const fallback = stale.get(id);
      if (fallback !== undefined && isOutage(outcome.reason)) {
        results.set(key, { value: fallback, stale: true });
        return;
      }
      const error = outcome.reason instanceof Error ? outcome.reason : new Error(String(outcome.reason));
      results.set(key, { error });
      return;
    }
    const value = outcome.value;
    results.set(key, { value, stale: false });
    if (value !== undefined && (options.cacheable?.(value) ?? true)) toCache.push({ key, value });
  });
  await options.cache.setMany(toCache);
  return results;
}

/** A list holding an item that failed its schema is never cached: the next read asks Belvo again. */
export const wholeList = (items: readonly unknown[]) =>
  items.length > 0 && !items.some((item) => item instanceof InvalidItemError);

/**
 * A loader of per-link lists (employments, owners): read through the scheduler's `link__in` calls,
 * cached per link, with an empty list for a link that has no data yet (which is not cached).
 */
export function createByLinkLoader<T extends { link: string }>(
  cache: UpstreamCache,
  cacheKey: (linkId: string) => string,
  fetchOne: (linkId: string) => Promise<Array<T | InvalidItemError>>,
  onStale?: () => void,
  /** Told when a link has no data yet. */
  onEmpty?: () => void,
): DataLoader<string, Array<T | InvalidItemError>> {
  return new DataLoader(async (linkIds) => {
    const results = await readThrough<Array<T | InvalidItemError>>(linkIds, {
      cache,
      cacheKey,
      fetchOne,
      cacheable: wholeList,
      onStale,
    });
    return results.map((result) => {
      if (result === undefined || (Array.isArray(result) && result.length === 0)) onEmpty?.();
      return result ?? [];
    });
  });
}
