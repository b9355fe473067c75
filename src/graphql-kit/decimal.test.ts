import { describe, expect, it } from 'vitest';
import { add, compare, decimalFromNumber, divide, format, half, sum } from './decimal.js';

const d = decimalFromNumber;

describe('exact decimals for money', () => {
  it('adds amounts as written, where floats drift', () => {
    expect(100_000.1 + 200_000.2).not.toBe(300_000.3);
    expect(format(add(d(100_000.1), d(200_000.2)))).toBe('300000.3');
    expect(format(sum([d(0.1), d(0.2), d(0.3)]))).toBe('0.6');
  });

  it.each([
    [3_500_000, '3500000'],
    [1234.5, '1234.5'],
    [-12.25, '-12.25'],
    [0, '0'],
    [-0, '0'],
    [1e21, '1000000000000000000000'],
    [1.5e-7, '0.00000015'],
  ])('reads %d as %s', (value, text) => {
    expect(format(d(value))).toBe(text);
  });

  it('refuses what is not a finite number', () => {
    expect(() => d(Number.NaN)).toThrow(RangeError);
    expect(() => d(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('divides to the centavo, halves away from zero', () => {
    expect(format(divide(d(31_000_000.3), 12n, 2))).toBe('2583333.36');
    expect(format(divide(d(5_500_000), 3n, 2))).toBe('1833333.33');
    expect(format(divide(d(0.125), 1n, 2))).toBe('0.13');
    expect(format(divide(d(-0.125), 1n, 2))).toBe('-0.13');
    expect(format(divide(d(10), 4n, 2))).toBe('2.5');
  });

  it('halves exactly and compares across scales', () => {
    expect(format(half(d(1_000_000.3)))).toBe('500000.15');
    expect(compare(d(1.5), d(1.50001))).toBe(-1);
    expect(compare(d(2), d(2.0))).toBe(0);
    expect(compare(d(-1), d(0))).toBe(-1);
  });
});
