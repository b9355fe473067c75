import type DataLoader from 'dataloader';
import type { BelvoClient, Item } from '../../belvo/client.js';
import type { BelvoEmployment } from '../../belvo/contract/types.js';
import { cacheKeys, type UpstreamCache } from '../../cache/cache.js';
import { createByLinkLoader } from '../read-through.js';

/** Employments of many links in one request become `GET /api/co/employments/?link__in=…` calls. */
export function createEmploymentsByLinkLoader(
  belvo: BelvoClient,
  cache: UpstreamCache,
  onStale?: () => void,
  onEmpty?: () => void,
): DataLoader<string, Array<Item<BelvoEmployment>>> {
  return createByLinkLoader(
    cache,
    cacheKeys.employments,
    (linkIds) => belvo.allEmployments({ link__in: linkIds }),
    onStale,
    onEmpty,
  );
}
