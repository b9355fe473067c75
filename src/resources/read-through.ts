import DataLoader from 'dataloader';
import { InvalidItemError, isOutage } from '../belvo/errors.js';
import type { UpstreamCache } from '../cache/cache.js';

/** Ids per `__in` list call: 50 UUIDs keep the URL near 2 KB, well under common proxy limits. */
export const IN_CHUNK_SIZE = 50;

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

export interface ReadThroughOptions<T> {
  cache: UpstreamCache;
  cacheKey: (id: string) => string;
  /** Fetches one chunk of ids from Belvo; ids absent from the map were not found. */
  fetchChunk: (ids: string[]) => Promise<Map<string, T>>;
  /** Whether a value may be cached; empty data before extraction finishes must not stick. */
  cacheable?: (value: T) => boolean;
  /** Called when Belvo is down and an expired cached value is served instead. */
  onStale?: () => void;
}

/** What one id's read came to; shared as is with every request that joined the read. */
type Outcome<T> = { value: T | undefined; stale: boolean } | { error: Error };

/**
 * The batch function behind every loader: cache first, then one Belvo call per chunk of misses.
 * A failed chunk fails only its own ids (DataLoader's per-key errors); absent ids resolve to
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
  const chunks = chunk(missing, IN_CHUNK_SIZE);
  const settled = await Promise.allSettled(chunks.map((ids) => options.fetchChunk(ids)));
  const toCache: Array<{ key: string; value: unknown }> = [];
  settled.forEach((outcome, index) => {
    for (const id of chunks[index] as string[]) {
      const key = options.cacheKey(id);
      if (outcome.status === 'rejected') {
        const fallback = stale.get(id);
        if (fallback !== undefined && isOutage(outcome.reason)) {
          results.set(key, { value: fallback, stale: true });
          continue;
        }
        const error = outcome.reason instanceof Error ? outcome.reason : new Error(String(outcome.reason));
        results.set(key, { error });
        continue;
      }
      const value = outcome.value.get(id);
      results.set(key, { value, stale: false });
      if (value !== undefined && (options.cacheable?.(value) ?? true)) toCache.push({ key, value });
    }
  });
  await options.cache.setMany(toCache);
  return results;
}

/**
 * Groups list results by their `link`, with an entry (maybe empty) for every requested link. An
 * item that failed its schema goes to its link when that much was readable (or when the chunk asked
 * for one link only); otherwise it belongs nowhere and is dropped (it was logged when read).
 */
export function groupByLink<T extends { link: string }>(
  ids: readonly string[],
  items: ReadonlyArray<T | InvalidItemError>,
): Map<string, Array<T | InvalidItemError>> {
  const groups = new Map<string, Array<T | InvalidItemError>>(ids.map((id) => [id, []]));
  for (const item of items) {
    const link =
      item instanceof InvalidItemError ? (item.linkId ?? (ids.length === 1 ? ids[0] : undefined)) : item.link;
    if (link !== undefined) groups.get(link)?.push(item);
  }
  return groups;
}

/** A list holding an item that failed its schema is never cached: the next read asks Belvo again. */
export const wholeList = (items: readonly unknown[]) =>
  items.length > 0 && !items.some((item) => item instanceof InvalidItemError);

/**
 * A loader of per-link lists (employments, owners): batched into `link__in` calls, cached per link,
 * with an empty list for a link that has no data yet (which is not cached).
 */
export function createByLinkLoader<T extends { link: string }>(
  cache: UpstreamCache,
  cacheKey: (linkId: string) => string,
  fetchAll: (linkIds: string[]) => Promise<Array<T | InvalidItemError>>,
  onStale?: () => void,
  /** Told when a link has no data yet. */
  onEmpty?: () => void,
): DataLoader<string, Array<T | InvalidItemError>> {
  return new DataLoader(async (linkIds) => {
    const results = await readThrough<Array<T | InvalidItemError>>(linkIds, {
      cache,
      cacheKey,
      fetchChunk: async (chunk) => groupByLink(chunk, await fetchAll(chunk)),
      cacheable: wholeList,
      onStale,
    });
    return results.map((result) => {
      if (result === undefined || (Array.isArray(result) && result.length === 0)) onEmpty?.();
      return result ?? [];
    });
  });
}
