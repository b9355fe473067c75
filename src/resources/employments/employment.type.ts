import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Money } from '../../graphql-kit/money.js';
import { DateTime, UUID, YearMonth } from '../../graphql-kit/scalars.js';
import { EmployerIdType, EmploymentType, SalaryType, StatusChange } from './employment.enums.js';

@ObjectType({ description: 'The employer as registered in PILA (Colombian social security contributions).' })
export class EmployerData {
  @Field(() => String, { nullable: true, description: "Employer's registered name." })
  name!: string | null;

  @Field(() => EmployerIdType, {
    nullable: true,
    description: 'Kind of identification number; OTHER for a kind this gateway does not know.',
  })
  idType!: EmployerIdType | null;

  @Field(() => String, {
    nullable: true,
    description: "Belvo's kind as sent (e.g. `NIT`); tells an OTHER kind apart.",
  })
  idTypeRaw!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Identification number, e.g. a NIT. A String because NITs exceed 32-bit integers.',
  })
  idNumber!: string | null;

  @Field(() => Int, { nullable: true, description: 'Economic activity code (CIIU).' })
  economicActivityCode!: number | null;

  @Field(() => String, { nullable: true, description: 'Description of the economic activity code.' })
  economicActivityCodeDescription!: string | null;

  @Field(() => String, { nullable: true, description: 'Contributor class code, e.g. `A`.' })
  contributorClassCode!: string | null;

  @Field(() => String, { nullable: true, description: 'Description of the contributor class.' })
  contributorClassCodeDescription!: string | null;

  @Field(() => Int, { nullable: true, description: 'Contributor type code (1 = dependiente).' })
  contributorTypeCode!: number | null;

  @Field(() => String, { nullable: true, description: 'Description of the contributor type.' })
  contributorTypeDescription!: string | null;

  @Field(() => Int, { nullable: true, description: 'Months the person has been with this employer.' })
  tenureMonths!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Months the person has been with this employer (as `tenureMonths`).',
    deprecationReason: 'Renamed `tenureMonths`: the unit in the name. Removed before 1.0.',
  })
  tenure!: number | null;
}

@ObjectType({ description: 'One month of salary and contributions with one employer.' })
export class SalaryAndBenefitDetail {
  @Field(() => YearMonth, {
    nullable: true,
    description:
      'The month the row reports. Null when Belvo sent none, or text that is not a month from 1900 on (`monthRaw` has it).',
  })
  month!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Belvo's month as sent; tells an unreadable `month` apart.",
  })
  monthRaw!: string | null;

  @Field(() => Money, {
    nullable: true,
    description: 'Gross pay for the month, exact, in Colombian pesos. Null when Belvo sent none.',
  })
  gross!: Money | null;

  @Field(() => Money, {
    nullable: true,
    description: 'Net pay for the month, exact, in Colombian pesos. Null when Belvo sent none.',
  })
  net!: Money | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Gross amount in Colombian pesos (COP), as a float.',
    deprecationReason:
      'Use `gross { amount currency }`: an exact decimal with its currency. Removed before 1.0.',
  })
  grossAmount!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Net amount in Colombian pesos (COP), as a float.',
    deprecationReason:
      'Use `net { amount currency }`: an exact decimal with its currency. Removed before 1.0.',
  })
  netAmount!: number | null;

  @Field(() => EmploymentType, {
    nullable: true,
    description: 'How the person was engaged that month; OTHER for a type this gateway does not know.',
  })
  employmentType!: EmploymentType | null;

  @Field(() => String, {
    nullable: true,
    description: "Belvo's employment type as sent; tells an OTHER type apart.",
  })
  employmentTypeRaw!: string | null;

  @Field(() => String, { nullable: true, description: 'Extra detail about the employment type.' })
  employmentTypeAdditionalInfo!: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether parafiscal contributions (SENA, ICBF, caja) were paid.',
  })
  parafiscalContribution!: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether the salary is a "salario integral".' })
  salaryComprehensive!: boolean | null;

  @Field(() => SalaryType, {
    nullable: true,
    description: 'Fixed or variable salary; OTHER for a type this gateway does not know.',
  })
  salaryType!: SalaryType | null;

  @Field(() => String, {
    nullable: true,
    description: "Belvo's salary type as sent; tells an OTHER type apart.",
  })
  salaryTypeRaw!: string | null;

  @Field(() => String, { nullable: true, description: 'Pension fund the contributions went to.' })
  pensionFundName!: string | null;

  @Field(() => String, { nullable: true, description: 'Health provider (EPS) the contributions went to.' })
  healthcareProviderName!: string | null;

  @Field(() => [StatusChange], {
    description:
      'Events reported for the month; OTHER for an event this gateway does not know. Empty when there were none, or Belvo sent null; an entry Belvo sent as null is left out.',
  })
  statusChanges!: StatusChange[];

  @Field(() => [String], {
    description: "Belvo's events as sent, in the same order as `statusChanges` (null entries left out).",
  })
  statusChangesRaw!: string[];
}

@ObjectType({ description: 'One employer of the person and the last 24 months of salary with it.' })
export class Employment {
  @Field(() => UUID, { description: "Belvo's id for this employment record." })
  id!: string;

  @Field(() => UUID, { description: 'Id of the link this record belongs to.' })
  linkId!: string;

  @Field(() => DateTime, { nullable: true, description: 'When Belvo stored the record.' })
  createdAt!: string | null;

  @Field(() => DateTime, { nullable: true, description: 'When Belvo read the record from the institution.' })
  collectedAt!: string | null;

  @Field(() => EmployerData, { nullable: true, description: 'Who the employer is.' })
  employerData!: EmployerData | null;

  @Field(() => [SalaryAndBenefitDetail], {
    description:
      'Monthly rows, newest first, up to the last 24 months. Empty when Belvo sent none (or null); a row Belvo sent as null is left out.',
  })
  salaryAndBenefitDetails!: SalaryAndBenefitDetail[];
}
