import type { BelvoEmployerData, BelvoEmployment, BelvoSalaryRow } from '../../belvo/types.js';
import type { EmployerIdType, EmploymentType, SalaryType, StatusChange } from './employment.enums.js';
import type { EmployerData, Employment, SalaryAndBenefitDetail } from './employment.type.js';

export function toEmployment(item: BelvoEmployment): Employment {
  return {
    id: item.id,
    linkId: item.link,
    createdAt: item.created_at,
    collectedAt: item.collected_at,
    employerData: item.employer_data ? toEmployerData(item.employer_data) : null,
    salaryAndBenefitDetails: item.salary_and_benefit_details?.map(toSalaryRow) ?? null,
  };
}

function toEmployerData(data: BelvoEmployerData): EmployerData {
  return {
    name: data.name,
    idType: data.id_type as EmployerIdType | null,
    // Belvo sends an integer above 2^32; a String keeps every digit for GraphQL clients.
    idNumber: data.id_number === null || data.id_number === undefined ? null : String(data.id_number),
    economicActivityCode: data.economic_activity_code,
    economicActivityCodeDescription: data.economic_activity_code_description,
    contributorClassCode: data.contributor_class_code,
    contributorClassCodeDescription: data.contributor_class_code_description,
    contributorTypeCode: data.contributor_type_code,
    contributorTypeDescription: data.contributor_type_description,
    tenure: data.tenure,
  };
}

function toSalaryRow(row: BelvoSalaryRow): SalaryAndBenefitDetail {
  return {
    month: row.month,
    grossAmount: row.gross_amount,
    netAmount: row.net_amount,
    employmentType: row.employment_type as EmploymentType | null,
    employmentTypeAdditionalInfo: row.employment_type_additional_info,
    parafiscalContribution: row.parafiscal_contribution,
    salaryComprehensive: row.salary_comprehensive,
    salaryType: row.salary_type as SalaryType | null,
    pensionFundName: row.pension_fund_name,
    healthcareProviderName: row.healthcare_provider_name,
    statusChanges: row.status_changes as StatusChange[] | null,
  };
}
