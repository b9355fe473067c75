import { GraphQLError } from 'graphql';
import {
  Args,
  Ctx,
  FieldResolver,
  Resolver,
  Root,
  Subscription,
  type SubscribeResolverData,
} from 'type-graphql';
import { linkEventStream, type LinkEventStream } from '../../push/events/link-event-stream.js';
import type { BelvoLink } from '../../belvo/contract/types.js';
import type { LinkEventKind, LinkEventRecord } from '../../store/link-event.js';
import { renewLoaders, type GatewayContext } from '../context.js';
import { ErrorCode } from '../../errors/error-codes.js';
import { badUserInput, cursorExpired } from '../../errors/graphql-errors.js';
import { LocalDate } from '../../graphql-kit/scalars.js';
import type { Item } from '../../belvo/client.js';
import { InvalidItemError } from '../../belvo/errors.js';
import type { BelvoEmployment } from '../../belvo/contract/schemas.js';
import { toEmploymentItem } from '../employments/employment.mapper.js';
import { Employment } from '../employments/employment.type.js';
import { toLink } from '../links/link.mapper.js';
import { Link } from '../links/link.type.js';
import { toOwnerItem } from '../owners/owner.mapper.js';
import { Owner } from '../owners/owner.type.js';
import { toLinkEventValue } from './link-event.mapper.js';
import { LinkEventArgs } from './subscription-args.js';
import {
  EmploymentsHistoricalUpdate,
  HistoricalUpdate,
  LinkEvent,
  NewEmploymentsAvailable,
  NewOwnersAvailable,
  OwnersHistoricalUpdate,
  type LinkEventValue,
} from './link-event.type.js';

type LinkArgs = SubscribeResolverData<unknown, LinkEventArgs, GatewayContext>;

/**
 * The subscribe side: an unknown link fails at once with NOT_FOUND, a resume point past the log's
 * retention with CURSOR_EXPIRED; otherwise it streams the logged events (after `afterCursor`), then
 * live ones, keeping the kinds asked for (and only those received after `after`, when given).
 */
export function subscribeTo(
  kinds: readonly LinkEventKind[] | 'all',
  /** Reshapes the stream, knowing the link as read at subscribe time (undefined: deleted since). */
  shape: (stream: LinkEventStream, link: BelvoLink | undefined) => AsyncIterable<LinkEventRecord> = (
    stream,
  ) => stream,
) {
  return async ({ args, context }: LinkArgs): Promise<AsyncIterable<LinkEventRecord>> => {
    const afterCursor = laterOf(
      checkedCursor('afterCursor', args.afterCursor ?? undefined),
      checkedCursor('Last-Event-ID', context.lastEventId),
    );
    const link = await readOrDeleted(context, args.linkId);
    if (afterCursor !== undefined && !(await context.events.log.canResumeAfter(afterCursor)))
      throw cursorExpired();
    // The context lives as long as the subscription: do not keep that first read's loader in it.
    renewLoaders(context);
    const after = args.after?.getTime();
    const stream = linkEventStream(args.linkId, context.events, {
      afterCursor,
      gone: link === undefined,
      accept: (event) =>
        (kinds === 'all' || kinds.includes(event.kind)) &&
        (after === undefined || Date.parse(event.receivedAt) > after),
    });
    return shape(stream, link);
  };
}

/**
 * The link, or undefined when it was deleted and the caller owned it (an admin: any deleted link
 * the gateway recorded): its log still holds the deletion, which the stream replays before it
 * ends. To anyone else a deleted link stays NOT_FOUND, like one that never existed.
 */
async function readOrDeleted(context: GatewayContext, linkId: string): Promise<BelvoLink | undefined> {
  try {
    return await context.loaders.link.load(linkId);
  } catch (error) {
    if (!(error instanceof GraphQLError) || error.extensions.code !== ErrorCode.NOT_FOUND) throw error;
    const owner = await context.store.links.deletedOwnerOf(linkId);
    if (owner === undefined || (!context.principal.admin && owner !== context.principal.id)) throw error;
    return undefined;
  }
}

/** A cursor is a decimal integer within PostgreSQL's bigint. */
const CURSOR = /^(0|[1-9]\d{0,17})$/;

function checkedCursor(name: string, cursor: string | undefined): string | undefined {
  if (cursor !== undefined && !CURSOR.test(cursor)) {
    throw badUserInput(name, `${name} must be a \`cursor\` this API sent`);
  }
  return cursor;
}

/**
 * A stream reconnecting with `Last-Event-ID` repeats its original request, whose `afterCursor` is
 * older than the header: both say "I have seen up to here", so the later one is where to resume.
 */
function laterOf(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  return BigInt(a) >= BigInt(b) ? a : b;
}

/** Each pushed event is a new read: fresh loaders, so nothing memoised for an earlier event is reused. */
function pushed(event: LinkEventRecord, ctx: GatewayContext): LinkEventValue {
  renewLoaders(ctx);
  return toLinkEventValue(event);
}

@Resolver()
export class LinkEventSubscriptionResolver {
  @Subscription(() => LinkEvent, {
    description:
      'Every event of a link as Belvo announces it: first those already recorded, then live ones, each once. Ends after `LinkDeleted`.',
    subscribe: subscribeTo('all'),
  })
  linkEvents(
    @Root() event: LinkEventRecord,
    @Ctx() ctx: GatewayContext,
    @Args(() => LinkEventArgs) _args: LinkEventArgs,
  ): LinkEventValue {
    return pushed(event, ctx);
  }

