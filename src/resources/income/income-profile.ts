import type { Item } from '../../belvo/client.js';
import { EMPLOYER_ID_TYPES } from '../../belvo/contract/schemas.js';
import type { BelvoEmployment } from '../../belvo/contract/types.js';
import { InvalidItemError } from '../../belvo/errors.js';
import {
  ZERO,
  add,
  compare,
  decimalFromNumber,
  divide,
  half,
  sum,
  type DecimalValue,
} from '../../graphql-kit/decimal.js';
import { pesos } from '../../graphql-kit/money.js';
import { known } from '../../graphql-kit/tolerant-enum.js';
import type { EmployerIdType } from '../employments/employment.enums.js';
import { toEmployment } from '../employments/employment.mapper.js';
import type { Employment } from '../employments/employment.type.js';
import type { IncomeGap, IncomeProfile, IncomeSource, MonthlyIncome } from './income-profile.type.js';
import { monthIndex, monthText } from './year-month.js';

/** The window's length: a year by default; Belvo keeps 24 months of rows. */
export const DEFAULT_INCOME_MONTHS = 12;
export const MAX_INCOME_MONTHS = 24;

/** One readable salary row, with the record it came from. */
interface Row {
  month: number;
  employer: string;
  record: BelvoEmployment;
  employment: Employment;
  gross: DecimalValue;
  net: DecimalValue;
  final: boolean;
}

/** Rows of one employer in one month, added up. */
interface SourceTotals {
  record: BelvoEmployment;
  employments: Employment[];
  gross: DecimalValue;
  net: DecimalValue;
}

/**
 * Two records with the same employer id are one employer (Belvo may split a job into records); a
 * record without a full id cannot be matched with any other.
 */
const employerKey = (record: BelvoEmployment): string => {
  const data = record.employer_data;
  return data?.id_type != null && data.id_number != null
    ? `${data.id_type.trim().toUpperCase()}:${String(data.id_number).trim()}`
    : `record:${record.id}`;
};

/** A valid record and its one GraphQL object, which every source and list naming it shares. */
interface ValidRecord {
  record: BelvoEmployment;
  employment: Employment;
}

/**
 * Every readable row of the valid records, and whether anything could not be counted. A month after
 * `latest` (this one) is unreadable: PILA reports past months, and one row dated 9999-12 would move
 * the whole window there.
 */
function readRows(
  records: ReadonlyArray<ValidRecord | InvalidItemError>,
  latest: number,
): {
  rows: Row[];
  complete: boolean;
} {
  const rows: Row[] = [];
  let complete = true;
  for (const entry of records) {
    if (entry instanceof InvalidItemError) {
      complete = false;
      continue;
    }
    const { record: item, employment } = entry;
    for (const row of item.salary_and_benefit_details ?? []) {
      if (row === null) continue; // Belvo's null entry says nothing: not a missing month.
      const read = monthIndex(row.month);
      const month = read !== undefined && read <= latest ? read : undefined;
      if (month === undefined || row.gross_amount === null || row.net_amount === null) complete = false;
      if (month === undefined) continue;
      rows.push({
        month,
        employer: employerKey(item),
        record: item,
        employment,
        gross: row.gross_amount === null ? ZERO : decimalFromNumber(row.gross_amount),
        net: row.net_amount === null ? ZERO : decimalFromNumber(row.net_amount),
        final: row.status_changes?.includes('FINAL_MONTH') ?? false,
      });
    }
  }
  return { rows, complete };
}

function sourcesOf(rows: Row[]): IncomeSource[] {
  const byEmployer = new Map<string, SourceTotals>();
  for (const row of rows) {
    const totals = byEmployer.get(row.employer);
    if (!totals) {
      byEmployer.set(row.employer, {
        record: row.record,
        employments: [row.employment],
        gross: row.gross,
        net: row.net,
      });
      continue;
    }
    if (!totals.employments.includes(row.employment)) totals.employments.push(row.employment);
    totals.gross = add(totals.gross, row.gross);
    totals.net = add(totals.net, row.net);
  }
  return [...byEmployer.values()].map(({ record, employments, gross, net }) => {
    const data = record.employer_data;
    return {
      employerName: employments.map((employment) => employment.employerData?.name).find(Boolean) ?? null,
      employerIdType: known<EmployerIdType>(EMPLOYER_ID_TYPES, data?.id_type ?? null),
      employerIdTypeRaw: data?.id_type ?? null,
      employerIdNumber: employments[0]?.employerData?.idNumber ?? null,
      employments,
      gross: pesos(gross),
      net: pesos(net),
    };
  });
}

