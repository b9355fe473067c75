import { createHash, randomUUID } from 'node:crypto';
import type { ListFilters } from '../belvo/contract/types.js';
import type { UpstreamCache } from './cache.js';

/*
 * List pages are cached like everything else, under a "generation" that createLink, deleteLink
 * and every webhook replace, so a new, changed or deleted link shows up in lists at once. Filters are hashed:
 * an external id a client chose must not appear in a cache key.
 */

const GENERATION_KEY = 'links-pages:generation';

/** The key of one cached list page, in the current generation. */
export async function linkPageKey(
  cache: UpstreamCache,
  filters: ListFilters,
  page: number,
  size: number,
): Promise<string> {
  const [generation = 'initial'] = await cache.getMany<string>([GENERATION_KEY]);
  return `links-page:${generation}:${createHash('sha256')
    .update(JSON.stringify([filters, page, size]))
    .digest('base64url')}`;
}

/** Every cached list page is forgotten at once: a new generation starts. */
export function newLinkPagesGeneration(cache: UpstreamCache): Promise<void> {
  return cache.setMany([{ key: GENERATION_KEY, value: randomUUID() }]);
}
