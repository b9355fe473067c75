import DataLoader from 'dataloader';
import type { BelvoClient } from '../../belvo/client.js';
import type { BelvoOwner } from '../../belvo/types.js';
import { cacheKeys, type UpstreamCache } from '../../cache/cache.js';
import { groupByLink, readThrough } from '../read-through.js';

/** Owners of many links in one request become `GET /api/owners/?link__in=…` calls. */
export function createOwnersByLinkLoader(
  belvo: BelvoClient,
  cache: UpstreamCache,
): DataLoader<string, BelvoOwner[]> {
  return new DataLoader(async (linkIds) => {
    const results = await readThrough<BelvoOwner[]>(linkIds, {
      cache,
      cacheKey: cacheKeys.owners,
      fetchChunk: async (chunk) => groupByLink(chunk, await belvo.allOwners({ link__in: chunk })),
      cacheable: (items) => items.length > 0,
    });
    return results.map((result) => result ?? []);
  });
}