/** Runs of months without income, oldest first. */
function gapsOf(months: ReadonlyArray<{ index: number; gross: DecimalValue }>): IncomeGap[] {
  const gaps: IncomeGap[] = [];
  let start: number | undefined;
  for (const [position, month] of months.entries()) {
    const idle = compare(month.gross, ZERO) <= 0;
    if (idle && start === undefined) start = month.index;
    const last = position === months.length - 1;
    if (start !== undefined && (!idle || last)) {
      const end = idle ? month.index : month.index - 1;
      gaps.push({ from: monthText(start), to: monthText(end), months: end - start + 1 });
      start = undefined;
    }
  }
  return gaps;
}

function median(values: DecimalValue[]): DecimalValue {
  const sorted = [...values].sort(compare);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? ZERO;
  return sorted.length % 2 === 1 ? upper : half(add(sorted[middle - 1] ?? ZERO, upper));
}

/**
 * The income view of a link from its employment records as Belvo sent them (`Item`s: a malformed
 * record is an error in its place), for a window of `months` months ending at the latest month any
 * row reports. Pure: the same records give the same figures.
 */
export function incomeProfile(
  items: ReadonlyArray<Item<BelvoEmployment>>,
  months: number,
  today: Date = new Date(),
): IncomeProfile {
  const records = items.map((item) =>
    item instanceof InvalidItemError ? item : { record: item, employment: toEmployment(item) },
  );
  const employments = records.map((entry) => (entry instanceof InvalidItemError ? entry : entry.employment));
  const { rows, complete } = readRows(records, today.getUTCFullYear() * 12 + today.getUTCMonth());
  const asOf = rows.length === 0 ? undefined : Math.max(...rows.map((row) => row.month));
  if (asOf === undefined) {
    return {
      asOfMonth: null,
      monthly: [],
      averageMonthlyGross: null,
      medianMonthlyGross: null,
      monthsWithIncome: 0,
      currentEmployments: [],
      gaps: [],
      complete,
      employments,
    };
  }
  const window = Array.from({ length: months }, (_, offset) => asOf - months + 1 + offset);
  const totals = window.map((index) => {
    const ofMonth = rows.filter((row) => row.month === index);
    return {
      index,
      rows: ofMonth,
      gross: sum(ofMonth.map((row) => row.gross)),
      net: sum(ofMonth.map((row) => row.net)),
    };
  });
  const monthly: MonthlyIncome[] = totals.map((month) => ({
    month: monthText(month.index),
    gross: pesos(month.gross),
    net: pesos(month.net),
    sources: sourcesOf(month.rows),
  }));
  const grossByMonth = totals.map((month) => month.gross);
  return {
    asOfMonth: monthText(asOf),
    monthly,
    averageMonthlyGross: pesos(divide(sum(grossByMonth), BigInt(months), 2)),
    medianMonthlyGross: pesos(median(grossByMonth)),
    monthsWithIncome: grossByMonth.filter((gross) => compare(gross, ZERO) > 0).length,
    currentEmployments: currentEmployments(rows.filter((row) => row.month === asOf)),
    gaps: gapsOf(totals),
    complete,
    employments,
  };
}

/** Records paid in the last month that did not end in it, in Belvo's order. */
function currentEmployments(lastMonth: Row[]): Employment[] {
  const byRecord = new Map<Employment, { gross: DecimalValue; final: boolean }>();
  for (const row of lastMonth) {
    const seen = byRecord.get(row.employment) ?? { gross: ZERO, final: false };
    byRecord.set(row.employment, { gross: add(seen.gross, row.gross), final: seen.final || row.final });
  }
  return [...byRecord]
    .filter(([, record]) => compare(record.gross, ZERO) > 0 && !record.final)
    .map(([employment]) => employment);
}
