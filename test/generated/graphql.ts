/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** How long Belvo keeps the link updated. */
export type AccessMode =
  /** A value Belvo sent that this gateway does not know yet; `accessModeRaw` has it as sent. Read only. */
  | 'OTHER'
  /** Belvo refreshes the data periodically and announces new employments. */
  | 'RECURRENT'
  /** One extraction; recommended for employment checks. */
  | 'SINGLE';

/** What Belvo needs to create a link for one person. */
export type CreateLinkInput = {
  /** Single extraction (default) or recurrent. */
  accessMode?: AccessMode;
  /** The person's Cédula de Ciudadanía: 6 to 10 digits (0-9), no dots or spaces. Sent to Belvo only; never logged, cached or echoed back. */
  cedula: string;
  /** How long Belvo keeps the credentials: `store`, `nostore` or `<N>d` (1–365). Recurrent links always store. */
  credentialsStorage?: string | null | undefined;
  /** Your own reference: 3–256 characters of letters, digits, `_` or `-`. Must not contain personal data. */
  externalId?: string | null | undefined;
  /** What to extract; both by default. */
  fetchResources?: Array<FetchResource>;
  /** Makes retries safe: calls with the same key and the same input get the same link, created at Belvo once, even when they run at the same time. The same key with another input is refused. 1–255 characters of letters, digits, `_`, `-`, `.` or `:`; kept at least 24 hours. Without `externalId`, the gateway sends Belvo an opaque one of its own. */
  idempotencyKey?: string | null | undefined;
  /**
   * Delete the data after `<N>d` (1–365) without update (as `staleInDays`).
   * @deprecated Use `staleInDays`, a number of days. Removed before 1.0.
   */
  staleIn?: string | null | undefined;
  /** Belvo deletes the link's data after this many days without an update: 1 to 365 (Belvo's default 365). */
  staleInDays?: number | null | undefined;
};

/** An inclusive range of calendar days (both ends included), e.g. for `createdAt`. */
export type DateRange = {
  /** First day included, `YYYY-MM-DD`. */
  from: string;
  /** Last day included, `YYYY-MM-DD`. */
  to: string;
};

/** Kind of the employer identification number. */
export type EmployerIdType =
  /** Cédula de Ciudadanía (a person as employer). */
  | 'CC'
  /** Cédula de Extranjería. */
  | 'CE'
  /** Número de Identificación Tributaria (companies). */
  | 'NIT'
  /** A value Belvo sent that this gateway does not know yet; `idTypeRaw` has it as sent. Read only. */
  | 'OTHER'
  /** Passport. */
  | 'PASSPORT';

/** How the person was engaged that month. */
export type EmploymentType =
  /** Independent contractor (prestación de servicios). */
  | 'CONTRACTUAL'
  /** A value Belvo sent that this gateway does not know yet; `employmentTypeRaw` has it as sent. Read only. */
  | 'OTHER'
  /** Receiving a pension. */
  | 'PENSIONED'
  /** Employee on payroll. */
  | 'SALARIED';

/** Which data Belvo extracts for the link. */
export type FetchResource =
  /** Employers and monthly salary rows. */
  | 'EMPLOYMENTS'
  /** A value Belvo sent that this gateway does not know yet; `fetchResourcesRaw` has it as sent. Read only. */
  | 'OTHER'
  /** The person behind the cédula. */
  | 'OWNERS';

/** Why Belvo can no longer use a link. */
export type LinkErrorReason =
  /** The institution refused the credentials; create the link again. */
  | 'INVALID_CREDENTIALS'
  /** A value Belvo sent that this gateway does not know yet; `reasonRaw` has it as sent. Read only. */
  | 'OTHER'
  /** The institution asks for a token; the link needs the user again. */
  | 'TOKEN_REQUIRED';

/** Filters for the `links` query; all optional and combined with AND. */
export type LinkFilter = {
  /** Only links with this access mode. */
  accessMode?: AccessMode | null | undefined;
  /** Only links created on these days. */
  createdAt?: DateRange | null | undefined;
  /** Only the link with this external id. */
  externalId?: string | null | undefined;
  /** Only links with this status. */
  status?: LinkStatus | null | undefined;
};

/** How the wait for a link ended. */
export type LinkReadyOutcome =
  /** The link was deleted while waiting. */
  | 'DELETED'
  /** Belvo could not extract: see `errorReason` (the link is kept, but holds no data). */
  | 'LINK_ERROR'
  /** Every resource the link fetches was extracted: its data is in `link`. */
  | 'READY';

/** Whether Belvo can use the link. */
export type LinkStatus =
  /** The institution refused the credentials; the link must be recreated. */
  | 'INVALID'
  /** A value Belvo sent that this gateway does not know yet; `statusRaw` has it as sent. Read only. */
  | 'OTHER'
  /** The institution asks for a token (MFA); not expected for this institution. */
  | 'TOKEN_REQUIRED'
  /** Creation did not finish (for example a token was never given). */
  | 'UNCONFIRMED'
  /** The link works; data is or will be available. */
  | 'VALID';

/** How often Belvo refreshes a recurrent link. */
export type RefreshRate =
  /** Every 6 hours. */
  | 'EVERY_6_HOURS'
  /** Every 7 days. */
  | 'EVERY_7_DAYS'
  /** Every 12 hours. */
  | 'EVERY_12_HOURS'
  /** Every 24 hours. */
  | 'EVERY_24_HOURS'
  /** Every 30 days. */
  | 'EVERY_30_DAYS'
  /** A value Belvo sent that this gateway does not know yet; `refreshRateRaw` has it as sent. Read only. */
  | 'OTHER';

