import { GraphQLError } from 'graphql';
import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { INSTITUTION, type BelvoLink, type ListFilters, type Page } from '../../belvo/types.js';
import { deletedByGateway } from '../../events/link-event.js';
import { forgetLinkPages, linksPage } from './link.pages.js';
import { cacheKeys } from '../../cache/cache.js';
import type { GatewayContext } from '../../graphql/context.js';
import { inRange, rangeParam } from '../../graphql/date-range.js';
import { badUserInput } from '../../graphql/errors.js';
import { UUID } from '../../graphql/scalars.js';
import { FetchResource } from './link.enums.js';
import { CreateLinkInput, LinkFilter } from './link.inputs.js';
import { LinkConnection, decodeCursor, encodeCursor } from './link.connection.js';
import { toLink } from './link.mapper.js';
import { RefreshRequest } from './refresh-request.type.js';
import { Link } from './link.type.js';
import { validateCreateLink, validateDateRange, validateExternalId } from './link.validation.js';
import { createAtBelvo, deleteInBackground } from './create-at-belvo.js';

export const MAX_LINKS_PAGE = 200;

@Resolver(() => Link)
export class LinkResolver {
  @Query(() => Link, { description: 'One link by id. Fails with NOT_FOUND when Belvo does not know it.' })
  async link(
    @Arg('id', () => UUID, { description: 'The link id.' }) id: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<Link> {
    return toLink(await ctx.loaders.link.load(id));
  }

  @Query(() => LinkConnection, {
    description:
      "Links of this institution, filtered, as a cursor connection: the caller's own (the newest 1,000), or all of them for an admin.",
  })
  async links(
    @Ctx() ctx: GatewayContext,
    @Arg('filter', () => LinkFilter, { nullable: true, description: 'Optional filters.' })
    filter?: LinkFilter | null,
    @Arg('first', () => Int, { defaultValue: 20, description: `Page size, 1 to ${MAX_LINKS_PAGE}.` })
    first = 20,
    @Arg('after', () => String, {
      nullable: true,
      description: 'Cursor to continue after (`pageInfo.endCursor`).',
    })
    after?: string | null,
  ): Promise<LinkConnection> {
    if (first < 1 || first > MAX_LINKS_PAGE)
      throw badUserInput('first', `first must be between 1 and ${MAX_LINKS_PAGE}`);
    if (filter?.externalId) validateExternalId(filter.externalId);
    validateDateRange(filter?.createdAt, 'filter.createdAt');
    const offset = decodeCursor(after);
    const filters: ListFilters = {
      institution: INSTITUTION,
      external_id: filter?.externalId ?? undefined,
      status: filter?.status ?? undefined,
      access_mode: filter?.accessMode ?? undefined,
      created_at__range: filter?.createdAt ? rangeParam(filter.createdAt) : undefined,
    };
    const { items, count } = ctx.principal.admin
      ? await linkWindow(ctx, filters, offset, first)
      : await ownedLinkWindow(ctx, filter, offset, first);
    // Links listed here are fresh: let later field resolvers and requests reuse them.
    for (const link of items) ctx.loaders.link.prime(link.id, link);
    await ctx.cache.setMany(items.map((link) => ({ key: cacheKeys.link(link.id), value: link })));
    const edges = items.map((link, index) => ({ cursor: encodeCursor(offset + index), node: toLink(link) }));
    return {
      edges,
      nodes: edges.map((edge) => edge.node),
      totalCount: count,
      pageInfo: {
        hasNextPage: offset + items.length < count,
        hasPreviousPage: offset > 0,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
    };
  }

  @Mutation(() => Link, {
    description:
      'Asks Belvo to link a person by cédula. Belvo then extracts in the background (about 15 s); subscribe to `historicalUpdate` to know when data is ready.',
  })
  async createLink(
    @Arg('input', () => CreateLinkInput, { description: 'The person and link options.' })
    input: CreateLinkInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<Link> {
    validateCreateLink(input);
    const link = await createAtBelvo(ctx, {
      institution: INSTITUTION,
      username: input.cedula,
      access_mode: input.accessMode,
      fetch_resources: input.fetchResources,
      ...(input.externalId ? { external_id: input.externalId } : {}),
      ...(input.credentialsStorage ? { credentials_storage: input.credentialsStorage } : {}),
      ...(input.staleIn ? { stale_in: input.staleIn } : {}),
    });
    await recordOwner(ctx, link.id);
    ctx.logger.info({ linkId: link.id }, 'link created');
    ctx.loaders.link.prime(link.id, link);
    await forgetLinkPages(ctx.cache);
    return toLink(link);
  }

  @Mutation(() => Boolean, {
    description: 'Deletes the link and all its data in Belvo, and everything the gateway cached for it.',
  })
  async deleteLink(
    @Arg('id', () => UUID, { description: 'The link id.' }) id: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<boolean> {
    const link = await ctx.loaders.link.load(id); // NOT_FOUND unless the caller may see it
    await ctx.belvo.deleteLink(id);
    await Promise.all([
      ctx.cache.invalidateLink(id),
      forgetLinkPages(ctx.cache),
      ctx.events.store.purge(id),
      ctx.ownership.forget(id),
    ]);
    // The link is gone either way; a subscriber not told of it only waits until it disconnects.
    await ctx.events.bus
      .publish(deletedByGateway(id, link.external_id ?? null, new Date()))
      .catch((error: unknown) =>
        ctx.logger.warn(
          { linkId: id, err: (error as Error).message },
          'link deletion not announced to subscribers',
        ),
      );
    ctx.logger.info({ linkId: id }, 'link deleted and purged');
    return true;
  }

  @Mutation(() => RefreshRequest, {
    description:
      'Asks Belvo to extract the link again; webhooks announce the new data. At most once per 10 minutes per link.',
  })
  async refreshLink(
    @Arg('id', () => UUID, { description: 'The link id.' }) id: string,
    @Ctx() ctx: GatewayContext,
    @Arg('fetchResources', () => [FetchResource], {
      nullable: true,
      description: "What to refresh; the link's own by default.",
    })
    fetchResources?: FetchResource[] | null,
  ): Promise<RefreshRequest> {
    if (fetchResources && fetchResources.length === 0) {
      throw badUserInput('fetchResources', 'fetchResources must name at least one resource');
    }
    await ctx.loaders.link.load(id); // NOT_FOUND unless the caller may see it
    // Taken before Belvo is asked, so every webhook of this refresh is received after it.
    const requestedAt = new Date();
    const accepted = await ctx.belvo.refreshLink(id, fetchResources ?? undefined);
    return { linkId: id, requestId: accepted.request_id, requestedAt };
  }
}

/**
 * A new link belongs to its creator. If that cannot be recorded (Redis down), an admin still sees
 * the link, so creation goes on; anyone else could never reach it, so it is deleted again and the
 * creation fails as retryable.
 */
async function recordOwner(ctx: GatewayContext, linkId: string): Promise<void> {
  try {
    await ctx.ownership.record(linkId, ctx.principal.id);
  } catch (error) {
    if (ctx.principal.admin) {
      ctx.logger.warn(
        { linkId, err: (error as Error).message },
        'link ownership not recorded (admin caller)',
      );
      return;
    }
    ctx.logger.error(
      { linkId, err: (error as Error).message },
      'link ownership not recorded; deleting the link',
    );
    void deleteInBackground(ctx.belvo, ctx.logger, linkId);
    throw new GraphQLError('The link could not be recorded; nothing was kept, try again', {
      extensions: { code: 'UPSTREAM_UNAVAILABLE', retryable: true },
    });
  }
}

/**
 * A non-admin principal lists only its own links: the newest MAX_LISTED_LINKS it created, read
 * through the cached loader (`id__in` batches) and filtered here with Belvo's semantics.
 */
async function ownedLinkWindow(
  ctx: GatewayContext,
  filter: LinkFilter | null | undefined,
  offset: number,
  first: number,
) {
  const ids = await ctx.ownership.linksOf(ctx.principal.id);
  const loaded = await ctx.loaders.link.loadMany(ids);
  const links = loaded
    .filter((link): link is BelvoLink => !(link instanceof Error))
    .filter(
      (link) =>
        (!filter?.externalId || link.external_id === filter.externalId) &&
        (!filter?.status || link.status === filter.status) &&
        (!filter?.accessMode || link.access_mode === filter.accessMode) &&
        inRange(link.created_at, filter?.createdAt),
    );
  return { items: links.slice(offset, offset + first), count: links.length };
}

/** Reads `[offset, offset + first)` with Belvo pages of size `first`: one page, two when misaligned. */
async function linkWindow(ctx: GatewayContext, filters: ListFilters, offset: number, first: number) {
  const firstPage = Math.floor(offset / first) + 1;
  const skip = offset % first;
  const pages: Page<BelvoLink>[] = [];
  for (const page of skip === 0 ? [firstPage] : [firstPage, firstPage + 1]) {
    const fetched = await linksPage(ctx, filters, page, first);
    pages.push(fetched);
    if (fetched.next === null) break;
  }
  const items = pages.flatMap((page) => page.results).slice(skip, skip + first);
  return { items, count: pages[0]?.count ?? 0 };
}
