/**
 * Money, months and durations for people in Colombia. Amounts arrive as exact decimal strings
 * (docs/income.md, "Money and months") and are shown as they are: the integer part goes through
 * BigInt, never through a float that could round it.
 */
const GROUPING = new Intl.NumberFormat('es-CO', { maximumFractionDigits: 0 });

/** "1833333.33" → "$ 1.833.333,33"; "2357000" → "$ 2.357.000". */
export function formatMoney(amount: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount);
  if (!match) return amount;
  const [, sign = '', whole = '0', fraction] = match;
  const grouped = GROUPING.format(BigInt(whole));
  return `${sign}$ ${grouped}${fraction ? `,${fraction.padEnd(2, '0')}` : ''}`;
}

/** For chart axes: "$ 2,5 M". */
export function formatMoneyShort(value: number): string {
  if (value >= 1_000_000) {
    return `$ ${new Intl.NumberFormat('es-CO', { maximumFractionDigits: 1 }).format(value / 1_000_000)} M`;
  }
  if (value >= 1_000) return `$ ${Math.round(value / 1_000)} mil`;
  return `$ ${value}`;
}

const MONTH = new Intl.DateTimeFormat('en', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const MONTH_SHORT = new Intl.DateTimeFormat('en', { month: 'short', timeZone: 'UTC' });

const monthDate = (yearMonth: string) => new Date(`${yearMonth}-01T00:00:00Z`);

/** "2025-06" → "Jun 2025". */
export function formatMonth(yearMonth: string | null | undefined): string {
  if (!yearMonth || !/^\d{4}-\d{2}$/.test(yearMonth)) return '—';
  return MONTH.format(monthDate(yearMonth));
}

/** "2025-06" → "Jun", or "Jun 25" where the axis reaches a new year. */
export function formatMonthTick(yearMonth: string, withYear: boolean): string {
  const short = MONTH_SHORT.format(monthDate(yearMonth));
  return withYear ? `${short} ${yearMonth.slice(2, 4)}` : short;
}

/** 75 → "1 min 15 s". */
export function formatElapsed(seconds: number): string {
  const whole = Math.floor(seconds);
  if (whole < 60) return `${whole} s`;
  return `${Math.floor(whole / 60)} min ${whole % 60} s`;
}
