import { BelvoError } from '../../belvo/errors.js';
import { InputRefused, userError, UserErrorCode, type UserError } from '../../graphql-kit/user-error.js';

/**
 * A creation refused for its input, as the user error a form shows by the field: the institution
 * does not know the cédula (Belvo's `login_error`), or the idempotency key was used with another
 * input. Undefined for every other failure, which stays a top-level error with its code.
 */
export function creationRefused(error: unknown): UserError | undefined {
  if (error instanceof InputRefused) return error.userError;
  if (error instanceof BelvoError && error.belvoCode === 'login_error')
    return userError(
      ['input', 'cedula'],
      UserErrorCode.CEDULA_REFUSED,
      'The institution does not know this cédula or refused it; check the number with the person',
    );
  return undefined;
}
