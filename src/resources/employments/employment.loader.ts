import type DataLoader from 'dataloader';
import type { Item } from '../../belvo/client.js';
import type { BelvoEmployment } from '../../belvo/contract/types.js';
import { cacheKeys, type UpstreamCache } from '../../cache/cache.js';
import type { BelvoReads } from '../../upstream/belvo-reads.js';
import type { ReadOptions } from '../../upstream/read-scheduler.js';
import { createByLinkLoader } from '../read-through.js';

/** Employments of links, from the cache or through the scheduler's `link__in` calls. */
export function createEmploymentsByLinkLoader(
  reads: BelvoReads,
  options: ReadOptions,
  cache: UpstreamCache,
  onStale?: () => void,
  onEmpty?: () => void,
): DataLoader<string, Array<Item<BelvoEmployment>>> {
  return createByLinkLoader(
    cache,
    cacheKeys.employments,
    (linkId) => reads.employments(linkId, options),
    onStale,
    onEmpty,
  );
}
