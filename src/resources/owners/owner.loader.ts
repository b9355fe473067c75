import type DataLoader from 'dataloader';
import type { BelvoClient, Item } from '../../belvo/client.js';
import type { BelvoOwner } from '../../belvo/contract/types.js';
import { cacheKeys, type UpstreamCache } from '../../cache/cache.js';
import { createByLinkLoader } from '../read-through.js';

/** Owners of many links in one request become `GET /api/owners/?link__in=…` calls. */
export function createOwnersByLinkLoader(
  belvo: BelvoClient,
  cache: UpstreamCache,
  onStale?: () => void,
  onEmpty?: () => void,
): DataLoader<string, Array<Item<BelvoOwner>>> {
  return createByLinkLoader(
    cache,
    cacheKeys.owners,
    (linkIds) => belvo.allOwners({ link__in: linkIds }),
    onStale,
    onEmpty,
  );
}
