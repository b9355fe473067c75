import DataLoader from 'dataloader';
import type { BelvoClient } from '../../belvo/client.js';
import { INSTITUTION, type BelvoLink } from '../../belvo/types.js';
import { cacheKeys, type UpstreamCache } from '../../cache/cache.js';
import { notFound } from '../../graphql/errors.js';
import { readThrough } from '../read-through.js';

/** `link(id)` lookups across one request become `GET /api/links/?id__in=…` calls. */
export function createLinkLoader(belvo: BelvoClient, cache: UpstreamCache): DataLoader<string, BelvoLink> {
  return new DataLoader(async (ids) => {
    const results = await readThrough<BelvoLink>(ids, {
      cache,
      cacheKey: cacheKeys.link,
      fetchChunk: async (chunk) => {
        const links = await belvo.allLinks({ id__in: chunk, institution: INSTITUTION });
        return new Map(links.map((link) => [link.id, link]));
      },
    });
    return results.map((result) => result ?? notFound('Link'));
  });
}
