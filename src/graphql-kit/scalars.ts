import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { DateTimeResolver, LocalDateResolver, UUIDResolver } from 'graphql-scalars';

/** The scalars the schema uses, named once so every file agrees. */
export const DateTime = DateTimeResolver;
export const UUID = UUIDResolver;
/** A calendar date, `YYYY-MM-DD`. */
export const LocalDate = LocalDateResolver;

/**
 * A string scalar whose values must match `pattern`, checked both ways: a value a client sends that
 * does not match is a validation error, and a value the gateway would send that does not match is a
 * bug caught at the edge (the field's error), never a malformed answer a client must guess at.
 */
function patternScalar(name: string, description: string, pattern: RegExp, example: string) {
  const checked = (value: unknown, fail: (message: string) => Error): string => {
    if (typeof value !== 'string' || !pattern.test(value)) {
      // The value itself is not echoed: scalars may carry what a person typed.
      throw fail(`${name} must be a string like "${example}"`);
    }
    return value;
  };
  return new GraphQLScalarType<string, string>({
    name,
    description,
    serialize: (value) => checked(value, (message) => new TypeError(message)),
    parseValue: (value) => checked(value, (message) => new GraphQLError(message)),
    parseLiteral: (ast: ValueNode) =>
      checked(ast.kind === Kind.STRING ? ast.value : undefined, (message) => new GraphQLError(message)),
    extensions: { jsonSchema: { type: 'string', pattern: pattern.source } },
  });
}

/** `YYYY-MM`, month 01 to 12. */
export const YEAR_MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

/** A calendar month, e.g. `2024-03` for March 2024 (PILA reports contributions by month). */
export const YearMonth = patternScalar(
  'YearMonth',
  'A calendar month, `YYYY-MM` (e.g. `2024-03` for March 2024), month 01 to 12. The unit PILA reports contributions in.',
  YEAR_MONTH_PATTERN,
  '2024-03',
);

/** An optional minus, digits, and optionally a point and more digits: no exponent, no `+`, no spaces. */
export const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;

/** An exact decimal number written as a string, so no client parses it into a binary float by accident. */
export const Decimal = patternScalar(
  'Decimal',
  'An exact decimal number as a string, e.g. `3500000` or `1234.5`: an optional minus, digits, optionally a point and more digits, no exponent (the gateway writes no trailing zeros after the point). A string so that no JSON parser rounds it; add amounts with a decimal library, not as floats.',
  DECIMAL_PATTERN,
  '3500000.5',
);
