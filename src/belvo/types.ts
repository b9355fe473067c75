/** Belvo REST shapes for Colombian employment data, as in ../shared/belvo/CONTRACT.md (snake_case). */

export const INSTITUTION = 'pila_co_employment';

export type LinkStatus = 'valid' | 'invalid' | 'unconfirmed' | 'token_required';
export type AccessMode = 'single' | 'recurrent';
export type FetchResource = 'EMPLOYMENTS' | 'OWNERS';
export type RefreshRate = '6h' | '12h' | '24h' | '7d' | '30d';

export interface BelvoLink {
  id: string;
  institution: string;
  access_mode: AccessMode | null;
  status: LinkStatus;
  created_by: string;
  created_at: string;
  last_accessed_at: string | null;
  external_id: string | null;
  institution_user_id: string;
  refresh_rate: RefreshRate | null;
  credentials_storage: string;
  stale_in: string | null;
  fetch_resources: FetchResource[];
}

export interface CreateLinkBody {
  institution: string;
  username: string;
  fetch_resources?: FetchResource[];
  access_mode?: AccessMode;
  external_id?: string;
  credentials_storage?: string;
  stale_in?: string;
}

export interface PatchLinkBody {
  access_mode?: AccessMode;
  fetch_resources?: FetchResource[];
  stale_in?: string;
}

export type EmployerIdType = 'NIT' | 'CE' | 'CC' | 'PASSPORT';
export type EmploymentType = 'SALARIED' | 'CONTRACTUAL' | 'PENSIONED';
export type SalaryType = 'FIXED' | 'VARIABLE';
export type StatusChange =
  | 'FIRST_MONTH'
  | 'FINAL_MONTH'
  | 'ON_LEAVE'
  | 'RETIREMENT_MONTH'
  | 'ON_VACATION'
  | 'PERMANENT_SALARY_CHANGE'
  | 'TEMPORARY_SALARY_CHANGE';

export interface BelvoEmployerData {
  name: string | null;
  id_type: EmployerIdType | null;
  /** Exceeds 32 bits; exposed as a String by the GraphQL layer. */
  id_number: number | null;
  economic_activity_code: number | null;
  economic_activity_code_description: string | null;
  contributor_class_code: string | null;
  contributor_class_code_description: string | null;
  contributor_type_code: number | null;
  contributor_type_description: string | null;
  tenure: number | null;
}

export interface BelvoSalaryRow {
  month: string | null;
  gross_amount: number | null;
  net_amount: number | null;
  employment_type: EmploymentType | null;
  employment_type_additional_info: string | null;
  parafiscal_contribution: boolean | null;
  salary_comprehensive: boolean | null;
  salary_type: SalaryType | null;
  pension_fund_name: string | null;
  healthcare_provider_name: string | null;
  status_changes: StatusChange[] | null;
}

export interface BelvoEmployment {
  id: string;
  link: string;
  created_at: string;
  collected_at: string;
  employer_data: BelvoEmployerData | null;
  salary_and_benefit_details: BelvoSalaryRow[] | null;
}

export interface BelvoOwner {
  id: string;
  link: string;
  internal_identification: string | null;
  collected_at: string | null;
  created_at: string | null;
  display_name: string | null;
  email: string | null;
  phone_number: string | null;
  address: string | null;
  document_id: { document_type: string | null; document_number: string | null } | null;
  first_name: string | null;
  last_name: string | null;
  second_last_name: string | null;
  business_name: string | null;
}

export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

export interface BelvoErrorItem {
  request_id?: string;
  message?: string;
  code?: string;
  field?: string;
}

export interface AcceptedResponse {
  request_id: string;
}

export type WebhookType = 'EMPLOYMENTS' | 'OWNERS' | 'LINK';

export interface WebhookEnvelope {
  webhook_id: string;
  webhook_type: string;
  process_type: string | null;
  webhook_code: string;
  link_id: string;
  request_id: string | null;
  external_id: string | null;
  data: Record<string, unknown>;
}

/** Filter values for list endpoints; arrays become comma lists (`__in`, `__range`). */
export type ListFilters = Record<string, string | number | readonly string[] | undefined>;
