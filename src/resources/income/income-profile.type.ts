import { Field, Int, ObjectType } from 'type-graphql';
import { Money } from '../../graphql-kit/money.js';
import { YearMonth } from '../../graphql-kit/scalars.js';
import { EmployerIdType } from '../employments/employment.enums.js';
import { Employment } from '../employments/employment.type.js';
import type { InvalidItemError } from '../../belvo/errors.js';

/*
 * The income view: figures every lender's page computes from the monthly PILA rows, computed once
 * here. Facts and sums only; what they mean for a loan is each lender's policy.
 */

@ObjectType({
  description:
    'What one employer paid the person in one month. Employers are told apart by `employerIdType` + `employerIdNumber`: two employment records with the same pair are one employer, and their rows of the month are added up. A record without that pair is an employer of its own.',
})
export class IncomeSource {
  @Field(() => String, {
    nullable: true,
    description: "The employer's registered name (null if Belvo sent none).",
  })
  employerName!: string | null;

  @Field(() => EmployerIdType, {
    nullable: true,
    description: 'Kind of the employer identification number; OTHER for a kind this gateway does not know.',
  })
  employerIdType!: EmployerIdType | null;

  @Field(() => String, {
    nullable: true,
    description: "Belvo's kind as sent (e.g. `NIT`); tells an OTHER kind apart.",
  })
  employerIdTypeRaw!: string | null;

  @Field(() => String, { nullable: true, description: 'The employer identification number, e.g. a NIT.' })
  employerIdNumber!: string | null;

  @Field(() => [Employment], {
    description:
      'The employment records (see `Link.employments`) that have a row of this employer for this month; usually one.',
  })
  employments!: Employment[];

  @Field(() => Money, {
    description: "Gross pay (`gross`) of this employer's rows for the month, added up.",
  })
  gross!: Money;

  @Field(() => Money, {
    description:
      "Net pay (`net`) of this employer's rows for the month, added up. A row without a net amount adds nothing (and `complete` is false).",
  })
  net!: Money;
}

@ObjectType({ description: 'One month of the window: income across all employers, and from whom.' })
export class MonthlyIncome {
  @Field(() => YearMonth, { description: 'The month.' })
  month!: string;

  @Field(() => Money, {
    description:
      'Gross pay across employers: the sum of the `gross` of `sources`. Zero for a month without rows.',
  })
  gross!: Money;

  @Field(() => Money, {
    description:
      'Net pay across employers: the sum of the `net` of `sources`. Zero for a month without rows.',
  })
  net!: Money;

  @Field(() => [IncomeSource], {
    description:
      'Each employer with a row for this month, in the order Belvo lists their first record. Empty for a month without rows.',
  })
  sources!: IncomeSource[];
}

@ObjectType({ description: 'A run of consecutive months of the window without income (gross pay of zero).' })
export class IncomeGap {
  @Field(() => YearMonth, { description: 'The first month without income.' })
  from!: string;

  @Field(() => YearMonth, {
    description: 'The last month without income (the same as `from` for one month).',
  })
  to!: string;

  @Field(() => Int, { description: 'How many months the run lasts, `from` and `to` included.' })
  months!: number;
}

@ObjectType({
  description:
    "A person's income month by month over a window of months that ends at the latest month PILA reported, computed from the link's employment records (the same read as `Link.employments`, no other call to Belvo). Facts and sums only: no score and no approval, which are each lender's own policy. A month has income when its gross pay across employers is above zero.",
})
export class IncomeProfile {
  @Field(() => YearMonth, {
    nullable: true,
    description:
      "The latest month of any salary row of the link: where the window ends. PILA reports a month after it ends, so this is usually a month or two before today, never today's month by assumption. Null when the link has no rows (yet): then `monthly` is empty.",
  })
  asOfMonth!: string | null;

  @Field(() => [MonthlyIncome], {
    description:
      'Every month of the window, oldest first, ending at `asOfMonth`: exactly `months` entries, months without rows included with zero amounts.',
  })
  monthly!: MonthlyIncome[];

  @Field(() => Money, {
    nullable: true,
    description:
      "The window's gross pay divided by the number of months in the window, months without income included (a person paid 12 of 12 months and one paid 6 of 12 at the same salary differ here). Rounded to the centavo, halves away from zero. Null when `asOfMonth` is null.",
  })
  averageMonthlyGross!: Money | null;

  @Field(() => Money, {
    nullable: true,
    description:
      'The median of the monthly gross pay over every month of the window, months without income included as zero; for an even number of months, the mean of the two middle ones (exact). Null when `asOfMonth` is null.',
  })
  medianMonthlyGross!: Money | null;

  @Field(() => Int, { description: 'How many months of the window have income (gross pay above zero).' })
  monthsWithIncome!: number;

  @Field(() => [Employment], {
    description:
      "Employment records with income in `asOfMonth`, in Belvo's order, except a record whose row for that month reports FINAL_MONTH (the person left that employer that month). Empty when `asOfMonth` is null.",
  })
  currentEmployments!: Employment[];

  @Field(() => [IncomeGap], {
    description:
      'Runs of consecutive months of the window without income, oldest first, including a run at the start of the window (before the first income in it).',
  })
  gaps!: IncomeGap[];

  @Field(() => Boolean, {
    description:
      'True when everything Belvo sent was counted. False when an employment record was malformed (it is null in `employments`, with an UPSTREAM_BAD_RESPONSE error on its path, and counts nowhere) or a salary row has no month (or one not `YYYY-MM`, before 1900, or after the current month), no gross or no net amount: the figures are then partial, computed from the rest. A row Belvo sent as null is left out and does not make the profile incomplete.',
  })
  complete!: boolean;

  @Field(() => [Employment], {
    nullable: 'items',
    description:
      'The employment records the profile was computed from, as `Link.employments` lists them. A record Belvo sent malformed is null with an UPSTREAM_BAD_RESPONSE error on its path.',
  })
  employments!: Array<Employment | InvalidItemError>;
}
