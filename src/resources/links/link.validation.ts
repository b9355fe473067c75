import { badUserInput } from '../../errors/graphql-errors.js';
import { OTHER } from '../../graphql-kit/tolerant-enum.js';
import type { DateRange } from '../../graphql-kit/date-range.js';
import { userError, UserErrorCode, type UserError } from '../../graphql-kit/user-error.js';
import { AccessMode } from './link.enums.js';
import type { CreateLinkInput } from './link.inputs.js';

/*
 * Checked before anything reaches Belvo. Messages name the field and the rule, never the value:
 * a cédula must not come back in an error (or a user error) that a client may log. Mutations answer
 * their input's problems as user errors; queries, which have no payload, as BAD_USER_INPUT.
 */

const CEDULA = /^[0-9]{6,10}$/;
const EXTERNAL_ID = /^[A-Za-z0-9_-]{3,256}$/;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{1,255}$/;
const DAYS = /^([1-9][0-9]{0,2})d$/;

const inDays = (days: number) => days >= 1 && days <= 365;
const isDays = (value: string) => {
  const days = DAYS.exec(value)?.[1];
  return days !== undefined && inDays(Number(days));
};
const EXTERNAL_ID_RULE = 'externalId must be 3 to 256 characters of letters, digits, "_" or "-"';
const otherRule = (field: string) => `${field}: OTHER is only ever read, not accepted as input`;

/** Notes one problem of the input's `field`. */
type Problem = (field: string, code: UserErrorCode, message: string) => void;

/**
 * Every problem of a createLink input a person or a form can correct, all at once (a form marks
 * each field), as user errors under `input`. Empty when Belvo may be asked.
 */
export function createLinkProblems(input: CreateLinkInput): UserError[] {
  const problems: UserError[] = [];
  const problem: Problem = (field, code, message) =>
    problems.push(userError(['input', field], code, message));

  if (!CEDULA.test(input.cedula))
    problem(
      'cedula',
      UserErrorCode.INVALID,
      'cedula must be 6 to 10 digits (0-9), without dots, spaces or other characters',
    );
  if (input.externalId != null) {
    if (!EXTERNAL_ID.test(input.externalId)) problem('externalId', UserErrorCode.INVALID, EXTERNAL_ID_RULE);
    else if (input.externalId.includes(input.cedula))
      problem(
        'externalId',
        UserErrorCode.CONTAINS_PERSONAL_DATA,
        'externalId must not contain personal data such as the cédula',
      );
  }
  if (input.idempotencyKey != null && !IDEMPOTENCY_KEY.test(input.idempotencyKey))
    problem(
      'idempotencyKey',
      UserErrorCode.INVALID,
      'idempotencyKey must be 1 to 255 letters, digits, `_`, `-`, `.` or `:`',
    );
  problems.push(...fetchResourcesProblems(input.fetchResources, ['input', 'fetchResources']));
  if (input.accessMode === OTHER) problem('accessMode', UserErrorCode.INVALID, otherRule('accessMode'));
  credentialsStorageProblems(input, problem);
  if (input.staleIn != null && !isDays(input.staleIn))
    problem('staleIn', UserErrorCode.INVALID, 'staleIn must be "<N>d" with N from 1 to 365');
  if (input.staleInDays != null) {
    if (input.staleIn != null)
      problem('staleInDays', UserErrorCode.CONFLICT, 'give staleInDays or staleIn, not both');
    else if (!inDays(input.staleInDays))
      problem('staleInDays', UserErrorCode.INVALID, 'staleInDays must be from 1 to 365');
  }
  return problems;
}

/** A list of resources to extract: at least one, none of them OTHER. */
export function fetchResourcesProblems(
  resources: readonly string[] | null | undefined,
  field = ['fetchResources'],
): UserError[] {
  if (!resources) return [];
  if (resources.length === 0)
    return [userError(field, UserErrorCode.INVALID, 'fetchResources must name at least one resource')];
  if (resources.includes(OTHER))
    return [userError(field, UserErrorCode.INVALID, otherRule('fetchResources'))];
  return [];
}

function credentialsStorageProblems(input: CreateLinkInput, problem: Problem): void {
  const { credentialsStorage: legacy, storeCredentials: store, storeCredentialsForDays: days } = input;
  if (legacy != null) {
    if (store != null || days != null)
      problem(
        'credentialsStorage',
        UserErrorCode.CONFLICT,
        'give credentialsStorage or storeCredentials / storeCredentialsForDays, not both',
      );
    else if (legacy !== 'store' && legacy !== 'nostore' && !isDays(legacy))
      problem(
        'credentialsStorage',
        UserErrorCode.INVALID,
        'credentialsStorage must be "store", "nostore" or "<N>d" with N from 1 to 365',
      );
  }
  if (days != null) {
    if (store === false)
      problem(
        'storeCredentialsForDays',
        UserErrorCode.CONFLICT,
        'storeCredentialsForDays keeps the credentials; not with storeCredentials: false',
      );
    else if (!inDays(days))
      problem(
        'storeCredentialsForDays',
        UserErrorCode.INVALID,
        'storeCredentialsForDays must be from 1 to 365',
      );
  }
  const notStored =
    store === false ? 'storeCredentials' : legacy === 'nostore' ? 'credentialsStorage' : undefined;
  if (notStored && input.accessMode === AccessMode.RECURRENT)
    problem(
      notStored,
      UserErrorCode.CONFLICT,
      `${notStored} keeps no credentials, but a RECURRENT link needs them stored: store them, or use accessMode SINGLE`,
    );
}

/** OTHER only reports a value Belvo sent that the gateway does not know; it means nothing to Belvo. */
export function rejectOther(
  values: ReadonlyArray<string | null | undefined> | null | undefined,
  field: string,
): void {
  if (values?.includes(OTHER)) throw badUserInput(field, otherRule(field));
}

export function validateExternalId(externalId: string): void {
  if (!EXTERNAL_ID.test(externalId)) {
    throw badUserInput('externalId', EXTERNAL_ID_RULE);
  }
}

export function validateDateRange(range: DateRange | null | undefined, field: string): void {
  if (range && range.from > range.to)
    throw badUserInput(field, `${field}.from must not be after ${field}.to`);
}
