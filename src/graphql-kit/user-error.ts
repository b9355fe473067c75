import { Field, ObjectType, registerEnumType } from 'type-graphql';

/*
 * A mutation's answer to input a person can correct (a mistyped cédula, a number out of range):
 * data in its payload, next to the field it is about, so a form shows it without parsing error
 * strings. The gateway's and Belvo's failures stay top-level errors with a code.
 */

export const UserErrorCode = {
  INVALID: 'INVALID',
  CONFLICT: 'CONFLICT',
  CONTAINS_PERSONAL_DATA: 'CONTAINS_PERSONAL_DATA',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  CEDULA_REFUSED: 'CEDULA_REFUSED',
} as const;
export type UserErrorCode = (typeof UserErrorCode)[keyof typeof UserErrorCode];

registerEnumType(UserErrorCode, {
  name: 'UserErrorCode',
  description: 'What is wrong with an input field, for a form to react to without reading the message.',
  valuesConfig: {
    INVALID: {
      description: 'The value breaks the rule the message states (format, range, or an empty list).',
    },
    CONFLICT: {
      description:
        'The value contradicts another field of the input (both named in the message), e.g. `staleIn` beside `staleInDays`.',
    },
    CONTAINS_PERSONAL_DATA: {
      description:
        'A reference of yours contains personal data such as the cédula; it would be stored and logged.',
    },
    IDEMPOTENCY_KEY_REUSED: {
      description:
        'The idempotency key was already used with a different input: use a new key for a new attempt.',
    },
    CEDULA_REFUSED: {
      description:
        'The institution does not know the cédula or refused it (Belvo `login_error`): check the number with the person.',
    },
  },
});

@ObjectType({
  description:
    'A problem with the input that the person or the form can correct. The mutation changed nothing. The message names the field and the rule, never the value.',
})
export class UserError {
  @Field(() => [String], {
    description:
      'Path to the input field, e.g. `["input", "cedula"]`: the argument, then the field within it.',
  })
  field!: string[];

  @Field(() => UserErrorCode, { description: 'What is wrong, as a code.' })
  code!: UserErrorCode;

  @Field(() => String, { description: 'What is wrong, in English, for a developer or a form to show.' })
  message!: string;
}

export const userError = (field: string[], code: UserErrorCode, message: string): UserError => ({
  field,
  code,
  message,
});

/** Thrown below a mutation's resolver for input found wrong late (after a lookup); it answers `userError`. */
export class InputRefused extends Error {
  constructor(readonly userError: UserError) {
    super(userError.message);
    this.name = 'InputRefused';
  }
}
