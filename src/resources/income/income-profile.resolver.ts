import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { badUserInput } from '../../errors/graphql-errors.js';
import type { GatewayContext } from '../context.js';
import { Link } from '../links/link.type.js';
import { DEFAULT_INCOME_MONTHS, MAX_INCOME_MONTHS, incomeProfile } from './income-profile.js';
import { IncomeProfile } from './income-profile.type.js';

@Resolver(() => Link)
export class LinkIncomeProfileResolver {
  @FieldResolver(() => IncomeProfile, {
    description:
      "The person's income month by month, from whom, and its summary figures, computed from this link's employment records (the read `employments` makes, no other call to Belvo). Every figure is defined in IncomeProfile's fields. Before Belvo finished extracting, `asOfMonth` is null and `monthly` empty.",
  })
  async incomeProfile(
    @Root() link: Link,
    @Ctx() ctx: GatewayContext,
    @Arg('months', () => Int, {
      defaultValue: DEFAULT_INCOME_MONTHS,
      description: `How many months the window covers, ending at \`asOfMonth\`: 1 to ${MAX_INCOME_MONTHS} (Belvo keeps 24 months of rows).`,
    })
    months: number = DEFAULT_INCOME_MONTHS,
  ): Promise<IncomeProfile> {
    if (months < 1 || months > MAX_INCOME_MONTHS) {
      throw badUserInput('months', `months must be between 1 and ${MAX_INCOME_MONTHS}`);
    }
    return incomeProfile(await ctx.loaders.employmentsByLink.load(link.id), months);
  }
}
