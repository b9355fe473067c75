import { GraphQLError } from 'graphql';
import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import {
  INSTITUTION,
  type AccessMode as BelvoAccessMode,
  type BelvoLink,
  type FetchResource as BelvoFetchResource,
  type ListFilters,
  type Page,
} from '../../belvo/contract/types.js';
import { deletedByGateway } from '../../store/link-event.js';
import { forgetLinkPages } from '../../cache/link-pages.js';
import { linksPage } from './link.pages.js';
import { cacheKeys } from '../../cache/cache.js';
import type { GatewayContext } from '../context.js';
import { rangeParam } from '../../graphql-kit/date-range.js';
import { badUserInput } from '../../graphql-kit/errors.js';
import { UUID } from '../../graphql-kit/scalars.js';
import { FetchResource } from './link.enums.js';
import { CreateLinkInput, LinkFilter } from './link.inputs.js';
import {
  LinkConnection,
  decodeOffsetCursor,
  decodeSeqCursor,
  encodeOffsetCursor,
  encodeSeqCursor,
} from './link.connection.js';
import { toLink } from './link.mapper.js';
import { RefreshRequest } from './refresh-request.type.js';
import { Link } from './link.type.js';
import { rejectOther, validateCreateLink, validateDateRange, validateExternalId } from './link.validation.js';
import { createAtBelvo, deleteInBackground, findCreated } from './create-at-belvo.js';
import { ErrorCode } from '../../graphql-kit/error-codes.js';

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

  @Mutation(() => Link, {
    description:
      'Asks Belvo to link a person by cédula. Belvo then extracts in the background (about 15 s); subscribe to `historicalUpdate` to know when data is ready. Pass an `idempotencyKey` to make retries safe.',
  })
  async createLink(
    @Arg('input', () => CreateLinkInput, { description: 'The person and link options.' })
    input: CreateLinkInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<Link> {
    validateCreateLink(input);
    const link = await ctx.traces.createLink(() =>
      input.idempotencyKey
        ? createOnce(ctx, input, input.idempotencyKey)
        : createAndRecord(ctx, input, input.externalId ?? undefined),
    );
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
    await ctx.store.transaction(async (store) => {
      await store.links.forget(id);
      await store.events.purge(id);
    });
    await Promise.all([ctx.cache.invalidateLink(id), forgetLinkPages(ctx.cache)]);
    // The link is gone either way; a subscriber not told of it only waits until it disconnects.
    await ctx.store.events
      .nextCursor()
      .then((cursor) =>
        ctx.events.bus.publish(deletedByGateway(id, link.external_id ?? null, new Date(), cursor)),
      )
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
    rejectOther(fetchResources, 'fetchResources');
    await ctx.loaders.link.load(id); // NOT_FOUND unless the caller may see it
    // Taken before Belvo is asked, so every webhook of this refresh is received after it.
    const requestedAt = new Date();
    const accepted = await ctx.belvo.refreshLink(id, (fetchResources ?? undefined) as BelvoFetchResource[]);
    return { linkId: id, requestId: accepted.request_id, requestedAt };
  }
}

/** The body of Belvo's `POST /api/links/` for this input. */
const createBody = (input: CreateLinkInput, externalId: string | undefined) => ({
  institution: INSTITUTION,
  username: input.cedula,
  access_mode: input.accessMode as BelvoAccessMode,
  fetch_resources: input.fetchResources as BelvoFetchResource[],
  ...(externalId ? { external_id: externalId } : {}),
  ...(input.credentialsStorage ? { credentials_storage: input.credentialsStorage } : {}),
  ...(input.staleIn ? { stale_in: input.staleIn } : {}),
});

/** Creates the link at Belvo and records its owner (and the idempotency key's answer). */
async function createAndRecord(
  ctx: GatewayContext,
  input: CreateLinkInput,
  externalId: string | undefined,
  key?: string,
): Promise<BelvoLink> {
  const link = await createAtBelvo(ctx, createBody(input, externalId));
  await recordOwner(ctx, link, key);
  ctx.logger.info({ linkId: link.id }, 'link created');
  return link;
}

/**
 * A new link belongs to its creator. If that cannot be recorded (the database is down), nobody but
 * an admin could ever reach it: it is deleted again and the creation fails as retryable.
 */
async function recordOwner(ctx: GatewayContext, link: BelvoLink, key?: string): Promise<void> {
  try {
    await ctx.creations.complete(ctx.principal.id, link, key);
  } catch (error) {
    ctx.logger.error(
      { linkId: link.id, err: (error as Error).message },
      'link ownership not recorded; deleting the link',
    );
    void deleteInBackground(ctx.belvo, ctx.logger, link.id);
    if (key) await ctx.creations.release(ctx.principal.id, key).catch(() => undefined);
    throw new GraphQLError('The link could not be recorded; nothing was kept, try again', {
      extensions: { code: ErrorCode.UNAVAILABLE, retryable: true },
    });
  }
}

/** How often a call waits on another call's creation under the same key. */
const CREATION_POLL_MS = 100;

/**
 * createLink with an idempotency key: the first call to claim the key creates the link; the others
 * (on any instance) wait for it and answer the same link. A call that takes over a creation that
 * stopped without an answer first looks for the link by the external id that creation sent.
 */
async function createOnce(ctx: GatewayContext, input: CreateLinkInput, key: string): Promise<BelvoLink> {
  const principal = ctx.principal.id;
  const waitUntil = Date.now() + ctx.creations.leaseMs;
  for (;;) {
    const claim = await ctx.creations.claim(principal, key, input);
    switch (claim.state) {
      case 'mismatch':
        throw badUserInput('idempotencyKey', 'This idempotencyKey was already used with a different input');
      case 'created':
        return ctx.loaders.link.load(claim.linkId);
      case 'claimed': {
        // Any time since the key was first claimed: the earlier attempt's start is not known here.
        const earlier = claim.resumed
          ? await findCreated(ctx, createBody(input, claim.externalId), 0)
          : undefined;
        if (earlier) {
          await recordOwner(ctx, earlier, key);
          return earlier;
        }
        try {
          return await createAndRecord(ctx, input, claim.externalId, key);
        } catch (error) {
          // Belvo refused, or never got the request: nothing was created, the key is free. Otherwise
          // (OUTCOME_UNKNOWN) the claim is handed on, so a retry with this key at once looks the
          // link up by its external id before creating another.
          if (outcomeUnknown(error)) await ctx.creations.handOver(principal, key).catch(() => undefined);
          else await ctx.creations.release(principal, key).catch(() => undefined);
          throw error;
        }
      }
      case 'in-progress':
        if (Date.now() > waitUntil) {
          throw new GraphQLError('A creation with this idempotencyKey is still in progress; retry later', {
            extensions: { code: ErrorCode.CREATION_IN_PROGRESS, retryable: true },
          });
        }
        await new Promise((resolve) => setTimeout(resolve, CREATION_POLL_MS));
    }
  }
}

const outcomeUnknown = (error: unknown) =>
  error instanceof GraphQLError && error.extensions.code === ErrorCode.OUTCOME_UNKNOWN;

/**
 * A non-admin principal lists only its own links, from the registry (newest first, any number),
 * read through the cached loader (`id__in` batches).
 */
async function ownedLinkWindow(
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
async function linkWindow(
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
