import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { GatewayContext } from '../context.js';
import { UUID } from '../../graphql-kit/scalars.js';
import { assertLinkVisible } from '../links/link.exists.js';
import { toLink } from '../links/link.mapper.js';
import { Link } from '../links/link.type.js';
import type { InvalidItemError } from '../../belvo/errors.js';
import { toOwnerItem } from './owner.mapper.js';
import { Owner } from './owner.type.js';
import { ONE_READ_PATH } from '../one-read-path.js';

@Resolver(() => Link)
export class LinkOwnersResolver {
  @FieldResolver(() => [Owner], {
    nullable: 'items',
    description:
      'The person behind the link. Empty until Belvo finished extracting. An item Belvo sent malformed is null with an UPSTREAM_BAD_RESPONSE error on its path.',
  })
  async owners(@Root() link: Link, @Ctx() ctx: GatewayContext): Promise<Array<Owner | InvalidItemError>> {
    return (await ctx.loaders.ownersByLink.load(link.id)).map(toOwnerItem);
  }
}

@Resolver(() => Owner)
export class OwnerResolver {
  @Query(() => [Owner], {
    nullable: 'items',
    deprecationReason: ONE_READ_PATH('owners'),
    description:
      "Owners of one link. Fails with NOT_FOUND for an unknown link; answers even when Belvo sent the link's own body malformed. An item Belvo sent malformed is null with an UPSTREAM_BAD_RESPONSE error on its path.",
  })
  async owners(
    @Arg('linkId', () => UUID, { description: 'The link id.' }) linkId: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<Array<Owner | InvalidItemError>> {
    await assertLinkVisible(ctx, linkId);
    return (await ctx.loaders.ownersByLink.load(linkId)).map(toOwnerItem);
  }

  @FieldResolver(() => Link, { description: 'The link this owner belongs to.' })
  async link(@Root() owner: Owner, @Ctx() ctx: GatewayContext): Promise<Link> {
    return toLink(await ctx.loaders.link.load(owner.linkId));
  }
}
