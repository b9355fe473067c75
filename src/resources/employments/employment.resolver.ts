import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { GatewayContext } from '../../graphql/context.js';
import { DateRange, inRange } from '../../graphql/date-range.js';
import { UUID } from '../../graphql/scalars.js';
import { validateDateRange } from '../links/link.validation.js';
import { toLink } from '../links/link.mapper.js';
import { Link } from '../links/link.type.js';
import { toEmployment } from './employment.mapper.js';
import { Employment } from './employment.type.js';

/*
 * A link's employments are loaded whole (one batched, cached list per link) and narrowed by
 * `createdAt` here, with Belvo's day-granular `created_at__range` semantics: a filtered read
 * costs nothing extra and shares the cache with the unfiltered one.
 */
async function employmentsOf(ctx: GatewayContext, linkId: string, createdAt?: DateRange | null) {
  validateDateRange(createdAt, 'createdAt');
  const items = await ctx.loaders.employmentsByLink.load(linkId);
  return items.filter((item) => inRange(item.created_at, createdAt)).map(toEmployment);
}

@Resolver(() => Link)
export class LinkEmploymentsResolver {
  @FieldResolver(() => [Employment], {
    description:
      'Employers of the person with their monthly salary rows. Empty until Belvo finished extracting.',
  })
  employments(
    @Root() link: Link,
    @Ctx() ctx: GatewayContext,
    @Arg('createdAt', () => DateRange, {
      nullable: true,
      description: 'Only records Belvo stored on these days.',
    })
    createdAt?: DateRange | null,
  ): Promise<Employment[]> {
    return employmentsOf(ctx, link.id, createdAt);
  }
}

@Resolver(() => Employment)
export class EmploymentResolver {
  @Query(() => [Employment], {
    description: 'Employments of one link. Fails with NOT_FOUND for an unknown link.',
  })
  async employments(
    @Arg('linkId', () => UUID, { description: 'The link id.' }) linkId: string,
    @Ctx() ctx: GatewayContext,
    @Arg('createdAt', () => DateRange, {
      nullable: true,
      description: 'Only records Belvo stored on these days.',
    })
    createdAt?: DateRange | null,
  ): Promise<Employment[]> {
    await ctx.loaders.link.load(linkId);
    return employmentsOf(ctx, linkId, createdAt);
  }

  @FieldResolver(() => Link, { description: 'The link this record belongs to.' })
  async link(@Root() employment: Employment, @Ctx() ctx: GatewayContext): Promise<Link> {
    return toLink(await ctx.loaders.link.load(employment.linkId));
  }
}
