import type { TypePolicies } from '@apollo/client';

/**
 * Apollo Client's `InMemoryCache` type policies for this gateway's schema. Objects with an `id`
 * (`Link`, `Employment`, `Owner`, the events) are normalised by it, one entry each. The types
 * below have none on purpose: each is a value that belongs to the object holding it. An employer's
 * data is this person's employment with that employer (keying it by NIT would make two applicants
 * with one employer share a `tenureMonths`), a salary row is one month of one employment, an income
 * figure is one profile's. `merge: true` merges what a query and a push select of the same value,
 * instead of replacing one selection with the other: a push that selects only `employerData { name }`
 * would otherwise drop the `idNumber` a query read, and Apollo warns that cache data may be lost.
 *
 * `LinkConnection`, `LinkEdge` and `PageInfo` are pages of `links`, left to a pagination policy
 * (`relayStylePagination()` from `@apollo/client/utilities`) if you merge pages. The mutation
 * payloads (`CreateLinkPayload`, `DeleteLinkPayload`, `RefreshLinkPayload`) and their `UserError`s
 * are read once from the mutation's result; the `Link` in `CreateLinkPayload` is normalised. After
 * `deleteLink`, evict its `deletedLinkId`:
 * `cache.evict({ id: cache.identify({ __typename: 'Link', id: deletedLinkId }) })`.
 */
export const typePolicies: TypePolicies = {
  EmployerData: { merge: true },
  SalaryAndBenefitDetail: { merge: true },
  OwnerDocument: { merge: true },
  Money: { merge: true },
  IncomeProfile: { merge: true },
  MonthlyIncome: { merge: true },
  IncomeSource: { merge: true },
  IncomeGap: { merge: true },
  LinkReadiness: { merge: true },
  RefreshRequest: { merge: true },
};