  @Subscription(() => HistoricalUpdate, {
    description:
      "The wait after `createLink` or `refreshLink`: pushed when the link's employments, and then its owners, are extracted. Replays ones that already arrived.",
    subscribe: subscribeTo(['EMPLOYMENTS_HISTORICAL_UPDATE', 'OWNERS_HISTORICAL_UPDATE']),
  })
  historicalUpdate(
    @Root() event: LinkEventRecord,
    @Ctx() ctx: GatewayContext,
    @Args(() => LinkEventArgs) _args: LinkEventArgs,
  ): LinkEventValue {
    return pushed(event, ctx);
  }

  @Subscription(() => NewEmploymentsAvailable, {
    description: 'For recurrent links: pushed with the new employments each time Belvo finds some.',
    subscribe: subscribeTo(['NEW_EMPLOYMENTS_AVAILABLE']),
  })
  newEmploymentsAvailable(
    @Root() event: LinkEventRecord,
    @Ctx() ctx: GatewayContext,
    @Args(() => LinkEventArgs) _args: LinkEventArgs,
  ): LinkEventValue {
    return pushed(event, ctx);
  }
}

@Resolver(() => LinkEvent)
export class LinkEventResolver {
  @FieldResolver(() => Link, { nullable: true, description: 'The link as it is now; null once deleted.' })
  async link(@Root() event: LinkEventValue, @Ctx() ctx: GatewayContext): Promise<Link | null> {
    try {
      return toLink(await ctx.loaders.link.load(event.linkId));
    } catch (error) {
      if (error instanceof GraphQLError && error.extensions.code === ErrorCode.NOT_FOUND) return null;
      throw error;
    }
  }
}

/*
 * Event data is read once per event for all its subscribers (SharedFetch, keyed by the webhook id),
 * and the reads of many events share calls in the read scheduler: a webhook that wakes a hundred
 * subscribers costs Belvo one request, fifty webhooks of fifty links one request too.
 */

@Resolver(() => EmploymentsHistoricalUpdate)
export class EmploymentsHistoricalUpdateResolver {
  @FieldResolver(() => [Employment], {
    nullable: 'items',
    description:
      "All the link's employments, as just extracted. An item Belvo sent malformed is null with an UPSTREAM_BAD_RESPONSE error on its path.",
  })
  async employments(
    @Root() event: LinkEventValue,
    @Ctx() ctx: GatewayContext,
  ): Promise<Array<Employment | InvalidItemError>> {
    const items = await ctx.events.sharedFetch.run(`employments:${event.id}`, () =>
      ctx.loaders.employmentsByLink.load(event.linkId),
    );
    return items.map(toEmploymentItem);
  }
}

/** The contract's range start: the previous notification's day, else the link's creation day. */
async function sinceOf(event: LinkEventValue, ctx: GatewayContext): Promise<string> {
  const createdAt = event.newSince ?? (await ctx.loaders.link.load(event.linkId)).created_at;
  // Belvo may null the link's creation time; the notification's own day is then the honest start.
  return (createdAt ?? (event.until as string)).slice(0, 10);
}

@Resolver(() => NewEmploymentsAvailable)
export class NewEmploymentsAvailableResolver {
  @FieldResolver(() => LocalDate, {
    description:
      'The day of the previous employments notification for this link (or the link’s creation day when none is on record): the start of the range of new employments.',
  })
  since(@Root() event: LinkEventValue, @Ctx() ctx: GatewayContext): Promise<string> {
    return sinceOf(event, ctx);
  }

  @FieldResolver(() => [Employment], {
    nullable: 'items',
    description:
      'The new employments: those Belvo stored from `since` to `until` (its day-granular `created_at__range`), newest first. When `since` is today, earlier records of the same day are included; the first `newCount` are the new ones.',
  })
  async employments(
    @Root() event: LinkEventValue,
    @Ctx() ctx: GatewayContext,
  ): Promise<Array<Employment | InvalidItemError>> {
    const items = await ctx.events.sharedFetch.run(`new-employments:${event.id}`, async () =>
      ctx.upstream.newEmployments(
        { linkId: event.linkId, since: await sinceOf(event, ctx), until: event.until as string },
        ctx.reads,
      ),
    );
    return [...items].sort((a, b) => createdAtOf(b).localeCompare(createdAtOf(a))).map(toEmploymentItem);
  }
}

/** Newest first; records without a (readable) timestamp go last. */
const createdAtOf = (item: Item<BelvoEmployment>) =>
  item instanceof InvalidItemError ? '' : (item.created_at ?? '');

async function ownersOf(
  event: LinkEventValue,
  ctx: GatewayContext,
): Promise<Array<Owner | InvalidItemError>> {
  const items = await ctx.events.sharedFetch.run(`owners:${event.id}`, () =>
    ctx.loaders.ownersByLink.load(event.linkId),
  );
  return items.map(toOwnerItem);
}

/** The `owners` field of an owners event type: the two types differ only in what the data is. */
function ownersResolverFor(type: typeof OwnersHistoricalUpdate | typeof NewOwnersAvailable, what: string) {
  @Resolver(() => type)
  class OwnersOfEventResolver {
    @FieldResolver(() => [Owner], {
      nullable: 'items',
      description: `The link's owner${what}. An item Belvo sent malformed is null with an UPSTREAM_BAD_RESPONSE error on its path.`,
    })
    owners(
      @Root() event: LinkEventValue,
      @Ctx() ctx: GatewayContext,
    ): Promise<Array<Owner | InvalidItemError>> {
      return ownersOf(event, ctx);
    }
  }
  return OwnersOfEventResolver;
}

export const OwnersHistoricalUpdateResolver = ownersResolverFor(
  OwnersHistoricalUpdate,
  ', as just extracted',
);
export const NewOwnersAvailableResolver = ownersResolverFor(NewOwnersAvailable, ' data, as just refreshed');
