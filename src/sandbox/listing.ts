import type { Page } from '../belvo/contract/types.js';

/** Belvo-style list semantics: filter operators, page/page_size, fields/omit, absolute next URLs. */

const OPERATORS = ['gt', 'gte', 'lt', 'lte', 'range', 'in', 'icontains'] as const;
type Operator = (typeof OPERATORS)[number] | 'exact';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export class InvalidPage extends Error {}

/** A filter value Belvo refuses with a 400 (`invalid` on `field`) instead of answering an empty page. */
export class InvalidFilter extends Error {
  constructor(readonly field: string) {
    super(`Invalid value for ${field}.`);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The filters whose values Belvo validates: uuids for `link`, two dates for a `__range` of dates. */
function checkFilterValues(query: URLSearchParams, filterable: readonly string[]): void {
  for (const [key, value] of query) {
    const [field, op] = parseKey(key);
    if (!filterable.includes(field)) continue;
    if (field === 'link' && (op === 'exact' || op === 'in')) {
      if (!value.split(',').every((id) => UUID.test(id))) throw new InvalidFilter(key);
    }
    if (field === 'created_at' && op === 'range') {
      const days = value.split(',');
      if (days.length !== 2 || !days.every((day) => DAY.test(day) && !Number.isNaN(Date.parse(day)))) {
        throw new InvalidFilter(key);
      }
    }
  }
}

export function listPage<T extends object>(
  items: readonly T[],
  url: URL,
  filterable: readonly string[],
): Page<Partial<T>> {
  const query = url.searchParams;
  checkFilterValues(query, filterable);
  const matching = items.filter((item) => matchesFilters(item as Record<string, unknown>, query, filterable));
  const pageSize = Math.min(positiveInt(query.get('page_size')) ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const page = positiveInt(query.get('page')) ?? (query.has('page') ? NaN : 1);
  const pages = Math.max(1, Math.ceil(matching.length / pageSize));
  if (!Number.isInteger(page) || page > pages) throw new InvalidPage('Invalid page.');
  const results = matching
    .slice((page - 1) * pageSize, page * pageSize)
    .map((item) => selectKeys(item, query));
  const linkTo = (target: number) => {
    const next = new URL(url);
    next.searchParams.set('page', String(target));
    return next.toString();
  };
  return {
    count: matching.length,
    next: page < pages ? linkTo(page + 1) : null,
    previous: page > 1 ? linkTo(page - 1) : null,
    results,
  };
}

function matchesFilters(
  item: Record<string, unknown>,
  query: URLSearchParams,
  filterable: readonly string[],
) {
  for (const [key, value] of query) {
    const [field, op] = parseKey(key);
    if (!filterable.includes(field)) continue; // django-filter ignores unknown parameters
    if (!matches(item[field], op, value)) return false;
  }
  return true;
}

function parseKey(key: string): [string, Operator] {
  const at = key.lastIndexOf('__');
  if (at > 0) {
    const op = key.slice(at + 2);
    if ((OPERATORS as readonly string[]).includes(op)) return [key.slice(0, at), op as Operator];
  }
  return [key, 'exact'];
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function matches(actual: unknown, op: Operator, raw: string): boolean {
  if (actual === null || actual === undefined) return false;
  const list = raw.split(',');
  switch (op) {
    case 'exact':
      return compare(actual, raw) === 0;
    case 'in':
      return list.some((value) => compare(actual, value) === 0);
    case 'range':
      return (
        list.length === 2 &&
        compare(actual, list[0] as string) >= 0 &&
        compare(actual, list[1] as string) <= 0
      );
    case 'gt':
      return compare(actual, raw) > 0;
    case 'gte':
      return compare(actual, raw) >= 0;
    case 'lt':
      return compare(actual, raw) < 0;
    case 'lte':
      return compare(actual, raw) <= 0;
    case 'icontains':
      return String(actual).toLowerCase().includes(raw.toLowerCase());
  }
}

/** Dates given as `YYYY-MM-DD` compare against the calendar day of a timestamp (so ranges include the end day). */
function compare(actual: unknown, value: string): number {
  if (typeof actual === 'number') return actual - Number(value);
  const text = String(actual);
  if (DATE_ONLY.test(value) && /^\d{4}-\d{2}-\d{2}T/.test(text))
    return text.slice(0, 10).localeCompare(value);
  if (/^\d{4}-\d{2}-\d{2}T/.test(value)) return Date.parse(text) - Date.parse(value);
  return text === value ? 0 : text < value ? -1 : 1;
}

function selectKeys<T extends object>(item: T, query: URLSearchParams): Partial<T> {
  const fields = query.get('fields')?.split(',');
  const omit = query.get('omit')?.split(',');
  if (!fields && !omit) return item;
  return Object.fromEntries(
    Object.entries(item).filter(([key]) => (!fields || fields.includes(key)) && !omit?.includes(key)),
  ) as Partial<T>;
}

function positiveInt(raw: string | null): number | undefined {
  if (raw === null || !/^\d+$/.test(raw)) return undefined;
  const value = Number(raw);
  return value >= 1 ? value : undefined;
}
