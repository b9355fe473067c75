/**
 * The GraphQL this app sends, and the shapes of the answers it reads (written by hand: a handful of
 * operations does not need a code generator). One selection for the data, so the push that ends the
 * wait and the query after a live addition fill the same view, pasted into both. The chart's
 * amounts sit 7 fields deep under linkReady, within the gateway's depth limit (GRAPHQL_MAX_DEPTH,
 * 8, counted in fields).
 */

const LINK_FIELDS = `
  {
    id
    accessMode
    owners {
      id
      displayName
      documentId { documentType documentNumber }
      email
      phoneNumber
      address
    }
    employments {
      id
      employerData { name idType idTypeRaw idNumber tenureMonths }
      salaryAndBenefitDetails { month gross { amount } }
    }
    incomeProfile(months: 24) {
      asOfMonth
      monthly {
        month
        gross { amount }
        sources { employerName employerIdTypeRaw employerIdNumber gross { amount } }
      }
      averageMonthlyGross { amount }
      medianMonthlyGross { amount }
      monthsWithIncome
      currentEmployments { id }
      gaps { from to months }
      complete
    }
  }
`;

export const CREATE_LINK = `
  mutation CreateLink($input: CreateLinkInput!) {
    createLink(input: $input) {
      link { id accessMode }
      userErrors { field code message }
    }
  }
`;

/** The wait: one push when every resource is extracted (or Belvo failed), with the data in it. */
export const LINK_READY = `
  subscription LinkReady($linkId: UUID!) {
    linkReady(linkId: $linkId) {
      outcome
      errorReason
      cursor
      link ${LINK_FIELDS}
    }
  }
`;

/** Recurrent links: a push each time Belvo finds new employments. */
export const NEW_EMPLOYMENTS = `
  subscription NewEmployments($linkId: UUID!, $afterCursor: String) {
    newEmploymentsAvailable(linkId: $linkId, afterCursor: $afterCursor) {
      cursor
      newCount
      employments { id employerData { name } }
    }
  }
`;

export const READ_LINK = `
  query ReadLink($id: UUID!) {
    link(id: $id) ${LINK_FIELDS}
  }
`;

export interface Money {
  amount: string;
}

export interface Owner {
  id: string;
  displayName: string | null;
  documentId: { documentType: string | null; documentNumber: string | null } | null;
  email: string | null;
  phoneNumber: string | null;
  address: string | null;
}

export interface Employment {
  id: string;
  employerData: {
    name: string | null;
    idType: string | null;
    idTypeRaw: string | null;
    idNumber: string | null;
    tenureMonths: number | null;
  } | null;
  salaryAndBenefitDetails: Array<{ month: string | null; gross: Money | null }>;
}

export interface IncomeSource {
  employerName: string | null;
  employerIdTypeRaw: string | null;
  employerIdNumber: string | null;
  gross: Money;
}

export interface MonthlyIncome {
  month: string;
  gross: Money;
  sources: IncomeSource[];
}

export interface IncomeProfile {
  asOfMonth: string | null;
  monthly: MonthlyIncome[];
  averageMonthlyGross: Money | null;
  medianMonthlyGross: Money | null;
  monthsWithIncome: number;
  currentEmployments: Array<{ id: string }>;
  gaps: Array<{ from: string; to: string; months: number }>;
  complete: boolean;
}

export interface LinkData {
  id: string;
  accessMode: string | null;
  /** A record Belvo sent malformed is null (with an error on its path): shown as missing. */
  owners: Array<Owner | null>;
  employments: Array<Employment | null>;
  incomeProfile: IncomeProfile;
}

export type LinkReadyOutcome = 'READY' | 'LINK_ERROR' | 'DELETED';

export interface LinkReadiness {
  outcome: LinkReadyOutcome;
  errorReason: 'INVALID_CREDENTIALS' | 'TOKEN_REQUIRED' | 'OTHER' | null;
  cursor: string;
  link: LinkData | null;
}

export interface NewEmployments {
  cursor: string;
  newCount: number | null;
  employments: Array<{ id: string; employerData: { name: string | null } | null } | null>;
}
