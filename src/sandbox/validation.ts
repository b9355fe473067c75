import { INSTITUTION, type AccessMode, type FetchResource } from '../belvo/contract/types.js';

/** Belvo's validations for link bodies. Each failure is one entry of Belvo's error array. */

export interface ValidationFailure {
  code: string;
  message: string;
  field?: string;
}

export interface ValidLinkBody {
  username: string;
  access_mode: AccessMode;
  fetch_resources: FetchResource[];
  external_id: string | null;
  credentials_storage: string;
  /** Null on a single link created without one, as Belvo's Colombia guide shows. */
  stale_in: string | null;
}

const CEDULA = /^\d{6,10}$/;
const EXTERNAL_ID = /^[A-Za-z0-9_-]{3,256}$/;
const DAYS = /^([1-9]\d{0,2})d$/;
const RESOURCES: readonly FetchResource[] = ['EMPLOYMENTS', 'OWNERS'];

const fail = (code: string, message: string, field?: string): ValidationFailure => ({ code, message, field });

function requiredString(body: Record<string, unknown>, field: string): ValidationFailure | string {
  const value = body[field];
  if (value === undefined) return fail('required', 'This field is required.', field);
  if (value === null) return fail('null', 'This field may not be null.', field);
  if (typeof value !== 'string') return fail('invalid', 'Not a valid string.', field);
  if (value.trim() === '') return fail('blank', 'This field may not be blank.', field);
  return value;
}

function isDays(value: unknown): boolean {
  const days = typeof value === 'string' ? DAYS.exec(value)?.[1] : undefined;
  return days !== undefined && Number(days) <= 365;
}

export function validateCreateLink(input: unknown): ValidationFailure | ValidLinkBody {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return fail('invalid', 'Invalid data. Expected a dictionary.');
  }
  const body = input as Record<string, unknown>;
  const institution = requiredString(body, 'institution');
  if (typeof institution !== 'string') return institution;
  if (institution !== INSTITUTION)
    return fail('invalid', 'This institution is not available.', 'institution');
  const username = requiredString(body, 'username');
  if (typeof username !== 'string') return username;
  if (!CEDULA.test(username)) return fail('invalid', 'Enter a valid document number.', 'username');

  const accessMode = body.access_mode ?? 'recurrent';
  if (accessMode !== 'single' && accessMode !== 'recurrent') {
    return fail('invalid', 'Must be "single" or "recurrent".', 'access_mode');
  }
  const resources = validateFetchResources(body.fetch_resources);
  if (!Array.isArray(resources)) return resources;

  const externalId = body.external_id ?? null;
  if (externalId !== null && (typeof externalId !== 'string' || !EXTERNAL_ID.test(externalId))) {
    return fail('invalid', 'Must be 3 to 256 characters of letters, digits, "_" or "-".', 'external_id');
  }
  const storage = body.credentials_storage ?? (accessMode === 'recurrent' ? 'store' : '365d');
  if (storage !== 'store' && storage !== 'nostore' && !isDays(storage)) {
    return fail(
      'invalid_credentials_storage',
      'Must be "store", "nostore" or "<N>d" with N from 1 to 365.',
      'credentials_storage',
    );
  }
  // Belvo refuses, rather than silently fixes, a recurrent link that could never refresh.
  if (accessMode === 'recurrent' && storage === 'nostore') {
    return fail(
      'invalid_credentials_storage',
      'Recurrent links must store the credentials',
      'credentials_storage',
    );
  }
  const staleIn = body.stale_in ?? (accessMode === 'recurrent' ? '365d' : null);
  if (staleIn !== null && !isDays(staleIn)) {
    return fail('invalid', 'Must be "<N>d" with N from 1 to 365.', 'stale_in');
  }

  return {
    username,
    access_mode: accessMode,
    fetch_resources: resources,
    // Belvo nulls an external_id that looks like personal data; the cédula itself is the obvious case.
    external_id: typeof externalId === 'string' && externalId.includes(username) ? null : externalId,
    // Recurrent links keep their credentials (a number of days included) to refresh.
    credentials_storage: storage as string,
    stale_in: staleIn as string | null,
  };
}

export function validateFetchResources(value: unknown): ValidationFailure | FetchResource[] {
  if (value === undefined) return [...RESOURCES];
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    !value.every((item) => RESOURCES.includes(item as FetchResource))
  ) {
    // CONTRACT.md: code `invalid` on field `resources`, not `invalid_fetch_resources`.
    return fail('invalid', 'Must be a non-empty subset of EMPLOYMENTS, OWNERS.', 'resources');
  }
  return [...new Set(value as FetchResource[])];
}

export function validatePatchLink(input: unknown): ValidationFailure | Partial<ValidLinkBody> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return fail('invalid', 'Invalid data. Expected a dictionary.');
  }
  const body = input as Record<string, unknown>;
  const patch: Partial<ValidLinkBody> = {};
  if (body.access_mode !== undefined) {
    if (body.access_mode !== 'single' && body.access_mode !== 'recurrent') {
      return fail('invalid', 'Must be "single" or "recurrent".', 'access_mode');
    }
    patch.access_mode = body.access_mode;
  }
  if (body.fetch_resources !== undefined) {
    const resources = validateFetchResources(body.fetch_resources);
    if (!Array.isArray(resources)) return resources;
    patch.fetch_resources = resources;
  }
  if (body.stale_in !== undefined) {
    if (!isDays(body.stale_in)) return fail('invalid', 'Must be "<N>d" with N from 1 to 365.', 'stale_in');
    patch.stale_in = body.stale_in as string;
  }
  return patch;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (value: unknown): value is string =>
  typeof value === 'string' && DATE.test(value) && !Number.isNaN(Date.parse(value));

export interface RetrieveBody {
  link: string;
  save_data: boolean;
}

/** `POST /api/co/employments/` and `POST /api/owners/`: a link, optional dates (employments), save_data. */
export function validateRetrieve(
  input: unknown,
  today: string,
  withDates: boolean,
): ValidationFailure | RetrieveBody {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return fail('invalid', 'Invalid data. Expected a dictionary.');
  }
  const body = input as Record<string, unknown>;
  if (body.link === undefined) return fail('required', 'This field is required.', 'link');
  if (body.link === null) return fail('null', 'This field may not be null.', 'link');
  if (typeof body.link !== 'string' || !UUID.test(body.link)) {
    return fail('invalid', 'Must be a valid UUID.', 'link');
  }
  if (withDates) {
    for (const field of ['date_from', 'date_to'] as const) {
      if (body[field] !== undefined && !isDate(body[field])) {
        return fail('invalid', 'Date has wrong format. Use YYYY-MM-DD.', field);
      }
    }
    const from = body.date_from as string | undefined;
    const to = body.date_to as string | undefined;
    if (to !== undefined && to > today) return fail('invalid', 'date_to cannot be in the future.', 'date_to');
    if (from !== undefined && to !== undefined && from > to) {
      return fail('invalid', 'date_from must be before or equal to date_to.', 'date_from');
    }
  }
  if (body.save_data !== undefined && typeof body.save_data !== 'boolean') {
    return fail('invalid', 'Must be a valid boolean.', 'save_data');
  }
  return { link: body.link, save_data: body.save_data !== false };
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
