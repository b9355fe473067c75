import DataLoader from 'dataloader';
import type { LinkAccess } from '../../auth/link-access.js';
import type { Item } from '../../belvo/client.js';
import { InvalidItemError } from '../../belvo/errors.js';
import type { BelvoLink } from '../../belvo/contract/types.js';
import { cacheKeys, type UpstreamCache } from '../../cache/cache.js';
import { notFound } from '../../errors/graphql-errors.js';
import type { BelvoReads } from '../../upstream/belvo-reads.js';
import type { ReadOptions } from '../../upstream/read-scheduler.js';
import { readThrough } from '../read-through.js';

/**
 * `link(id)` lookups, from the cache or through the scheduler's `id__in` calls. A link the caller
 * may not see is NOT_FOUND, exactly like one that does not exist, and is not even fetched. A link
 * that failed its schema fails its own id and is never cached.
 */
export function createLinkLoader(
  reads: BelvoReads,
  options: ReadOptions,
  cache: UpstreamCache,
  access: LinkAccess,
  onStale?: () => void,
): DataLoader<string, BelvoLink> {
  return new DataLoader(async (requested) => {
    const allowed = await access(requested);
    const ids = requested.filter((_, index) => allowed[index]);
    const found = new Map<string, BelvoLink | Error | undefined>();
    const results = await readThrough<Item<BelvoLink>>(ids, {
      cache,
      cacheKey: cacheKeys.link,
      cacheable: (link) => !(link instanceof InvalidItemError),
      fetchOne: (id) => reads.link(id, options),
      onStale,
    });
    ids.forEach((id, index) => found.set(id, results[index]));
    return requested.map((id) => found.get(id) ?? notFound('Link'));
  });
}
