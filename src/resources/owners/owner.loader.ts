import type DataLoader from 'dataloader';
import type { Item } from '../../belvo/client.js';
import type { BelvoOwner } from '../../belvo/contract/types.js';
import { cacheKeys, type UpstreamCache } from '../../cache/cache.js';
import type { BelvoReads } from '../../upstream/belvo-reads.js';
import type { ReadOptions } from '../../upstream/read-scheduler.js';
import { createByLinkLoader } from '../read-through.js';

/** Owners of links, from the cache or through the scheduler's `link__in` calls. */
export function createOwnersByLinkLoader(
  reads: BelvoReads,
  options: ReadOptions,
  cache: UpstreamCache,
  onStale?: () => void,
  onEmpty?: () => void,
): DataLoader<string, Array<Item<BelvoOwner>>> {
  return createByLinkLoader(
    cache,
    cacheKeys.owners,
    (linkId) => reads.owners(linkId, options),
    onStale,
    onEmpty,
  );
}