/** Whether the salary is fixed or varies month to month. */
export type SalaryType =
  /** Fixed monthly salary. */
  | 'FIXED'
  /** A value Belvo sent that this gateway does not know yet; `salaryTypeRaw` has it as sent. Read only. */
  | 'OTHER'
  /** Variable pay. */
  | 'VARIABLE';

/** Events reported for the month (PILA novedades). */
export type StatusChange =
  /** Last month with this employer. */
  | 'FINAL_MONTH'
  /** First month with this employer. */
  | 'FIRST_MONTH'
  /** On leave during the month. */
  | 'ON_LEAVE'
  /** On vacation during the month. */
  | 'ON_VACATION'
  /** A value Belvo sent that this gateway does not know yet; `statusChangesRaw` has it as sent. Read only. */
  | 'OTHER'
  /** The salary changed permanently. */
  | 'PERMANENT_SALARY_CHANGE'
  /** Retired this month. */
  | 'RETIREMENT_MONTH'
  /** The salary changed temporarily. */
  | 'TEMPORARY_SALARY_CHANGE';

export type DriftLinkFieldsFragment = { id: string, institution: string | null, status: LinkStatus | null, statusRaw: string | null, accessMode: AccessMode | null, accessModeRaw: string | null, createdAt: string | null, lastAccessedAt: string | null, institutionUserId: string | null, refreshRate: RefreshRate | null, refreshRateRaw: string | null, credentialsStorage: string | null, staleIn: string | null, fetchResources: Array<FetchResource> | null, fetchResourcesRaw: Array<string> | null };

export type DriftEmploymentFieldsFragment = { id: string, createdAt: string | null, collectedAt: string | null, employerData: { name: string | null, idType: EmployerIdType | null, idTypeRaw: string | null, tenure: number | null } | null, salaryAndBenefitDetails: Array<{ grossAmount: number | null, employmentType: EmploymentType | null, employmentTypeRaw: string | null, salaryType: SalaryType | null, salaryTypeRaw: string | null, statusChanges: Array<StatusChange> | null, statusChangesRaw: Array<string> | null }> | null };

export type DriftOwnerFieldsFragment = { id: string, displayName: string | null, email: string | null, documentId: { documentType: string | null } | null };

export type DriftCreateLinkMutationVariables = Exact<{
  input: CreateLinkInput;
}>;


export type DriftCreateLinkMutation = { createLink: { id: string, institution: string | null, status: LinkStatus | null, statusRaw: string | null, accessMode: AccessMode | null, accessModeRaw: string | null, createdAt: string | null, lastAccessedAt: string | null, institutionUserId: string | null, refreshRate: RefreshRate | null, refreshRateRaw: string | null, credentialsStorage: string | null, staleIn: string | null, fetchResources: Array<FetchResource> | null, fetchResourcesRaw: Array<string> | null } };

export type DriftLinkQueryVariables = Exact<{
  id: string;
}>;


export type DriftLinkQuery = { link: { id: string, institution: string | null, status: LinkStatus | null, statusRaw: string | null, accessMode: AccessMode | null, accessModeRaw: string | null, createdAt: string | null, lastAccessedAt: string | null, institutionUserId: string | null, refreshRate: RefreshRate | null, refreshRateRaw: string | null, credentialsStorage: string | null, staleIn: string | null, fetchResources: Array<FetchResource> | null, fetchResourcesRaw: Array<string> | null, employments: Array<{ id: string, createdAt: string | null, collectedAt: string | null, employerData: { name: string | null, idType: EmployerIdType | null, idTypeRaw: string | null, tenure: number | null } | null, salaryAndBenefitDetails: Array<{ grossAmount: number | null, employmentType: EmploymentType | null, employmentTypeRaw: string | null, salaryType: SalaryType | null, salaryTypeRaw: string | null, statusChanges: Array<StatusChange> | null, statusChangesRaw: Array<string> | null }> | null } | null>, owners: Array<{ id: string, displayName: string | null, email: string | null, documentId: { documentType: string | null } | null } | null> } };

export type DriftLinksQueryVariables = Exact<{ [key: string]: never; }>;


export type DriftLinksQuery = { links: { totalCount: number, nodes: Array<{ id: string, institution: string | null, status: LinkStatus | null, statusRaw: string | null, accessMode: AccessMode | null, accessModeRaw: string | null, createdAt: string | null, lastAccessedAt: string | null, institutionUserId: string | null, refreshRate: RefreshRate | null, refreshRateRaw: string | null, credentialsStorage: string | null, staleIn: string | null, fetchResources: Array<FetchResource> | null, fetchResourcesRaw: Array<string> | null }> } };

export type DriftEmploymentsQueryVariables = Exact<{
  linkId: string;
}>;


export type DriftEmploymentsQuery = { employments: Array<{ id: string, createdAt: string | null, collectedAt: string | null, employerData: { name: string | null, idType: EmployerIdType | null, idTypeRaw: string | null, tenure: number | null } | null, salaryAndBenefitDetails: Array<{ grossAmount: number | null, employmentType: EmploymentType | null, employmentTypeRaw: string | null, salaryType: SalaryType | null, salaryTypeRaw: string | null, statusChanges: Array<StatusChange> | null, statusChangesRaw: Array<string> | null }> | null } | null> };

export type DriftOwnersQueryVariables = Exact<{
  linkId: string;
}>;


