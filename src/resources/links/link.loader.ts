import DataLoader from 'dataloader';
import type { LinkAccess } from '../../auth/link-access.js';
import type { BelvoClient } from '../../belvo/client.js';
import { InvalidItemError } from '../../belvo/errors.js';
import { INSTITUTION, type BelvoLink } from '../../belvo/contract/types.js';
import { cacheKeys, type UpstreamCache } from '../../cache/cache.js';
import { notFound } from '../../graphql-kit/errors.js';
import { readThrough } from '../read-through.js';

/**
 * `link(id)` lookups across one request become `GET /api/links/?id__in=…` calls. A link the caller
 * may not see is NOT_FOUND, exactly like one that does not exist, and is not even fetched.
 */
export function createLinkLoader(
  belvo: BelvoClient,
  cache: UpstreamCache,
  access: LinkAccess,
  onStale?: () => void,
  /** Told of links fresh from Belvo (not from the cache), so the registry's status stays current. */
  onFetched?: (links: BelvoLink[]) => Promise<void>,
): DataLoader<string, BelvoLink> {
  return new DataLoader(async (requested) => {
    const allowed = await access(requested);
    const ids = requested.filter((_, index) => allowed[index]);
    const found = new Map<string, BelvoLink | Error | undefined>();
    const results = await readThrough<BelvoLink | InvalidItemError>(ids, {
      cache,
      cacheKey: cacheKeys.link,
      cacheable: (link) => !(link instanceof InvalidItemError),
      fetchChunk: async (chunk) => {
        const links = await belvo.allLinks({ id__in: chunk, institution: INSTITUTION });
        // A link that failed its schema fails its own id (never cached); one without a readable id
        // reads as not found, which is all that can be said of it.
        await onFetched?.(links.filter((link): link is BelvoLink => !(link instanceof InvalidItemError)));
        const byId = new Map<string, BelvoLink | InvalidItemError>();
        for (const link of links) {
          const id = link instanceof InvalidItemError ? link.itemId : link.id;
          if (id !== undefined) byId.set(id, link);
        }
        return byId;
      },
      onStale,
    });
    ids.forEach((id, index) => found.set(id, results[index]));
    return requested.map((id) => found.get(id) ?? notFound('Link'));
  });
}
