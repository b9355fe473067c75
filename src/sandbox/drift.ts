import { createHash } from 'node:crypto';

/*
 * The "contract_drift" fault: answers that are still within Belvo's contract, but at its edges —
 * what a careful reader must survive (docs/belvo-contract.md, "Reading Belvo's answers"):
 * - every field that may be null is null (even-indexed items, and single objects);
 * - enum-like fields carry values the gateway has never seen (odd-indexed items);
 * - unknown extra keys everywhere, and some optional keys missing;
 * - one malformed item per employments or owners list (a wrongly typed field), appended after the
 *   real items, so exactly one path fails.
 * It rewrites a copy of the answer; the simulator's own data is never touched.
 */

type Json = Record<string, unknown>;
type Kind = 'link' | 'employment' | 'owner' | 'accepted';

const EXTRA = { drift_note: 'a key this gateway has never seen', drift_version: 2 };

/** Rewrites a successful answer of `endpoint` (e.g. `/api/links/{id}/`); errors pass unchanged. */
export function contractDrift(endpoint: string, status: number, body: unknown): unknown {
  if (status >= 300 || body === undefined) return body;
  const kind = kindOf(endpoint);
  if (!kind) return body;
  const copy = structuredClone(body) as unknown;
  if (Array.isArray(copy)) return driftList(kind, copy);
  if (!isObject(copy)) return copy;
  if (Array.isArray(copy.results)) {
    const results = driftList(kind, copy.results);
    return { ...copy, ...EXTRA, count: results.length, results };
  }
  if (kind === 'accepted' || 'request_id' in copy) return { request_id: null, ...EXTRA };
  return drifted(kind, copy, 0);
}

function kindOf(endpoint: string): Kind | undefined {
  if (endpoint.endsWith('/refresh/')) return 'accepted';
  if (endpoint.startsWith('/api/links/')) return 'link';
  if (endpoint.startsWith('/api/co/employments/')) return 'employment';
  if (endpoint.startsWith('/api/owners/')) return 'owner';
  return undefined;
}

function driftList(kind: Kind, items: unknown[]): unknown[] {
  const out = items.map((item, index) => (isObject(item) ? drifted(kind, item, index) : item));
  const first = items[0];
  if ((kind === 'employment' || kind === 'owner') && isObject(first)) out.push(malformed(kind, first));
  return out;
}

function drifted(kind: Kind, item: Json, index: number): Json {
  const unknownValues = index % 2 === 1;
  switch (kind) {
    case 'link':
      return unknownValues
        ? {
            ...item,
            ...EXTRA,
            status: 'suspended',
            access_mode: 'hybrid',
            refresh_rate: '90d',
            fetch_resources: ['EMPLOYMENTS', 'INVOICES'],
          }
        : { ...nulled(item, ['id']), ...EXTRA, last_accessed_at: undefined };
    case 'employment':
      return unknownValues
        ? {
            ...item,
            ...EXTRA,
            employer_data: isObject(item.employer_data)
              ? { ...item.employer_data, ...EXTRA, id_type: 'RUT' }
              : item.employer_data,
            salary_and_benefit_details: rows(item).map((row) => ({
              ...row,
              ...EXTRA,
              month: `${String(row.month)}-01`, // a day added: text that is no longer a month
              employment_type: 'APPRENTICE',
              salary_type: 'MIXED',
              status_changes: ['FIRST_MONTH', 'SUSPENSION'],
            })),
          }
        : {
            ...nulled(item, ['id', 'link', 'employer_data', 'salary_and_benefit_details']),
            ...EXTRA,
            collected_at: undefined,
            employer_data: isObject(item.employer_data)
              ? { ...nulled(item.employer_data, []), ...EXTRA, tenure: undefined }
              : null,
            salary_and_benefit_details: rows(item).map((row) => ({
              ...nulled(row, []),
              status_changes: undefined,
            })),
          };
    case 'owner':
      return unknownValues
        ? {
            ...item,
            ...EXTRA,
            document_id: isObject(item.document_id)
              ? { ...item.document_id, document_type: 'TI' }
              : item.document_id,
          }
        : { ...nulled(item, ['id', 'link']), ...EXTRA, email: undefined };
    case 'accepted':
      return { request_id: null, ...EXTRA };
  }
}

/** A copy of a real item under a new id, with one field of the wrong JSON type. */
function malformed(kind: 'employment' | 'owner', item: Json): Json {
  const id = derivedId(String(item.id));
  if (kind === 'employment') {
    const employer = isObject(item.employer_data) ? item.employer_data : {};
    return { ...item, id, employer_data: { ...employer, tenure: 'twelve months' } };
  }
  return { ...item, id, document_id: 'CC' };
}

/** Every key null except those kept (JSON.stringify drops the `undefined` ones: missing keys). */
function nulled(item: Json, keep: readonly string[]): Json {
  return Object.fromEntries(Object.keys(item).map((key) => [key, keep.includes(key) ? item[key] : null]));
}

function rows(item: Json): Json[] {
  return Array.isArray(item.salary_and_benefit_details)
    ? item.salary_and_benefit_details.filter(isObject)
    : [];
}

function derivedId(id: string): string {
  const hex = createHash('sha256').update(`drift:${id}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