export type DriftOwnersQuery = { owners: Array<{ id: string, displayName: string | null, email: string | null, documentId: { documentType: string | null } | null } | null> };

export type DriftHistoricalUpdateSubscriptionVariables = Exact<{
  linkId: string;
}>;


export type DriftHistoricalUpdateSubscription = { historicalUpdate:
    | { __typename: 'EmploymentsHistoricalUpdate', employments: Array<{ id: string, createdAt: string | null, collectedAt: string | null, employerData: { name: string | null, idType: EmployerIdType | null, idTypeRaw: string | null, tenure: number | null } | null, salaryAndBenefitDetails: Array<{ grossAmount: number | null, employmentType: EmploymentType | null, employmentTypeRaw: string | null, salaryType: SalaryType | null, salaryTypeRaw: string | null, statusChanges: Array<StatusChange> | null, statusChangesRaw: Array<string> | null }> | null } | null> }
    | { __typename: 'OwnersHistoricalUpdate', owners: Array<{ id: string, displayName: string | null, email: string | null, documentId: { documentType: string | null } | null } | null> }
   };

export type HistoricalUpdateSubscriptionVariables = Exact<{
  linkId: string;
  after?: string | null | undefined;
}>;


export type HistoricalUpdateSubscription = { historicalUpdate:
    | { __typename: 'EmploymentsHistoricalUpdate', id: string, linkId: string, total: number | null, employments: Array<{ id: string, employerData: { name: string | null } | null } | null> }
    | { __typename: 'OwnersHistoricalUpdate', id: string, linkId: string, total: number | null, owners: Array<{ id: string, displayName: string | null } | null> }
   };

export type LinkEventsSubscriptionVariables = Exact<{
  linkId: string;
  afterCursor?: string | null | undefined;
}>;


export type LinkEventsSubscription = { linkEvents:
    | { __typename: 'EmploymentsHistoricalUpdate', id: string, cursor: string, linkId: string, receivedAt: string, requestId: string | null, externalId: string | null, link: { id: string, status: LinkStatus | null } | null }
    | { __typename: 'LinkDeleted', id: string, cursor: string, linkId: string, receivedAt: string, requestId: string | null, externalId: string | null, link: { id: string, status: LinkStatus | null } | null }
    | { __typename: 'LinkError', reason: LinkErrorReason, errorCode: string | null, errorMessage: string, id: string, cursor: string, linkId: string, receivedAt: string, requestId: string | null, externalId: string | null, link: { id: string, status: LinkStatus | null } | null }
    | { __typename: 'NewEmploymentsAvailable', id: string, cursor: string, linkId: string, receivedAt: string, requestId: string | null, externalId: string | null, link: { id: string, status: LinkStatus | null } | null }
    | { __typename: 'NewOwnersAvailable', id: string, cursor: string, linkId: string, receivedAt: string, requestId: string | null, externalId: string | null, link: { id: string, status: LinkStatus | null } | null }
    | { __typename: 'OwnersHistoricalUpdate', id: string, cursor: string, linkId: string, receivedAt: string, requestId: string | null, externalId: string | null, link: { id: string, status: LinkStatus | null } | null }
   };

export type NewEmploymentsSubscriptionVariables = Exact<{
  linkId: string;
}>;


export type NewEmploymentsSubscription = { newEmploymentsAvailable: { id: string, newCount: number | null, since: string, until: string, employments: Array<{ id: string, createdAt: string | null, employerData: { name: string | null } | null } | null> } };

export type LinkReadySubscriptionVariables = Exact<{
  linkId: string;
}>;


export type LinkReadySubscription = { linkReady: { outcome: LinkReadyOutcome, errorReason: LinkErrorReason | null, cursor: string, link: { id: string, status: LinkStatus | null, employments: Array<{ id: string } | null>, owners: Array<{ id: string } | null> } | null } };

export type MoneyFieldsFragment = { amount: string, currency: string };

export type LinkIncomeQueryVariables = Exact<{
  id: string;
  months?: number | null | undefined;
}>;


export type LinkIncomeQuery = { link: { id: string, incomeProfile: { asOfMonth: string | null, monthsWithIncome: number, complete: boolean, monthly: Array<{ month: string, gross: { amount: string, currency: string }, net: { amount: string, currency: string }, sources: Array<{ employerName: string | null, employerIdType: EmployerIdType | null, employerIdTypeRaw: string | null, employerIdNumber: string | null, employments: Array<{ id: string }>, gross: { amount: string, currency: string }, net: { amount: string, currency: string } }> }>, averageMonthlyGross: { amount: string, currency: string } | null, medianMonthlyGross: { amount: string, currency: string } | null, currentEmployments: Array<{ id: string }>, gaps: Array<{ from: string, to: string, months: number }>, employments: Array<{ id: string } | null> } } };

export type LinkEmploymentIdsQueryVariables = Exact<{
  id: string;
}>;


export type LinkEmploymentIdsQuery = { link: { id: string, employments: Array<{ id: string } | null> } };

export type LinkEmploymentsAndIncomeQueryVariables = Exact<{
  id: string;
}>;


export type LinkEmploymentsAndIncomeQuery = { link: { id: string, employments: Array<{ id: string, salaryAndBenefitDetails: Array<{ month: string | null, grossAmount: number | null }> | null } | null>, incomeProfile: { asOfMonth: string | null, monthsWithIncome: number, complete: boolean } } };

