import { z } from 'zod';

/*
 * Belvo's response bodies, declared once (docs/belvo-contract.md, "Reading Belvo's answers").
 * Every body is parsed here, at the client boundary; the TypeScript types below are inferred from
 * these schemas, so what the code trusts is exactly what was checked.
 *
 * Tolerant on purpose, as Belvo's reference asks:
 * - every field except ids may be null or missing (missing reads as null);
 * - enum-like strings are kept raw (any string): the GraphQL layer maps the values it knows and
 *   reports the rest as OTHER, so a value Belvo adds tomorrow never fails a read;
 * - unknown keys are dropped (zod's default for objects).
 * Strict only where a wrong value would break the API later: a wrongly typed field, an id that is not
 * a UUID, a timestamp GraphQL's DateTime cannot carry. Those fail the item (or the body), never
 * silently.
 */

/** The documented values, for the simulator and for the GraphQL enums; reads accept any string. */
export const LINK_STATUSES = ['valid', 'invalid', 'unconfirmed', 'token_required'] as const;
export const ACCESS_MODES = ['single', 'recurrent'] as const;
export const FETCH_RESOURCES = ['EMPLOYMENTS', 'OWNERS'] as const;
export const REFRESH_RATES = ['6h', '12h', '24h', '7d', '30d'] as const;
export const EMPLOYER_ID_TYPES = ['NIT', 'CE', 'CC', 'PASSPORT'] as const;
export const EMPLOYMENT_TYPES = ['SALARIED', 'CONTRACTUAL', 'PENSIONED'] as const;
export const SALARY_TYPES = ['FIXED', 'VARIABLE'] as const;
export const STATUS_CHANGES = [
  'FIRST_MONTH',
  'FINAL_MONTH',
  'ON_LEAVE',
  'RETIREMENT_MONTH',
  'ON_VACATION',
  'PERMANENT_SALARY_CHANGE',
  'TEMPORARY_SALARY_CHANGE',
] as const;

export type LinkStatus = (typeof LINK_STATUSES)[number];
export type AccessMode = (typeof ACCESS_MODES)[number];
export type FetchResource = (typeof FETCH_RESOURCES)[number];
export type RefreshRate = (typeof REFRESH_RATES)[number];
export type EmployerIdType = (typeof EMPLOYER_ID_TYPES)[number];
export type EmploymentType = (typeof EMPLOYMENT_TYPES)[number];
export type SalaryType = (typeof SALARY_TYPES)[number];
export type StatusChange = (typeof STATUS_CHANGES)[number];

/** Null or missing both read as null. */
const maybe = <T extends z.ZodType>(schema: T) => schema.nullable().default(null);

// RFC 3339 with an offset, what GraphQL's DateTime scalar accepts; anything else fails the item.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
const dateTime = z.string().regex(DATE_TIME);
const id = z.guid();
const text = z.string();
/** An enum-like value: any string, judged later against the documented list. */
const raw = z.string();

export const linkSchema = z.object({
  id,
  institution: maybe(text),
  access_mode: maybe(raw),
  status: maybe(raw),
  created_by: maybe(id),
  created_at: maybe(dateTime),
  last_accessed_at: maybe(dateTime),
  external_id: maybe(text),
  institution_user_id: maybe(text),
  refresh_rate: maybe(raw),
  credentials_storage: maybe(text),
  stale_in: maybe(text),
  fetch_resources: maybe(z.array(raw)),
});

export const employerDataSchema = z.object({
  name: maybe(text),
  id_type: maybe(raw),
  /** Exceeds 32 bits; exposed as a String by the GraphQL layer. */
  id_number: maybe(z.number()),
  economic_activity_code: maybe(z.number().int()),
  economic_activity_code_description: maybe(text),
  contributor_class_code: maybe(text),
  contributor_class_code_description: maybe(text),
  contributor_type_code: maybe(z.number().int()),
  contributor_type_description: maybe(text),
  tenure: maybe(z.number().int()),
});

export const salaryRowSchema = z.object({
  month: maybe(text),
  gross_amount: maybe(z.number()),
  net_amount: maybe(z.number()),
  employment_type: maybe(raw),
  employment_type_additional_info: maybe(text),
  parafiscal_contribution: maybe(z.boolean()),
  salary_comprehensive: maybe(z.boolean()),
  salary_type: maybe(raw),
  pension_fund_name: maybe(text),
  healthcare_provider_name: maybe(text),
  /** A null entry says nothing and is left out by the mapper; it must not fail the employment. */
  status_changes: maybe(z.array(raw.nullable())),
});

export const employmentSchema = z.object({
  id,
  link: id,
  created_at: maybe(dateTime),
  collected_at: maybe(dateTime),
  employer_data: maybe(employerDataSchema),
  /** A null row (Belvo's "may be null" reaches inside lists) is left out by the mapper, not the item. */
  salary_and_benefit_details: maybe(z.array(salaryRowSchema.nullable())),
});

export const ownerSchema = z.object({
  id,
  link: id,
  internal_identification: maybe(text),
  collected_at: maybe(dateTime),
  created_at: maybe(dateTime),
  display_name: maybe(text),
  email: maybe(text),
  phone_number: maybe(text),
  address: maybe(text),
  document_id: maybe(
    z.object({
      document_type: maybe(raw),
      document_number: maybe(text),
    }),
  ),
  first_name: maybe(text),
  last_name: maybe(text),
  second_last_name: maybe(text),
  business_name: maybe(text),
});

/**
 * A list page with its items left unchecked: each item is parsed on its own, so one bad item fails
 * only itself. A page without a `results` array is a bad body, never an empty list.
 */
export const pageSchema = z.object({
  count: maybe(z.number().int().nonnegative()),
  next: maybe(z.string()),
  previous: maybe(z.string()),
  results: z.array(z.unknown()),
});

export const errorItemSchema = z.object({
  request_id: maybe(text),
  /** Belvo's own words, which may echo what was sent (a cédula): read, never passed on. */
  message: maybe(text),
  code: maybe(text),
  field: maybe(text),
});
export const errorArraySchema = z.array(errorItemSchema);

/** The 202 of a refresh or an async delete. */
export const acceptedSchema = z.object({ request_id: maybe(text) });

export type BelvoLink = z.infer<typeof linkSchema>;
export type BelvoEmployerData = z.infer<typeof employerDataSchema>;
export type BelvoSalaryRow = z.infer<typeof salaryRowSchema>;
export type BelvoEmployment = z.infer<typeof employmentSchema>;
export type BelvoOwner = z.infer<typeof ownerSchema>;
/** As Belvo may send it (every key optional), which is also what the simulator writes. */
export type BelvoErrorItem = z.input<typeof errorItemSchema>;
export type AcceptedResponse = z.infer<typeof acceptedSchema>;

/** A page as the client hands it on: its items parsed one by one. */
export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}
