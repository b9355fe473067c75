import DataLoader from 'dataloader';
import type { BelvoClient } from '../../belvo/client.js';
import type { BelvoEmployment } from '../../belvo/types.js';
import { cacheKeys, type UpstreamCache } from '../../cache/cache.js';
import { groupByLink, readThrough } from '../read-through.js';

/** Employments of many links in one request become `GET /api/co/employments/?link__in=…` calls. */
export function createEmploymentsByLinkLoader(
  belvo: BelvoClient,
  cache: UpstreamCache,
): DataLoader<string, BelvoEmployment[]> {
  return new DataLoader(async (linkIds) => {
    const results = await readThrough<BelvoEmployment[]>(linkIds, {
      cache,
      cacheKey: cacheKeys.employments,
      fetchChunk: async (chunk) => groupByLink(chunk, await belvo.allEmployments({ link__in: chunk })),
      cacheable: (items) => items.length > 0,
    });
    return results.map((result) => result ?? []);
  });
}
