import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { GatewayContext } from '../../graphql/context.js';
import { UUID } from '../../graphql/scalars.js';
import { toLink } from '../links/link.mapper.js';
import { Link } from '../links/link.type.js';
import { toOwner } from './owner.mapper.js';
import { Owner } from './owner.type.js';

@Resolver(() => Link)
export class LinkOwnersResolver {
  @FieldResolver(() => [Owner], {
    description: 'The person behind the link. Empty until Belvo finished extracting.',
  })
  async owners(@Root() link: Link, @Ctx() ctx: GatewayContext): Promise<Owner[]> {
    return (await ctx.loaders.ownersByLink.load(link.id)).map(toOwner);
  }
}

@Resolver(() => Owner)
export class OwnerResolver {
  @Query(() => [Owner], { description: 'Owners of one link. Fails with NOT_FOUND for an unknown link.' })
  async owners(
    @Arg('linkId', () => UUID, { description: 'The link id.' }) linkId: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<Owner[]> {
    await ctx.loaders.link.load(linkId);
    return (await ctx.loaders.ownersByLink.load(linkId)).map(toOwner);
  }

  @FieldResolver(() => Link, { description: 'The link this owner belongs to.' })
  async link(@Root() owner: Owner, @Ctx() ctx: GatewayContext): Promise<Link> {
    return toLink(await ctx.loaders.link.load(owner.linkId));
  }
}
