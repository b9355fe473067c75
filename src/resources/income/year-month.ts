import { YEAR_MONTH_PATTERN } from '../../graphql-kit/scalars.js';

/*
 * Months as integers (year × 12 + month − 1), so a window is a range of numbers and "the month
 * after" is + 1, with no Date and no time zone in the way.
 */

/** PILA began in the 2000s: an earlier year is junk, and a window ending there would start before year 0. */
const FIRST_YEAR = 1900;

/** The month's number, or undefined when the text is not a `YYYY-MM` PILA could report (Belvo's `month` is free text). */
export function monthIndex(text: string | null): number | undefined {
  if (text === null || !YEAR_MONTH_PATTERN.test(text)) return undefined;
  const year = Number(text.slice(0, 4));
  return year < FIRST_YEAR ? undefined : year * 12 + Number(text.slice(5, 7)) - 1;
}

export function monthText(index: number): string {
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}
