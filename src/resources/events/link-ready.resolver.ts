import { GraphQLError } from 'graphql';
import { Args, Ctx, FieldResolver, Resolver, Root, Subscription } from 'type-graphql';
import type { BelvoLink } from '../../belvo/contract/types.js';
import type { LinkEventKind, LinkEventRecord } from '../../store/link-event.js';
import { UntilReady } from '../../push/events/until-ready.js';
import { renewLoaders, type GatewayContext } from '../context.js';
import { ErrorCode } from '../../errors/error-codes.js';
import { toLink } from '../links/link.mapper.js';
import { Link } from '../links/link.type.js';
import { toLinkEventValue } from './link-event.mapper.js';
import { subscribeTo } from './link-event.resolver.js';
import { LinkWaitArgs } from './subscription-args.js';
import { LinkReadiness, LinkReadyOutcome, type LinkReadyValue } from './link-ready.type.js';

const EXTRACTED_BY_RESOURCE: Record<string, LinkEventKind> = {
  EMPLOYMENTS: 'EMPLOYMENTS_HISTORICAL_UPDATE',
  OWNERS: 'OWNERS_HISTORICAL_UPDATE',
};

/** The historical updates this link waits for: one per resource it fetches (both when Belvo does not say, or the link is gone). */
function awaitedFor(link: BelvoLink | undefined): LinkEventKind[] {
  const kinds = (link?.fetch_resources ?? []).flatMap((resource) => EXTRACTED_BY_RESOURCE[resource] ?? []);
  return kinds.length > 0 ? kinds : Object.values(EXTRACTED_BY_RESOURCE);
}

const OUTCOME_OF: Partial<Record<LinkEventKind, LinkReadyOutcome>> = {
  LINK_ERROR: LinkReadyOutcome.LINK_ERROR,
  LINK_DELETED: LinkReadyOutcome.DELETED,
};

@Resolver(() => LinkReadiness)
export class LinkReadyResolver {
  @Subscription(() => LinkReadiness, {
    description:
      'The one call to make after `createLink`: pushes once, when every resource of the link is extracted (or Belvo fails, or the link is deleted), then completes. Select `link { employments { … } owners { … } }` to get the data in the same push. Answers at once when the data is already in.',
    subscribe: subscribeTo(
      ['EMPLOYMENTS_HISTORICAL_UPDATE', 'OWNERS_HISTORICAL_UPDATE', 'LINK_ERROR', 'LINK_DELETED'],
      (stream, link) => new UntilReady(stream, awaitedFor(link)),
    ),
  })
  linkReady(
    @Root() event: LinkEventRecord,
    @Ctx() ctx: GatewayContext,
    @Args(() => LinkWaitArgs) _args: LinkWaitArgs,
  ): LinkReadyValue {
    renewLoaders(ctx); // the link's data is read now, after its webhooks invalidated the cache
    return {
      linkId: event.linkId,
      cursor: event.cursor,
      outcome: OUTCOME_OF[event.kind] ?? LinkReadyOutcome.READY,
      errorReason: toLinkEventValue(event).reason ?? null,
    };
  }

  @FieldResolver(() => Link, {
    nullable: true,
    description: 'The link as it is now, with `employments` and `owners` to select; null once deleted.',
  })
  async link(@Root() value: LinkReadyValue, @Ctx() ctx: GatewayContext): Promise<Link | null> {
    if (value.outcome === LinkReadyOutcome.DELETED) return null;
    try {
      return toLink(await ctx.loaders.link.load(value.linkId));
    } catch (error) {
      if (error instanceof GraphQLError && error.extensions.code === ErrorCode.NOT_FOUND) return null;
      throw error;
    }
  }
}
