import { CACHED_RESOURCES, type CachedResource, type UpstreamCache } from './cache.js';
import { newLinkPagesGeneration } from './link-pages.js';

/**
 * The one way a change to Belvo data reaches the caches: a webhook's news, a created or a deleted
 * link. The link's cached reads of the changed `resources` (all, by default) are dropped first, and
 * every cached list page when the link itself changed; only then are the listeners told (the
 * response cache), so an answer computed from the old copies is never stored as new. Other
 * instances hear of it through the response cache's own Redis channel.
 */
export async function dataChanged(
  cache: UpstreamCache,
  linkId?: string,
  resources: readonly CachedResource[] = CACHED_RESOURCES,
): Promise<void> {
  await Promise.all([
    linkId === undefined ? undefined : cache.invalidateLink(linkId, resources),
    resources.includes('link') ? newLinkPagesGeneration(cache) : undefined,
  ]);
  cache.changed();
}
