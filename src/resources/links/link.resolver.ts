import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { belvoRequestId } from '../../belvo/contract/identifiers.js';
import type { BelvoLink, FetchResource as BelvoFetchResource } from '../../belvo/contract/types.js';
import { deletedByGateway } from '../../store/link-event.js';
import { dataChanged } from '../../cache/data-changes.js';
import { cacheKeys } from '../../cache/cache.js';
import type { GatewayContext } from '../context.js';
import { badUserInput } from '../../errors/graphql-errors.js';
import { UUID } from '../../graphql-kit/scalars.js';
import { FetchResource } from './link.enums.js';
import { CreateLinkInput, LinkFilter } from './link.inputs.js';
import { LinkConnection } from './link.connection.js';
import { toLink } from './link.mapper.js';
import { CreateLinkPayload, DeleteLinkPayload, RefreshLinkPayload } from './link.payloads.js';
import { Link } from './link.type.js';
import {
  createLinkProblems,
  fetchResourcesProblems,
  rejectOther,
  validateDateRange,
  validateExternalId,
} from './link.validation.js';
import { creationRefused } from './link.refusals.js';
import { createAndRecord, createOnce } from './link.idempotent-create.js';
import { linkWindow, ownedLinkWindow } from './link.listing.js';

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
      "Links of this institution, filtered, as a cursor connection: all of the caller's own, newest first, or every link for an admin (in Belvo's order).",
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
    rejectOther([filter?.status, filter?.accessMode], 'filter');
    validateDateRange(filter?.createdAt, 'filter.createdAt');
    const page = ctx.principal.admin
      ? await linkWindow(ctx, filter, after, first)
      : await ownedLinkWindow(ctx, filter, after, first);
    const links = page.items.map((item) => item.link);
    // Links listed here are fresh: let later field resolvers and requests reuse them.
    for (const link of links) ctx.loaders.link.prime(link.id, link);
    await ctx.cache.setMany(links.map((link) => ({ key: cacheKeys.link(link.id), value: link })));
    const edges = page.items.map(({ link, cursor }) => ({ cursor, node: toLink(link) }));
    return {
      edges,
      nodes: edges.map((edge) => edge.node),
      totalCount: page.totalCount,
      pageInfo: {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: after !== undefined && after !== null,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
    };
  }

  @Mutation(() => CreateLinkPayload, {
    description:
      'Asks Belvo to link a person by cédula. Belvo then extracts in the background (about 15 s); subscribe to `linkReady` (or `historicalUpdate`) to know when data is ready. Input the person can correct (a mistyped cédula, one the institution does not know) comes back in `userErrors`, every problem at once. Pass an `idempotencyKey` to make retries safe.',
  })
  async createLink(
    @Arg('input', () => CreateLinkInput, { description: 'The person and link options.' })
    input: CreateLinkInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<CreateLinkPayload> {
    const problems = createLinkProblems(input);
    if (problems.length > 0) return { link: null, userErrors: problems };
    let link: BelvoLink;
    try {
      link = await ctx.traces.createLink(() =>
        input.idempotencyKey
          ? createOnce(ctx, input, input.idempotencyKey)
          : createAndRecord(ctx, input, input.externalId ?? undefined),
      );
    } catch (error) {
      const refused = creationRefused(error);
      if (refused) return { link: null, userErrors: [refused] };
      throw error;
    }
    ctx.loaders.link.prime(link.id, link);
    // Belvo's answer is the link as it is: the `linkReady` subscription that follows reads it from
    // here instead of spending a call of the budget on it.
    await ctx.cache.setMany([{ key: cacheKeys.link(link.id), value: link }]);
    await dataChanged(ctx.cache);
    return { link: toLink(link), userErrors: [] };
  }

  @Mutation(() => DeleteLinkPayload, {
    description:
      'Deletes the link and all its data in Belvo, and everything the gateway cached for it. An unknown link (or one of another caller) is NOT_FOUND.',
  })
  async deleteLink(
    @Arg('id', () => UUID, { description: 'The link id.' }) id: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<DeleteLinkPayload> {
    const link = await ctx.loaders.link.load(id); // NOT_FOUND unless the caller may see it
    await ctx.belvo.deleteLink(id);
    const notice = deletedByGateway(id, link.external_id ?? null, new Date());
    // In the log before the purge, which keeps it: a subscriber resuming later is told.
    const recorded = await ctx.store.events.append(notice).then(
      (appended) => appended.event,
      (error: unknown) => {
        ctx.logger.warn(
          { linkId: id, err: (error as Error).name },
          'link deletion not recorded: only live subscribers are told',
        );
        return undefined;
      },
    );
    await ctx.store.transaction(async (store) => {
      await store.links.markDeleted(id);
      await store.events.purge(id);
    });
    await dataChanged(ctx.cache, id);
    // The link is gone either way; a subscriber not told of it only waits until it disconnects.
    await (
      recorded
        ? Promise.resolve(recorded)
        : ctx.store.events.nextCursor().then((cursor) => ({ ...notice, cursor, newSince: null }))
    )
      .then(async (event) => {
        await ctx.events.bus.publish(event);
        if (recorded) await ctx.store.events.markPublished(event.id);
      })
      .catch((error: unknown) =>
        ctx.logger.warn(
          { linkId: id, err: (error as Error).message },
          'link deletion not announced to subscribers',
        ),
      );
    ctx.logger.info({ linkId: id }, 'link deleted and purged');
    return { deletedLinkId: id, userErrors: [] };
  }

  @Mutation(() => RefreshLinkPayload, {
    description:
      'Asks Belvo to extract the link again; webhooks announce the new data. At most once per 10 minutes per link (LINK_RECENTLY_REFRESHED). A `fetchResources` list to correct comes back in `userErrors`.',
  })
  async refreshLink(
    @Arg('id', () => UUID, { description: 'The link id.' }) id: string,
    @Ctx() ctx: GatewayContext,
    @Arg('fetchResources', () => [FetchResource], {
      nullable: true,
      description: "What to refresh; the link's own by default.",
    })
    fetchResources?: FetchResource[] | null,
  ): Promise<RefreshLinkPayload> {
    const problems = fetchResourcesProblems(fetchResources);
    if (problems.length > 0) return { refresh: null, userErrors: problems };
    await ctx.loaders.link.load(id); // NOT_FOUND unless the caller may see it
    // Taken before Belvo is asked, so every webhook of this refresh is received after it.
    const requestedAt = new Date();
    const accepted = await ctx.belvo.refreshLink(id, (fetchResources ?? undefined) as BelvoFetchResource[]);
    const refresh = { linkId: id, requestId: belvoRequestId(accepted.request_id), requestedAt };
    return { refresh, userErrors: [] };
  }
}
