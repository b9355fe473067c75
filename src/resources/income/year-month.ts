import { YEAR_MONTH_PATTERN } from '../../graphql-kit/scalars.js';

/*
 * Months as integers (year × 12 + month − 1), so a window is a range of numbers and "the month
 * after" is + 1, with no Date and no time zone in the way.
 */

/** The month's number, or undefined when the text is not `YYYY-MM` (Belvo's `month` is free text). */
export function monthIndex(text: string | null): number | undefined {
  if (text === null || !YEAR_MONTH_PATTERN.test(text)) return undefined;
  return Number(text.slice(0, 4)) * 12 + Number(text.slice(5, 7)) - 1;
}

export function monthText(index: number): string {
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}
