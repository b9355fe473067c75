/*
 * Exact decimal arithmetic for money, on BigInt: a value is `units / 10^scale`. Belvo sends amounts
 * as JSON numbers; summing them as floats drifts (100000.1 + 200000.2 is 300000.30000000005), so
 * each amount is read once as the decimal it was written as, and every sum after that is exact.
 * Only what money figures need: sum, compare, halve, divide with rounding, print.
 */

export interface DecimalValue {
  readonly units: bigint;
  readonly scale: number;
}

export const ZERO: DecimalValue = { units: 0n, scale: 0 };

const TEN = 10n;
const pow10 = (exponent: number) => TEN ** BigInt(exponent);

/**
 * The decimal a JSON number was written as. `String(number)` is the shortest text that reads back as
 * the same double, which is the literal Belvo sent for any amount with up to 15 significant digits.
 */
export function decimalFromNumber(value: number): DecimalValue {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(value));
  if (!match || !Number.isFinite(value)) throw new RangeError('not a finite number');
  const [, sign, whole, fraction = '', exponent = '0'] = match;
  let units = BigInt(`${whole}${fraction}`);
  let scale = fraction.length - Number(exponent);
  if (scale < 0) {
    units *= pow10(-scale);
    scale = 0;
  }
  return { units: sign ? -units : units, scale };
}

/** `value` with `scale` digits after the point (scale at least the value's own). */
const rescaled = (value: DecimalValue, scale: number): bigint => value.units * pow10(scale - value.scale);

export function add(a: DecimalValue, b: DecimalValue): DecimalValue {
  const scale = Math.max(a.scale, b.scale);
  return { units: rescaled(a, scale) + rescaled(b, scale), scale };
}

export const sum = (values: Iterable<DecimalValue>): DecimalValue => {
  let total = ZERO;
  for (const value of values) total = add(total, value);
  return total;
};

/** Negative, zero or positive as a is less than, equal to or greater than b. */
export function compare(a: DecimalValue, b: DecimalValue): number {
  const scale = Math.max(a.scale, b.scale);
  const difference = rescaled(a, scale) - rescaled(b, scale);
  return difference === 0n ? 0 : difference < 0n ? -1 : 1;
}

/** Exactly half (one more digit after the point is always enough). */
export const half = (value: DecimalValue): DecimalValue => ({
  units: (value.units * TEN) / 2n,
  scale: value.scale + 1,
});

/** `value / divisor` with `digits` digits after the point, halves rounded away from zero. */
export function divide(value: DecimalValue, divisor: bigint, digits: number): DecimalValue {
  if (divisor <= 0n) throw new RangeError('divisor must be positive');
  const numerator = value.scale <= digits ? rescaled(value, digits) : value.units;
  const denominator = value.scale <= digits ? divisor : divisor * pow10(value.scale - digits);
  const magnitude = numerator < 0n ? -numerator : numerator;
  const rounded = (magnitude * 2n + denominator) / (denominator * 2n);
  return { units: numerator < 0n ? -rounded : rounded, scale: digits };
}

/** Plain decimal text: no exponent, no trailing zeros after the point, `0` for zero (never `-0`). */
export function format(value: DecimalValue): string {
  if (value.units === 0n) return '0';
  const negative = value.units < 0n;
  const digits = (negative ? -value.units : value.units).toString().padStart(value.scale + 1, '0');
  const whole = digits.slice(0, digits.length - value.scale);
  const fraction = digits.slice(digits.length - value.scale).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}
