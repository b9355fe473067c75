import { GraphQLError, parseValue } from 'graphql';
import { describe, expect, it } from 'vitest';
import { Decimal, YearMonth } from './scalars.js';

describe.each([
  [
    'YearMonth',
    YearMonth,
    ['2024-03', '1999-12', '2025-01'],
    ['2024-3', '2024-13', '2024-00', '2024-03-01', '', 202403],
  ],
  ['Decimal', Decimal, ['3500000', '1234.5', '-0.25', '0'], ['1e6', '+5', '1.', '.5', '1 000', 1234.5, null]],
])('the %s scalar', (_name, scalar, good, bad) => {
  it.each(good)('takes and gives %j', (value) => {
    expect(scalar.serialize(value)).toBe(value);
    expect(scalar.parseValue(value)).toBe(value);
    expect(scalar.parseLiteral(parseValue(JSON.stringify(value)))).toBe(value);
  });

  it.each(bad)('refuses %j in variables and literals, and never sends it', (value) => {
    expect(() => scalar.parseValue(value)).toThrow(GraphQLError);
    expect(() => scalar.parseLiteral(parseValue(JSON.stringify(value)))).toThrow(GraphQLError);
    expect(() => scalar.serialize(value)).toThrow(TypeError);
  });

  it('does not repeat the refused value in its message', () => {
    expect(() => scalar.parseValue('1020304050 María')).toThrow(/^(?!.*1020304050)/);
  });
});
