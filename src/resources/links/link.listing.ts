import type { BelvoLink, ListFilters, Page } from '../../belvo/contract/types.js';
import { INSTITUTION } from '../../belvo/contract/types.js';
import { rangeParam } from '../../graphql-kit/date-range.js';
import type { GatewayContext } from '../context.js';
import {
  decodeOffsetCursor,
  decodeSeqCursor,
  encodeOffsetCursor,
  encodeSeqCursor,
} from './link.connection.js';
import type { LinkFilter } from './link.inputs.js';
import { linksPage } from './link.pages.js';

/**
 * A non-admin principal lists only its own links, from the registry (newest first, any number),
 * read through the cached loader (`id__in` batches).
 */
export async function ownedLinkWindow(
  ctx: GatewayContext,
  filter: LinkFilter | null | undefined,
  after: string | null | undefined,
  first: number,
) {
  const page = await ctx.store.links.page(ctx.principal.id, filter ?? {}, decodeSeqCursor(after), first);
  const loaded = await ctx.loaders.link.loadMany(page.links.map((link) => link.id));
  // A link deleted at Belvo behind the gateway's back is left out rather than failing the page.
  const items = page.links.flatMap((entry, index) => {
    const link = loaded[index];
    return link instanceof Error || link === undefined ? [] : [{ link, cursor: encodeSeqCursor(entry.seq) }];
  });
  return { items, totalCount: page.totalCount, hasNextPage: page.hasNextPage };
}

/**
 * An admin lists Belvo's own list: `[offset, offset + first)` read with Belvo pages of size
 * `first`, one page, two when misaligned.
 */
export async function linkWindow(
  ctx: GatewayContext,
  filter: LinkFilter | null | undefined,
  after: string | null | undefined,
  first: number,
) {
  const offset = decodeOffsetCursor(after);
  const filters: ListFilters = {
    institution: INSTITUTION,
    external_id: filter?.externalId ?? undefined,
    status: filter?.status ?? undefined,
    access_mode: filter?.accessMode ?? undefined,
    created_at__range: filter?.createdAt ? rangeParam(filter.createdAt) : undefined,
  };
  const firstPage = Math.floor(offset / first) + 1;
  const skip = offset % first;
  const pages: Page<BelvoLink>[] = [];
  for (const page of skip === 0 ? [firstPage] : [firstPage, firstPage + 1]) {
    const fetched = await linksPage(ctx, filters, page, first);
    pages.push(fetched);
    if (fetched.next === null) break;
  }
  const links = pages.flatMap((page) => page.results).slice(skip, skip + first);
  const totalCount = pages[0]?.count ?? 0;
  return {
    items: links.map((link, index) => ({ link, cursor: encodeOffsetCursor(offset + index) })),
    totalCount,
    hasNextPage: offset + links.length < totalCount,
  };
}
