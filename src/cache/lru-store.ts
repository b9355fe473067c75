import { LRUCache } from 'lru-cache';

/**
 * keyv's in-process store on lru-cache: bounded by `max`, the least recently used entries are the
 * ones forgotten, and each entry also expires on its own TTL. keyv hands a store the TTL in
 * milliseconds as `set`'s third argument, where lru-cache takes an options object (a bare number
 * makes it throw), hence this adapter rather than the cache itself.
 */
export function lruStore(max: number) {
  const entries = new LRUCache<string, object>({ max });
  return {
    get: (key: string) => entries.get(key),
    set: (key: string, value: object, ttl?: number) => {
      entries.set(key, value, { ttl });
      return true;
    },
    delete: (key: string) => entries.delete(key),
    clear: () => entries.clear(),
  };
}