export type LinkFieldsFragment = { id: string, institution: string | null, accessMode: AccessMode | null, status: LinkStatus | null, createdBy: string | null, createdAt: string | null, lastAccessedAt: string | null, externalId: string | null, institutionUserId: string | null, refreshRate: RefreshRate | null, credentialsStorage: string | null, staleIn: string | null, fetchResources: Array<FetchResource> | null };

export type EmploymentFieldsFragment = { id: string, linkId: string, createdAt: string | null, collectedAt: string | null, employerData: { name: string | null, idType: EmployerIdType | null, idNumber: string | null, economicActivityCode: number | null, economicActivityCodeDescription: string | null, contributorClassCode: string | null, contributorClassCodeDescription: string | null, contributorTypeCode: number | null, contributorTypeDescription: string | null, tenure: number | null } | null, salaryAndBenefitDetails: Array<{ month: string | null, grossAmount: number | null, netAmount: number | null, employmentType: EmploymentType | null, employmentTypeAdditionalInfo: string | null, parafiscalContribution: boolean | null, salaryComprehensive: boolean | null, salaryType: SalaryType | null, pensionFundName: string | null, healthcareProviderName: string | null, statusChanges: Array<StatusChange> | null }> | null };

export type OwnerFieldsFragment = { id: string, linkId: string, internalIdentification: string | null, collectedAt: string | null, createdAt: string | null, displayName: string | null, email: string | null, phoneNumber: string | null, address: string | null, documentId: { documentType: string | null, documentNumber: string | null } | null };

export type CreateLinkMutationVariables = Exact<{
  input: CreateLinkInput;
}>;


export type CreateLinkMutation = { createLink: { id: string, institution: string | null, accessMode: AccessMode | null, status: LinkStatus | null, createdBy: string | null, createdAt: string | null, lastAccessedAt: string | null, externalId: string | null, institutionUserId: string | null, refreshRate: RefreshRate | null, credentialsStorage: string | null, staleIn: string | null, fetchResources: Array<FetchResource> | null } };

export type DeleteLinkMutationVariables = Exact<{
  id: string;
}>;


export type DeleteLinkMutation = { deleteLink: boolean };

export type RefreshLinkMutationVariables = Exact<{
  id: string;
}>;


export type RefreshLinkMutation = { refreshLink: { linkId: string, requestId: string | null, requestedAt: string } };

export type LinkWithDataQueryVariables = Exact<{
  id: string;
  createdAt?: DateRange | null | undefined;
}>;


export type LinkWithDataQuery = { link: { id: string, institution: string | null, accessMode: AccessMode | null, status: LinkStatus | null, createdBy: string | null, createdAt: string | null, lastAccessedAt: string | null, externalId: string | null, institutionUserId: string | null, refreshRate: RefreshRate | null, credentialsStorage: string | null, staleIn: string | null, fetchResources: Array<FetchResource> | null, employments: Array<{ id: string, linkId: string, createdAt: string | null, collectedAt: string | null, link: { id: string }, employerData: { name: string | null, idType: EmployerIdType | null, idNumber: string | null, economicActivityCode: number | null, economicActivityCodeDescription: string | null, contributorClassCode: string | null, contributorClassCodeDescription: string | null, contributorTypeCode: number | null, contributorTypeDescription: string | null, tenure: number | null } | null, salaryAndBenefitDetails: Array<{ month: string | null, grossAmount: number | null, netAmount: number | null, employmentType: EmploymentType | null, employmentTypeAdditionalInfo: string | null, parafiscalContribution: boolean | null, salaryComprehensive: boolean | null, salaryType: SalaryType | null, pensionFundName: string | null, healthcareProviderName: string | null, statusChanges: Array<StatusChange> | null }> | null } | null>, owners: Array<{ id: string, linkId: string, internalIdentification: string | null, collectedAt: string | null, createdAt: string | null, displayName: string | null, email: string | null, phoneNumber: string | null, address: string | null, documentId: { documentType: string | null, documentNumber: string | null } | null } | null> } };

export type LinksPageQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: LinkFilter | null | undefined;
}>;


export type LinksPageQuery = { links: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, externalId: string | null } }> } };

export type LinksWithDataQueryVariables = Exact<{
  first?: number | null | undefined;
  filter?: LinkFilter | null | undefined;
}>;


export type LinksWithDataQuery = { links: { nodes: Array<{ id: string, employments: Array<{ id: string } | null>, owners: Array<{ id: string } | null> }> } };

export type EmploymentsOfLinkQueryVariables = Exact<{
  linkId: string;
  createdAt?: DateRange | null | undefined;
}>;


export type EmploymentsOfLinkQuery = { employments: Array<{ id: string, linkId: string } | null> };

export type OwnersOfLinkQueryVariables = Exact<{
  linkId: string;
}>;


export type OwnersOfLinkQuery = { owners: Array<{ id: string, displayName: string | null } | null> };

export type LinkStatusQueryVariables = Exact<{
  id: string;
}>;


export type LinkStatusQuery = { link: { id: string, status: LinkStatus | null } };

