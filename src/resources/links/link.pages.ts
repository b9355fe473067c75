import { BelvoError } from '../../belvo/errors.js';
import type { BelvoLink, ListFilters, Page } from '../../belvo/contract/types.js';
import { linkPageKey } from '../../cache/link-pages.js';
import type { GatewayContext } from '../context.js';

/** One page of the principal-independent Belvo list, read through the cache (see cache/link-pages.ts). */
export async function linksPage(
  ctx: GatewayContext,
  filters: ListFilters,
  page: number,
  size: number,
): Promise<Page<BelvoLink>> {
  const key = await linkPageKey(ctx.cache, filters, page, size);
  const [cached] = await ctx.cache.getMany<Page<BelvoLink>>([key]);
  if (cached) return cached;
  const fetched = await pageOrEmpty(ctx, filters, page, size);
  await ctx.cache.setMany([{ key, value: fetched }]);
  return fetched;
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
