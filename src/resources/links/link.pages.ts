import { createHash, randomUUID } from 'node:crypto';
import { BelvoError } from '../../belvo/errors.js';
import type { BelvoLink, ListFilters, Page } from '../../belvo/types.js';
import type { UpstreamCache } from '../../cache/cache.js';
import type { GatewayContext } from '../../graphql/context.js';

/*
 * List pages are cached like everything else, under a "generation" that createLink, deleteLink
 * and every webhook replace, so a new, changed or deleted link shows up in lists at once. Filters are hashed:
 * an external id a client chose must not appear in a cache key.
 */

const GENERATION_KEY = 'links-pages:generation';

const pageKey = (generation: string, filters: ListFilters, page: number, size: number) =>
  `links-page:${generation}:${createHash('sha256')
    .update(JSON.stringify([filters, page, size]))
    .digest('base64url')}`;

export async function linksPage(
  ctx: GatewayContext,
  filters: ListFilters,
  page: number,
  size: number,
): Promise<Page<BelvoLink>> {
  const [generation = 'initial'] = await ctx.cache.getMany<string>([GENERATION_KEY]);
  const key = pageKey(generation, filters, page, size);
  const [cached] = await ctx.cache.getMany<Page<BelvoLink>>([key]);
  if (cached) return cached;
  const fetched = await pageOrEmpty(ctx, filters, page, size);
  await ctx.cache.setMany([{ key, value: fetched }]);
  return fetched;
}

export function forgetLinkPages(cache: UpstreamCache): Promise<void> {
  return cache.setMany([{ key: GENERATION_KEY, value: randomUUID() }]);
}

/**
 * Belvo answers 404 past the last page; for a cursor that is simply the end of the list. The total
 * still comes from the first page (cached like any other), so `totalCount` stays true.
 */
async function pageOrEmpty(
  ctx: GatewayContext,
  filters: ListFilters,
  page: number,
  size: number,
): Promise<Page<BelvoLink>> {
  try {
    return await ctx.belvo.linksPage(filters, page, size);
  } catch (error) {
    if (error instanceof BelvoError && error.status === 404 && page > 1) {
      const { count } = await linksPage(ctx, filters, 1, size);
      return { count, next: null, previous: null, results: [] };
    }
    throw error;
  }
}