export const DriftLinkFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DriftLinkFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Link"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"institution"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusRaw"}},{"kind":"Field","name":{"kind":"Name","value":"accessMode"}},{"kind":"Field","name":{"kind":"Name","value":"accessModeRaw"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastAccessedAt"}},{"kind":"Field","name":{"kind":"Name","value":"institutionUserId"}},{"kind":"Field","name":{"kind":"Name","value":"refreshRate"}},{"kind":"Field","name":{"kind":"Name","value":"refreshRateRaw"}},{"kind":"Field","name":{"kind":"Name","value":"credentialsStorage"}},{"kind":"Field","name":{"kind":"Name","value":"staleIn"}},{"kind":"Field","name":{"kind":"Name","value":"fetchResources"}},{"kind":"Field","name":{"kind":"Name","value":"fetchResourcesRaw"}}]}}]} as unknown as DocumentNode<DriftLinkFieldsFragment, unknown>;
export const DriftEmploymentFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DriftEmploymentFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Employment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"collectedAt"}},{"kind":"Field","name":{"kind":"Name","value":"employerData"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"idType"}},{"kind":"Field","name":{"kind":"Name","value":"idTypeRaw"}},{"kind":"Field","name":{"kind":"Name","value":"tenure"}}]}},{"kind":"Field","name":{"kind":"Name","value":"salaryAndBenefitDetails"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"grossAmount"}},{"kind":"Field","name":{"kind":"Name","value":"employmentType"}},{"kind":"Field","name":{"kind":"Name","value":"employmentTypeRaw"}},{"kind":"Field","name":{"kind":"Name","value":"salaryType"}},{"kind":"Field","name":{"kind":"Name","value":"salaryTypeRaw"}},{"kind":"Field","name":{"kind":"Name","value":"statusChanges"}},{"kind":"Field","name":{"kind":"Name","value":"statusChangesRaw"}}]}}]}}]} as unknown as DocumentNode<DriftEmploymentFieldsFragment, unknown>;
export const DriftOwnerFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DriftOwnerFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Owner"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"documentId"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"documentType"}}]}}]}}]} as unknown as DocumentNode<DriftOwnerFieldsFragment, unknown>;
export const MoneyFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MoneyFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Money"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}}]}}]} as unknown as DocumentNode<MoneyFieldsFragment, unknown>;
export const LinkFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LinkFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Link"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"institution"}},{"kind":"Field","name":{"kind":"Name","value":"accessMode"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastAccessedAt"}},{"kind":"Field","name":{"kind":"Name","value":"externalId"}},{"kind":"Field","name":{"kind":"Name","value":"institutionUserId"}},{"kind":"Field","name":{"kind":"Name","value":"refreshRate"}},{"kind":"Field","name":{"kind":"Name","value":"credentialsStorage"}},{"kind":"Field","name":{"kind":"Name","value":"staleIn"}},{"kind":"Field","name":{"kind":"Name","value":"fetchResources"}}]}}]} as unknown as DocumentNode<LinkFieldsFragment, unknown>;
export const EmploymentFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EmploymentFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Employment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"linkId"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"collectedAt"}},{"kind":"Field","name":{"kind":"Name","value":"employerData"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"idType"}},{"kind":"Field","name":{"kind":"Name","value":"idNumber"}},{"kind":"Field","name":{"kind":"Name","value":"economicActivityCode"}},{"kind":"Field","name":{"kind":"Name","value":"economicActivityCodeDescription"}},{"kind":"Field","name":{"kind":"Name","value":"contributorClassCode"}},{"kind":"Field","name":{"kind":"Name","value":"contributorClassCodeDescription"}},{"kind":"Field","name":{"kind":"Name","value":"contributorTypeCode"}},{"kind":"Field","name":{"kind":"Name","value":"contributorTypeDescription"}},{"kind":"Field","name":{"kind":"Name","value":"tenure"}}]}},{"kind":"Field","name":{"kind":"Name","value":"salaryAndBenefitDetails"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"month"}},{"kind":"Field","name":{"kind":"Name","value":"grossAmount"}},{"kind":"Field","name":{"kind":"Name","value":"netAmount"}},{"kind":"Field","name":{"kind":"Name","value":"employmentType"}},{"kind":"Field","name":{"kind":"Name","value":"employmentTypeAdditionalInfo"}},{"kind":"Field","name":{"kind":"Name","value":"parafiscalContribution"}},{"kind":"Field","name":{"kind":"Name","value":"salaryComprehensive"}},{"kind":"Field","name":{"kind":"Name","value":"salaryType"}},{"kind":"Field","name":{"kind":"Name","value":"pensionFundName"}},{"kind":"Field","name":{"kind":"Name","value":"healthcareProviderName"}},{"kind":"Field","name":{"kind":"Name","value":"statusChanges"}}]}}]}}]} as unknown as DocumentNode<EmploymentFieldsFragment, unknown>;
export const OwnerFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OwnerFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Owner"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"linkId"}},{"kind":"Field","name":{"kind":"Name","value":"internalIdentification"}},{"kind":"Field","name":{"kind":"Name","value":"collectedAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"phoneNumber"}},{"kind":"Field","name":{"kind":"Name","value":"address"}},{"kind":"Field","name":{"kind":"Name","value":"documentId"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"documentType"}},{"kind":"Field","name":{"kind":"Name","value":"documentNumber"}}]}}]}}]} as unknown as DocumentNode<OwnerFieldsFragment, unknown>;
export const DriftCreateLinkDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DriftCreateLink"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateLinkInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createLink"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DriftLinkFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DriftLinkFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Link"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"institution"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusRaw"}},{"kind":"Field","name":{"kind":"Name","value":"accessMode"}},{"kind":"Field","name":{"kind":"Name","value":"accessModeRaw"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastAccessedAt"}},{"kind":"Field","name":{"kind":"Name","value":"institutionUserId"}},{"kind":"Field","name":{"kind":"Name","value":"refreshRate"}},{"kind":"Field","name":{"kind":"Name","value":"refreshRateRaw"}},{"kind":"Field","name":{"kind":"Name","value":"credentialsStorage"}},{"kind":"Field","name":{"kind":"Name","value":"staleIn"}},{"kind":"Field","name":{"kind":"Name","value":"fetchResources"}},{"kind":"Field","name":{"kind":"Name","value":"fetchResourcesRaw"}}]}}]} as unknown as DocumentNode<DriftCreateLinkMutation, DriftCreateLinkMutationVariables>;
export const DriftLinkDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DriftLink"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UUID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"link"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DriftLinkFields"}},{"kind":"Field","name":{"kind":"Name","value":"employments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DriftEmploymentFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"owners"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DriftOwnerFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DriftLinkFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Link"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"institution"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusRaw"}},{"kind":"Field","name":{"kind":"Name","value":"accessMode"}},{"kind":"Field","name":{"kind":"Name","value":"accessModeRaw"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastAccessedAt"}},{"kind":"Field","name":{"kind":"Name","value":"institutionUserId"}},{"kind":"Field","name":{"kind":"Name","value":"refreshRate"}},{"kind":"Field","name":{"kind":"Name","value":"refreshRateRaw"}},{"kind":"Field","name":{"kind":"Name","value":"credentialsStorage"}},{"kind":"Field","name":{"kind":"Name","value":"staleIn"}},{"kind":"Field","name":{"kind":"Name","value":"fetchResources"}},{"kind":"Field","name":{"kind":"Name","value":"fetchResourcesRaw"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DriftEmploymentFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Employment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"collectedAt"}},{"kind":"Field","name":{"kind":"Name","value":"employerData"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"idType"}},{"kind":"Field","name":{"kind":"Name","value":"idTypeRaw"}},{"kind":"Field","name":{"kind":"Name","value":"tenure"}}]}},{"kind":"Field","name":{"kind":"Name","value":"salaryAndBenefitDetails"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"grossAmount"}},{"kind":"Field","name":{"kind":"Name","value":"employmentType"}},{"kind":"Field","name":{"kind":"Name","value":"employmentTypeRaw"}},{"kind":"Field","name":{"kind":"Name","value":"salaryType"}},{"kind":"Field","name":{"kind":"Name","value":"salaryTypeRaw"}},{"kind":"Field","name":{"kind":"Name","value":"statusChanges"}},{"kind":"Field","name":{"kind":"Name","value":"statusChangesRaw"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DriftOwnerFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Owner"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"documentId"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"documentType"}}]}}]}}]} as unknown as DocumentNode<DriftLinkQuery, DriftLinkQueryVariables>;
export const DriftLinksDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DriftLinks"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"links"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DriftLinkFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DriftLinkFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Link"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"institution"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusRaw"}},{"kind":"Field","name":{"kind":"Name","value":"accessMode"}},{"kind":"Field","name":{"kind":"Name","value":"accessModeRaw"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastAccessedAt"}},{"kind":"Field","name":{"kind":"Name","value":"institutionUserId"}},{"kind":"Field","name":{"kind":"Name","value":"refreshRate"}},{"kind":"Field","name":{"kind":"Name","value":"refreshRateRaw"}},{"kind":"Field","name":{"kind":"Name","value":"credentialsStorage"}},{"kind":"Field","name":{"kind":"Name","value":"staleIn"}},{"kind":"Field","name":{"kind":"Name","value":"fetchResources"}},{"kind":"Field","name":{"kind":"Name","value":"fetchResourcesRaw"}}]}}]} as unknown as DocumentNode<DriftLinksQuery, DriftLinksQueryVariables>;
export const DriftEmploymentsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DriftEmployments"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"linkId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UUID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"employments"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"linkId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"linkId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DriftEmploymentFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DriftEmploymentFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Employment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"collectedAt"}},{"kind":"Field","name":{"kind":"Name","value":"employerData"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"idType"}},{"kind":"Field","name":{"kind":"Name","value":"idTypeRaw"}},{"kind":"Field","name":{"kind":"Name","value":"tenure"}}]}},{"kind":"Field","name":{"kind":"Name","value":"salaryAndBenefitDetails"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"grossAmount"}},{"kind":"Field","name":{"kind":"Name","value":"employmentType"}},{"kind":"Field","name":{"kind":"Name","value":"employmentTypeRaw"}},{"kind":"Field","name":{"kind":"Name","value":"salaryType"}},{"kind":"Field","name":{"kind":"Name","value":"salaryTypeRaw"}},{"kind":"Field","name":{"kind":"Name","value":"statusChanges"}},{"kind":"Field","name":{"kind":"Name","value":"statusChangesRaw"}}]}}]}}]} as unknown as DocumentNode<DriftEmploymentsQuery, DriftEmploymentsQueryVariables>;
export const DriftOwnersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DriftOwners"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"linkId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UUID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"owners"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"linkId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"linkId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DriftOwnerFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DriftOwnerFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Owner"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"documentId"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"documentType"}}]}}]}}]} as unknown as DocumentNode<DriftOwnersQuery, DriftOwnersQueryVariables>;
export const DriftHistoricalUpdateDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"DriftHistoricalUpdate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"linkId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UUID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"historicalUpdate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"linkId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"linkId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EmploymentsHistoricalUpdate"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"employments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DriftEmploymentFields"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OwnersHistoricalUpdate"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"owners"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DriftOwnerFields"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DriftEmploymentFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Employment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"collectedAt"}},{"kind":"Field","name":{"kind":"Name","value":"employerData"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"idType"}},{"kind":"Field","name":{"kind":"Name","value":"idTypeRaw"}},{"kind":"Field","name":{"kind":"Name","value":"tenure"}}]}},{"kind":"Field","name":{"kind":"Name","value":"salaryAndBenefitDetails"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"grossAmount"}},{"kind":"Field","name":{"kind":"Name","value":"employmentType"}},{"kind":"Field","name":{"kind":"Name","value":"employmentTypeRaw"}},{"kind":"Field","name":{"kind":"Name","value":"salaryType"}},{"kind":"Field","name":{"kind":"Name","value":"salaryTypeRaw"}},{"kind":"Field","name":{"kind":"Name","value":"statusChanges"}},{"kind":"Field","name":{"kind":"Name","value":"statusChangesRaw"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DriftOwnerFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Owner"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"documentId"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"documentType"}}]}}]}}]} as unknown as DocumentNode<DriftHistoricalUpdateSubscription, DriftHistoricalUpdateSubscriptionVariables>;
export const HistoricalUpdateDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"HistoricalUpdate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"linkId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UUID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"historicalUpdate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"linkId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"linkId"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EmploymentsHistoricalUpdate"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"linkId"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"employments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"employerData"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OwnersHistoricalUpdate"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"linkId"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"owners"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}}]}}]} as unknown as DocumentNode<HistoricalUpdateSubscription, HistoricalUpdateSubscriptionVariables>;
export const LinkEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"LinkEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"linkId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UUID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"afterCursor"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"linkEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"linkId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"linkId"}}},{"kind":"Argument","name":{"kind":"Name","value":"afterCursor"},"value":{"kind":"Variable","name":{"kind":"Name","value":"afterCursor"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"linkId"}},{"kind":"Field","name":{"kind":"Name","value":"receivedAt"}},{"kind":"Field","name":{"kind":"Name","value":"requestId"}},{"kind":"Field","name":{"kind":"Name","value":"externalId"}},{"kind":"Field","name":{"kind":"Name","value":"link"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"LinkError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"errorCode"}},{"kind":"Field","name":{"kind":"Name","value":"errorMessage"}}]}}]}}]}}]} as unknown as DocumentNode<LinkEventsSubscription, LinkEventsSubscriptionVariables>;
export const NewEmploymentsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"NewEmployments"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"linkId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UUID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"newEmploymentsAvailable"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"linkId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"linkId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"newCount"}},{"kind":"Field","name":{"kind":"Name","value":"since"}},{"kind":"Field","name":{"kind":"Name","value":"until"}},{"kind":"Field","name":{"kind":"Name","value":"employments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"employerData"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<NewEmploymentsSubscription, NewEmploymentsSubscriptionVariables>;
export const LinkReadyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"LinkReady"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"linkId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UUID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"linkReady"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"linkId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"linkId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"errorReason"}},{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"link"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"employments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"owners"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]} as unknown as DocumentNode<LinkReadySubscription, LinkReadySubscriptionVariables>;
export const LinkIncomeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"LinkIncome"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UUID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"months"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"link"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"incomeProfile"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"months"},"value":{"kind":"Variable","name":{"kind":"Name","value":"months"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"asOfMonth"}},{"kind":"Field","name":{"kind":"Name","value":"monthly"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"month"}},{"kind":"Field","name":{"kind":"Name","value":"gross"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MoneyFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"net"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MoneyFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"sources"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"employerName"}},{"kind":"Field","name":{"kind":"Name","value":"employerIdType"}},{"kind":"Field","name":{"kind":"Name","value":"employerIdTypeRaw"}},{"kind":"Field","name":{"kind":"Name","value":"employerIdNumber"}},{"kind":"Field","name":{"kind":"Name","value":"employments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"gross"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MoneyFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"net"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MoneyFields"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"averageMonthlyGross"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MoneyFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"medianMonthlyGross"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MoneyFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"monthsWithIncome"}},{"kind":"Field","name":{"kind":"Name","value":"currentEmployments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"gaps"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"months"}}]}},{"kind":"Field","name":{"kind":"Name","value":"complete"}},{"kind":"Field","name":{"kind":"Name","value":"employments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MoneyFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Money"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}}]}}]} as unknown as DocumentNode<LinkIncomeQuery, LinkIncomeQueryVariables>;
export const LinkEmploymentIdsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"LinkEmploymentIds"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UUID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"link"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"employments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]} as unknown as DocumentNode<LinkEmploymentIdsQuery, LinkEmploymentIdsQueryVariables>;
export const LinkEmploymentsAndIncomeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"LinkEmploymentsAndIncome"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UUID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"link"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"employments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"salaryAndBenefitDetails"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"month"}},{"kind":"Field","name":{"kind":"Name","value":"grossAmount"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"incomeProfile"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"asOfMonth"}},{"kind":"Field","name":{"kind":"Name","value":"monthsWithIncome"}},{"kind":"Field","name":{"kind":"Name","value":"complete"}}]}}]}}]}}]} as unknown as DocumentNode<LinkEmploymentsAndIncomeQuery, LinkEmploymentsAndIncomeQueryVariables>;
export const CreateLinkDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateLink"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateLinkInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createLink"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"LinkFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LinkFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Link"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"institution"}},{"kind":"Field","name":{"kind":"Name","value":"accessMode"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastAccessedAt"}},{"kind":"Field","name":{"kind":"Name","value":"externalId"}},{"kind":"Field","name":{"kind":"Name","value":"institutionUserId"}},{"kind":"Field","name":{"kind":"Name","value":"refreshRate"}},{"kind":"Field","name":{"kind":"Name","value":"credentialsStorage"}},{"kind":"Field","name":{"kind":"Name","value":"staleIn"}},{"kind":"Field","name":{"kind":"Name","value":"fetchResources"}}]}}]} as unknown as DocumentNode<CreateLinkMutation, CreateLinkMutationVariables>;
export const DeleteLinkDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteLink"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UUID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteLink"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}]}]}}]} as unknown as DocumentNode<DeleteLinkMutation, DeleteLinkMutationVariables>;
export const RefreshLinkDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RefreshLink"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UUID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"refreshLink"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"linkId"}},{"kind":"Field","name":{"kind":"Name","value":"requestId"}},{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}}]}}]}}]} as unknown as DocumentNode<RefreshLinkMutation, RefreshLinkMutationVariables>;
export const LinkWithDataDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"LinkWithData"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UUID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"createdAt"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateRange"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"link"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"LinkFields"}},{"kind":"Field","name":{"kind":"Name","value":"employments"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"createdAt"},"value":{"kind":"Variable","name":{"kind":"Name","value":"createdAt"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"EmploymentFields"}},{"kind":"Field","name":{"kind":"Name","value":"link"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"owners"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"OwnerFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LinkFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Link"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"institution"}},{"kind":"Field","name":{"kind":"Name","value":"accessMode"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastAccessedAt"}},{"kind":"Field","name":{"kind":"Name","value":"externalId"}},{"kind":"Field","name":{"kind":"Name","value":"institutionUserId"}},{"kind":"Field","name":{"kind":"Name","value":"refreshRate"}},{"kind":"Field","name":{"kind":"Name","value":"credentialsStorage"}},{"kind":"Field","name":{"kind":"Name","value":"staleIn"}},{"kind":"Field","name":{"kind":"Name","value":"fetchResources"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EmploymentFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Employment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"linkId"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"collectedAt"}},{"kind":"Field","name":{"kind":"Name","value":"employerData"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"idType"}},{"kind":"Field","name":{"kind":"Name","value":"idNumber"}},{"kind":"Field","name":{"kind":"Name","value":"economicActivityCode"}},{"kind":"Field","name":{"kind":"Name","value":"economicActivityCodeDescription"}},{"kind":"Field","name":{"kind":"Name","value":"contributorClassCode"}},{"kind":"Field","name":{"kind":"Name","value":"contributorClassCodeDescription"}},{"kind":"Field","name":{"kind":"Name","value":"contributorTypeCode"}},{"kind":"Field","name":{"kind":"Name","value":"contributorTypeDescription"}},{"kind":"Field","name":{"kind":"Name","value":"tenure"}}]}},{"kind":"Field","name":{"kind":"Name","value":"salaryAndBenefitDetails"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"month"}},{"kind":"Field","name":{"kind":"Name","value":"grossAmount"}},{"kind":"Field","name":{"kind":"Name","value":"netAmount"}},{"kind":"Field","name":{"kind":"Name","value":"employmentType"}},{"kind":"Field","name":{"kind":"Name","value":"employmentTypeAdditionalInfo"}},{"kind":"Field","name":{"kind":"Name","value":"parafiscalContribution"}},{"kind":"Field","name":{"kind":"Name","value":"salaryComprehensive"}},{"kind":"Field","name":{"kind":"Name","value":"salaryType"}},{"kind":"Field","name":{"kind":"Name","value":"pensionFundName"}},{"kind":"Field","name":{"kind":"Name","value":"healthcareProviderName"}},{"kind":"Field","name":{"kind":"Name","value":"statusChanges"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OwnerFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Owner"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"linkId"}},{"kind":"Field","name":{"kind":"Name","value":"internalIdentification"}},{"kind":"Field","name":{"kind":"Name","value":"collectedAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"phoneNumber"}},{"kind":"Field","name":{"kind":"Name","value":"address"}},{"kind":"Field","name":{"kind":"Name","value":"documentId"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"documentType"}},{"kind":"Field","name":{"kind":"Name","value":"documentNumber"}}]}}]}}]} as unknown as DocumentNode<LinkWithDataQuery, LinkWithDataQueryVariables>;
export const LinksPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"LinksPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"LinkFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"links"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"externalId"}}]}}]}}]}}]}}]} as unknown as DocumentNode<LinksPageQuery, LinksPageQueryVariables>;
export const LinksWithDataDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"LinksWithData"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"LinkFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"links"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"employments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"owners"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]} as unknown as DocumentNode<LinksWithDataQuery, LinksWithDataQueryVariables>;
export const EmploymentsOfLinkDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"EmploymentsOfLink"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"linkId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UUID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"createdAt"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateRange"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"employments"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"linkId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"linkId"}}},{"kind":"Argument","name":{"kind":"Name","value":"createdAt"},"value":{"kind":"Variable","name":{"kind":"Name","value":"createdAt"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"linkId"}}]}}]}}]} as unknown as DocumentNode<EmploymentsOfLinkQuery, EmploymentsOfLinkQueryVariables>;
export const OwnersOfLinkDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"OwnersOfLink"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"linkId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UUID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"owners"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"linkId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"linkId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]} as unknown as DocumentNode<OwnersOfLinkQuery, OwnersOfLinkQueryVariables>;
export const LinkStatusDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"LinkStatus"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UUID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"link"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<LinkStatusQuery, LinkStatusQueryVariables>;