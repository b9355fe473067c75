import {
  EMPLOYER_ID_TYPES,
  EMPLOYMENT_TYPES,
  SALARY_TYPES,
  STATUS_CHANGES,
  type BelvoEmployerData,
  type BelvoEmployment,
  type BelvoSalaryRow,
} from '../../belvo/contract/schemas.js';
import type { Item } from '../../belvo/client.js';
import { InvalidItemError } from '../../belvo/errors.js';
import { decimalFromNumber } from '../../graphql-kit/decimal.js';
import { pesos } from '../../graphql-kit/money.js';
import { known } from '../../graphql-kit/tolerant-enum.js';
import { monthIndex } from '../income/year-month.js';
import type { EmployerIdType, EmploymentType, SalaryType, StatusChange } from './employment.enums.js';
import type { EmployerData, Employment, SalaryAndBenefitDetail } from './employment.type.js';

export function toEmployment(item: BelvoEmployment): Employment {
  return {
    id: item.id,
    linkId: item.link,
    createdAt: item.created_at,
    collectedAt: item.collected_at,
    employerData: item.employer_data ? toEmployerData(item.employer_data) : null,
    salaryAndBenefitDetails: item.salary_and_benefit_details?.filter(isPresent).map(toSalaryRow) ?? [],
  };
}

function toEmployerData(data: BelvoEmployerData): EmployerData {
  return {
    name: data.name,
    idType: known<EmployerIdType>(EMPLOYER_ID_TYPES, data.id_type),
    idTypeRaw: data.id_type,
    // Belvo sends an integer above 2^32; a String keeps every digit for GraphQL clients.
    idNumber: data.id_number === null ? null : String(data.id_number),
    economicActivityCode: data.economic_activity_code,
    economicActivityCodeDescription: data.economic_activity_code_description,
    contributorClassCode: data.contributor_class_code,
    contributorClassCodeDescription: data.contributor_class_code_description,
    contributorTypeCode: data.contributor_type_code,
    contributorTypeDescription: data.contributor_type_description,
    tenureMonths: data.tenure,
    tenure: data.tenure,
  };
}

/** Belvo's null entries in a list carry nothing to show: the rest of the list is kept, in order. */
const isPresent = <T>(value: T | null): value is T => value !== null;

function toSalaryRow(row: BelvoSalaryRow): SalaryAndBenefitDetail {
  const statusChanges = row.status_changes?.filter(isPresent) ?? [];
  return {
    month: monthIndex(row.month) === undefined ? null : row.month,
    monthRaw: row.month,
    gross: row.gross_amount === null ? null : pesos(decimalFromNumber(row.gross_amount)),
    net: row.net_amount === null ? null : pesos(decimalFromNumber(row.net_amount)),
    grossAmount: row.gross_amount,
    netAmount: row.net_amount,
    employmentType: known<EmploymentType>(EMPLOYMENT_TYPES, row.employment_type),
    employmentTypeRaw: row.employment_type,
    employmentTypeAdditionalInfo: row.employment_type_additional_info,
    parafiscalContribution: row.parafiscal_contribution,
    salaryComprehensive: row.salary_comprehensive,
    salaryType: known<SalaryType>(SALARY_TYPES, row.salary_type),
    salaryTypeRaw: row.salary_type,
    pensionFundName: row.pension_fund_name,
    healthcareProviderName: row.healthcare_provider_name,
    statusChanges: statusChanges.map((change) => known<StatusChange>(STATUS_CHANGES, change) as StatusChange),
    statusChangesRaw: statusChanges,
  };
}

/** A list item that failed its schema stays an error, which fails that item's path alone. */
export const toEmploymentItem = (item: Item<BelvoEmployment>): Employment | InvalidItemError =>
  item instanceof InvalidItemError ? item : toEmployment(item);
