import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { GatewayContext } from '../context.js';
import { DateRange, inRange } from '../../graphql-kit/date-range.js';
import { UUID } from '../../graphql-kit/scalars.js';
import { validateDateRange } from '../links/link.validation.js';
import { assertLinkVisible } from '../links/link.exists.js';
import { toLink } from '../links/link.mapper.js';
import { Link } from '../links/link.type.js';
import { InvalidItemError } from '../../belvo/errors.js';
import { toEmploymentItem } from './employment.mapper.js';
import { Employment } from './employment.type.js';
import { ONE_READ_PATH } from '../one-read-path.js';

/*
 * A link's employments are loaded whole (one batched, cached list per link) and narrowed by
 * `createdAt` here, with Belvo's day-granular `created_at__range` semantics: a filtered read
 * costs nothing extra and shares the cache with the unfiltered one. An item Belvo sent malformed has
 * no date we can trust: it stays in every filtered list, as the error on its own path.
 */
const CREATED_AT_ARGUMENT = { nullable: true, description: 'Only records Belvo stored on these days.' };

async function employmentsOf(ctx: GatewayContext, linkId: string, createdAt?: DateRange | null) {
  validateDateRange(createdAt, 'createdAt');
  const items = await ctx.loaders.employmentsByLink.load(linkId);
  return items
    .filter((item) => item instanceof InvalidItemError || inRange(item.created_at, createdAt))
    .map(toEmploymentItem);
}

/** Items are nullable: one item Belvo sent malformed is an error at its own index, not the list's. */
const LIST_OF_ITEMS = { nullable: 'items' } as const;

@Resolver(() => Link)
export class LinkEmploymentsResolver {
  @FieldResolver(() => [Employment], {
    ...LIST_OF_ITEMS,
    description:
      'Employers of the person with their monthly salary rows. Empty until Belvo finished extracting. An item Belvo sent malformed is null with an UPSTREAM_BAD_RESPONSE error on its path.',
  })
  employments(
    @Root() link: Link,
    @Ctx() ctx: GatewayContext,
    @Arg('createdAt', () => DateRange, CREATED_AT_ARGUMENT) createdAt?: DateRange | null,
  ): Promise<Array<Employment | InvalidItemError>> {
    return employmentsOf(ctx, link.id, createdAt);
  }
}

@Resolver(() => Employment)
export class EmploymentResolver {
  @Query(() => [Employment], {
    ...LIST_OF_ITEMS,
    deprecationReason: ONE_READ_PATH('employments'),
    description:
      "Employments of one link. Fails with NOT_FOUND for an unknown link; answers even when Belvo sent the link's own body malformed. An item Belvo sent malformed is null with an UPSTREAM_BAD_RESPONSE error on its path.",
  })
  async employments(
    @Arg('linkId', () => UUID, { description: 'The link id.' }) linkId: string,
    @Ctx() ctx: GatewayContext,
    @Arg('createdAt', () => DateRange, CREATED_AT_ARGUMENT) createdAt?: DateRange | null,
  ): Promise<Array<Employment | InvalidItemError>> {
    await assertLinkVisible(ctx, linkId);
    return employmentsOf(ctx, linkId, createdAt);
  }

  @FieldResolver(() => Link, { description: 'The link this record belongs to.' })
  async link(@Root() employment: Employment, @Ctx() ctx: GatewayContext): Promise<Link> {
    return toLink(await ctx.loaders.link.load(employment.linkId));
  }
}
