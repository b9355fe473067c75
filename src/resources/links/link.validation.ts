import { badUserInput } from '../../errors/graphql-errors.js';
import { OTHER } from '../../graphql-kit/tolerant-enum.js';
import type { DateRange } from '../../graphql-kit/date-range.js';
import type { CreateLinkInput } from './link.inputs.js';

/*
 * Checked before anything reaches Belvo. Messages name the field and the rule, never the value:
 * a cédula must not come back in an error that a client may log.
 */

const CEDULA = /^[0-9]{6,10}$/;
const EXTERNAL_ID = /^[A-Za-z0-9_-]{3,256}$/;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{1,255}$/;
const DAYS = /^([1-9][0-9]{0,2})d$/;

const isDays = (value: string) => {
  const days = DAYS.exec(value)?.[1];
  return days !== undefined && Number(days) <= 365;
};

export function validateCreateLink(input: CreateLinkInput): void {
  if (!CEDULA.test(input.cedula)) {
    throw badUserInput(
      'cedula',
      'cedula must be 6 to 10 digits (0-9), without dots, spaces or other characters',
    );
  }
  if (input.externalId !== undefined && input.externalId !== null) {
    validateExternalId(input.externalId);
    if (input.externalId.includes(input.cedula)) {
      throw badUserInput('externalId', 'externalId must not contain personal data such as the cédula');
    }
  }
  if (
    input.idempotencyKey !== undefined &&
    input.idempotencyKey !== null &&
    !IDEMPOTENCY_KEY.test(input.idempotencyKey)
  ) {
    throw badUserInput(
      'idempotencyKey',
      'idempotencyKey must be 1 to 255 letters, digits, `_`, `-`, `.` or `:`',
    );
  }
  if (input.fetchResources.length === 0) {
    throw badUserInput('fetchResources', 'fetchResources must name at least one resource');
  }
  rejectOther([input.accessMode], 'accessMode');
  rejectOther(input.fetchResources, 'fetchResources');
  const storage = input.credentialsStorage;
  if (
    storage !== undefined &&
    storage !== null &&
    storage !== 'store' &&
    storage !== 'nostore' &&
    !isDays(storage)
  ) {
    throw badUserInput(
      'credentialsStorage',
      'credentialsStorage must be "store", "nostore" or "<N>d" with N from 1 to 365',
    );
  }
  if (input.staleIn !== undefined && input.staleIn !== null && !isDays(input.staleIn)) {
    throw badUserInput('staleIn', 'staleIn must be "<N>d" with N from 1 to 365');
  }
  const days = input.staleInDays;
  if (days !== undefined && days !== null) {
    if (input.staleIn != null) throw badUserInput('staleInDays', 'give staleInDays or staleIn, not both');
    if (days < 1 || days > 365) throw badUserInput('staleInDays', 'staleInDays must be from 1 to 365');
  }
}

/** OTHER only reports a value Belvo sent that the gateway does not know; it means nothing to Belvo. */
export function rejectOther(
  values: ReadonlyArray<string | null | undefined> | null | undefined,
  field: string,
): void {
  if (values?.includes(OTHER))
    throw badUserInput(field, `${field}: OTHER is only ever read, not accepted as input`);
}

export function validateExternalId(externalId: string): void {
  if (!EXTERNAL_ID.test(externalId)) {
    throw badUserInput('externalId', 'externalId must be 3 to 256 characters of letters, digits, "_" or "-"');
  }
}

export function validateDateRange(range: DateRange | null | undefined, field: string): void {
  if (range && range.from > range.to)
    throw badUserInput(field, `${field}.from must not be after ${field}.to`);
}
